package io.crosscheck.articles;

import io.crosscheck.audit.Audit;
import io.crosscheck.common.Page;
import io.crosscheck.common.PageRequest;
import io.crosscheck.common.ProblemException;
import io.crosscheck.sources.Source;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Stores articles (normalised, hashed, de-duplicated per source) and finds them. */
@ApplicationScoped
public class ArticleService {

    @Inject
    EntityManager em;

    @Inject
    Audit audit;

    @Transactional
    public Article create(ArticleRequest request, long actorId) {
        long sourceId = resolveSource(request);
        NewArticle article = NewArticle.of(sourceId, request.title(), request.text(), request.url(),
                request.publishedAt(), request.storyKey());
        Optional<Long> stored = insertIfNew(article);
        if (stored.isEmpty()) {
            Long existingId = findDuplicate(article).orElse(null);
            throw ProblemException.conflict("This source already has an article with the same text")
                    .with("existingId", existingId);
        }
        audit.record(actorId, "create", "article", stored.get(), null, Map.of("sourceId", sourceId));
        return Article.findById(stored.get());
    }

    private long resolveSource(ArticleRequest request) {
        if (request.sourceId() != null) {
            if (Source.findById(request.sourceId()) == null) {
                throw ProblemException.unprocessable("sourceId", "source " + request.sourceId() + " does not exist");
            }
            return request.sourceId();
        }
        return Source.findByName(request.sourceName())
                .orElseThrow(() -> ProblemException.unprocessable("sourceName",
                        "no source named '" + request.sourceName() + "'"))
                .id;
    }

    /**
     * Inserts unless the source already has this text; returns the new id, or empty for a duplicate. ON CONFLICT
     * keeps two concurrent writers of the same text from turning a duplicate into an error.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Long> insertIfNew(NewArticle a) {
        @SuppressWarnings("unchecked")
        List<Number> ids = em.unwrap(org.hibernate.Session.class).createNativeQuery(
                        "insert into article (source_id, title, text, length, sha256, url, published_at, story_key) "
                                + "values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                                + "on conflict on constraint article_source_text_unique do nothing returning id")
                .setParameter(1, a.sourceId(), Long.class)
                .setParameter(2, a.title(), String.class)
                .setParameter(3, a.text(), String.class)
                .setParameter(4, a.length(), Integer.class)
                .setParameter(5, a.sha256(), String.class)
                .setParameter(6, a.url(), String.class)
                .setParameter(7, a.publishedAt(), java.time.OffsetDateTime.class)
                .setParameter(8, a.storyKey(), String.class)
                .getResultList();
        return ids.isEmpty() ? Optional.empty() : Optional.of(ids.get(0).longValue());
    }

    public Optional<Long> findDuplicate(NewArticle a) {
        return Article.<Article>find("sourceId = ?1 and sha256 = ?2", a.sourceId(), a.sha256())
                .firstResultOptional().map(x -> x.id);
    }

    public Article get(long id) {
        return Article.<Article>findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("Article", id));
    }

    public Page<Article> list(Long sourceId, String storyKey, PageRequest page) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (sourceId != null) {
            where.add("sourceId = :sourceId");
            params.and("sourceId", sourceId);
        }
        if (storyKey != null) {
            where.add("storyKey = :storyKey");
            params.and("storyKey", storyKey);
        }
        var query = where.isEmpty()
                ? Article.<Article>findAll(Sort.by("id"))
                : Article.<Article>find(String.join(" and ", where), Sort.by("id"), params);
        return new Page<>(query.page(page.page, page.size).list(), page.page, page.size, query.count());
    }
}
