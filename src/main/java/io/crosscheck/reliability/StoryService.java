package io.crosscheck.reliability;

import io.crosscheck.common.ProblemException;
import io.crosscheck.database.ReadDatabase;
import io.crosscheck.work.CurrentGold.GoldRow;
import io.crosscheck.work.CurrentGold;
import io.crosscheck.work.ProjectWork.ItemInfo;
import io.crosscheck.work.SubmittedWork;
import io.crosscheck.work.WorkLayer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The story view: for the project's articles sharing a storyKey, the gold claims (claims layer) matched across
 * versions with {@link ClaimMatcher} (single-link: a claim joins a group when it matches any claim in it), which
 * versions carry each claim, and which claims only one version carries.
 */
@ApplicationScoped
public class StoryService {

    @Inject
    SubmittedWork work;

    @Inject
    CurrentGold currentGold;

    @Inject
    EntityManager em;

    @Inject
    ReadDatabase reads;

    /** One version (article) of the story. */
    public record Version(long articleId, String title, long sourceId, String source, boolean adjudicated,
                          int claims) {
    }

    /** One occurrence of a claim in one version's gold. */
    public record Occurrence(long articleId, String source, String label, int start, int end, String quote) {
    }

    /**
     * A claim across versions: the versions whose gold marks it, those whose text contains its wording without the
     * gold marking it, and whether only one version's gold has it.
     */
    public record Claim(String quote, List<String> labels, List<Long> inVersions, List<Long> textAlsoIn,
                        boolean singleVersion, List<Occurrence> occurrences) {
    }

    /** The story view. */
    public record Story(String storyKey, String claimsLayer, double matchThreshold, List<Version> versions,
                        List<Claim> claims, List<Claim> singleVersionClaims) {
    }

    @Transactional
    public Story story(long projectId, String storyKey) {
        if (!work.projectExists(projectId)) {
            throw ProblemException.notFound("Project", projectId);
        }
        // one story's items and their gold, never the project's work
        List<ItemInfo> items = work.storyItems(projectId, storyKey);
        if (items.isEmpty()) {
            throw ProblemException.notFound("Story in this project", storyKey);
        }
        WorkLayer claims = work.layers(projectId).stream()
                .filter(l -> l.name().equals(SourceReportService.CLAIMS) && l.isSpan()).findFirst().orElse(null);
        Map<Long, ItemInfo> byArticle = new LinkedHashMap<>();
        items.forEach(i -> byArticle.put(i.articleId(), i));
        List<GoldRow> gold = claims == null ? List.of() : currentGold.articles(projectId, byArticle.keySet()).stream()
                .filter(g -> g.layerId() == claims.id() && g.start() != null && byArticle.containsKey(g.articleId()))
                .toList();

        List<List<GoldRow>> groups = new ArrayList<>();
        for (GoldRow g : gold) {
            List<List<GoldRow>> joined = groups.stream()
                    .filter(group -> group.stream().anyMatch(o -> ClaimMatcher.same(o.quote(), g.quote()))).toList();
            List<GoldRow> merged = new ArrayList<>();
            joined.forEach(merged::addAll);
            merged.add(g);
            groups.removeAll(joined);
            groups.add(merged);
        }
        Map<Long, String> texts = texts(byArticle.keySet());
        List<Claim> out = new ArrayList<>();
        for (List<GoldRow> group : groups) {
            group.sort(java.util.Comparator.comparingLong(GoldRow::articleId).thenComparingInt(GoldRow::start));
            TreeSet<Long> in = new TreeSet<>();
            TreeSet<String> labels = new TreeSet<>();
            group.forEach(g -> {
                in.add(g.articleId());
                labels.add(g.label());
            });
            List<Long> alsoIn = byArticle.keySet().stream().filter(a -> !in.contains(a))
                    .filter(a -> group.stream().anyMatch(g -> ClaimMatcher.occursIn(g.quote(), texts.get(a)))).toList();
            out.add(new Claim(group.get(0).quote(), List.copyOf(labels), List.copyOf(in), alsoIn, in.size() == 1,
                    group.stream().map(g -> new Occurrence(g.articleId(), byArticle.get(g.articleId()).source(),
                            g.label(), g.start(), g.end(), g.quote())).toList()));
        }
        out.sort(java.util.Comparator.comparingInt((Claim c) -> -c.inVersions().size())
                .thenComparing(c -> c.inVersions().get(0)).thenComparing(c -> c.occurrences().get(0).start()));
        List<Version> versions = items.stream().map(i -> new Version(i.articleId(), i.title(), i.sourceId(), i.source(),
                i.adjudicated(), (int) gold.stream().filter(g -> g.articleId() == i.articleId()).count())).toList();
        return new Story(storyKey, claims == null ? null : SourceReportService.CLAIMS, ClaimMatcher.THRESHOLD, versions,
                out, out.stream().filter(Claim::singleVersion).toList());
    }

    private Map<Long, String> texts(java.util.Collection<Long> articleIds) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = reads.session(em).createNativeQuery("select id, text from article where id = any(?1)", Object[].class)
                .setParameter(1, articleIds.toArray(Long[]::new)).getResultList();
        Map<Long, String> out = new LinkedHashMap<>();
        rows.forEach(r -> out.put(((Number) r[0]).longValue(), (String) r[1]));
        return out;
    }
}
