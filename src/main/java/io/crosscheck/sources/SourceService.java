package io.crosscheck.sources;

import io.crosscheck.audit.Audit;
import io.crosscheck.common.CodePoints;
import io.crosscheck.common.Page;
import io.crosscheck.common.PageRequest;
import io.crosscheck.common.ProblemException;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Map;

/** Creates and lists sources; names are unique. */
@ApplicationScoped
public class SourceService {

    public static final String DEFAULT_KIND = "outlet";

    @Inject
    Audit audit;

    @Transactional
    public Source create(String name, String domain, String kind, List<String> redact, long actorId) {
        Source existing = Source.findByName(name).orElse(null);
        if (existing != null) {
            throw ProblemException.conflict("A source named '" + name + "' already exists").with("existingId", existing.id);
        }
        Source source = new Source();
        source.name = name;
        source.domain = domain;
        source.kind = kind == null ? DEFAULT_KIND : kind;
        source.redact = redactStrings(redact);
        source.persistAndFlush();
        audit.record(actorId, "create", "source", source.id, null, Map.of("name", name));
        return source;
    }

    @Transactional
    public Source update(long id, String name, String domain, String kind, List<String> redact, long actorId) {
        Source source = get(id);
        Source other = Source.findByName(name).orElse(null);
        if (other != null && !other.id.equals(source.id)) {
            throw ProblemException.conflict("A source named '" + name + "' already exists").with("existingId", other.id);
        }
        source.name = name;
        source.domain = domain;
        source.kind = kind == null ? DEFAULT_KIND : kind;
        source.redact = redactStrings(redact);
        source.persistAndFlush();
        audit.record(actorId, "update", "source", source.id, null, Map.of("name", name, "redact", List.of(source.redact)));
        return source;
    }

    /** Trimmed, NFC (the form article texts are stored in), without repeats. */
    static String[] redactStrings(List<String> redact) {
        if (redact == null) {
            return new String[0];
        }
        return redact.stream().map(s -> CodePoints.nfc(s.strip())).distinct().toArray(String[]::new);
    }

    /** The source with this name, created as an outlet when it does not exist yet (bulk imports name sources). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Source findOrCreate(String name) {
        return Source.findByName(name).orElseGet(() -> {
            Source source = new Source();
            source.name = name;
            source.kind = DEFAULT_KIND;
            source.persistAndFlush();
            return source;
        });
    }

    public Source get(long id) {
        return Source.<Source>findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("Source", id));
    }

    public Page<Source> list(PageRequest page) {
        var query = Source.<Source>findAll(Sort.by("id"));
        return new Page<>(query.page(page.page, page.size).list(), page.page, page.size, query.count());
    }
}
