package io.crosscheck.articles;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosscheck.audit.Audit;
import io.crosscheck.common.NdjsonLines;
import io.crosscheck.common.ImportReport;
import io.crosscheck.sources.Source;
import io.crosscheck.sources.SourceService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Validator;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * NDJSON article import. Every line is parsed and validated on its own; good lines are stored, bad ones reported with
 * their line number. One transaction: a failure of the store itself, or of reading the body, rolls back everything,
 * never half a file.
 */
@ApplicationScoped
public class ArticleImport {

    @Inject
    ObjectMapper json;

    @Inject
    Validator validator;

    @Inject
    ArticleService articles;

    @Inject
    SourceService sources;

    @Inject
    Audit audit;

    /**
     * Rolls back on any exception, checked ones included: a body that breaks off (an {@link IOException}) or runs past
     * the limit must leave nothing of the lines read before it (JTA would otherwise commit on a checked exception).
     */
    @Transactional(rollbackOn = Exception.class)
    public ImportReport importNdjson(InputStream body, long actorId) throws IOException {
        ImportReport report = new ImportReport();
        Map<String, Long> sourceIds = new HashMap<>();
        NdjsonLines.forEach(body, json, ArticleRequest.class, validator, report, (lineNumber, line) -> {
            long sourceId;
            if (line.sourceId() != null) {
                if (Source.findById(line.sourceId()) == null) {
                    report.fail(lineNumber, "sourceId: source " + line.sourceId() + " does not exist");
                    return;
                }
                sourceId = line.sourceId();
            } else {
                sourceId = sourceIds.computeIfAbsent(line.sourceName(), name -> sources.findOrCreate(name).id);
            }
            NewArticle article = NewArticle.of(sourceId, line.title(), line.text(), line.url(), line.publishedAt(),
                    line.storyKey());
            if (articles.insertIfNew(article).isPresent()) {
                report.created();
            } else {
                report.duplicate();
            }
        });
        audit.record(actorId, "import", "article", null, null,
                Map.of("created", report.getCreated(), "duplicates", report.getDuplicates(), "failed", report.getFailed()));
        return report;
    }
}
