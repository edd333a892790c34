package io.crosscheck.articles;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosscheck.audit.Audit;
import io.crosscheck.common.ImportReport;
import io.crosscheck.common.NdjsonLines;
import io.crosscheck.sources.Source;
import io.crosscheck.sources.SourceService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Validator;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * NDJSON article import. Every line is parsed and validated on its own; good lines are stored, bad ones reported with
 * their line number. The whole body is read before the one transaction that stores it begins: a slow upload holds no
 * database connection, and a body that breaks off, is cut or runs past the limit (an exception while reading) stores
 * nothing. A failure of the store itself rolls everything back, never half a file.
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

    /** A line that parsed and validated, waiting for the store. */
    private record Line(int number, ArticleRequest article) {
    }

    public ImportReport importNdjson(InputStream body, long actorId) throws IOException {
        return importNdjson(body, actorId, report -> {
        });
    }

    /**
     * The import with {@code beforeCommit} run inside the store's transaction, after the store: an import job marks
     * itself done there, so the articles and the job's result commit together or not at all.
     */
    public ImportReport importNdjson(InputStream body, long actorId, java.util.function.Consumer<ImportReport> beforeCommit)
            throws IOException {
        ImportReport report = new ImportReport();
        List<Line> lines = new ArrayList<>();
        NdjsonLines.forEach(body, json, ArticleRequest.class, validator, report,
                (lineNumber, line) -> lines.add(new Line(lineNumber, line)));
        // Rolls back on any exception the store throws (QuarkusTransaction's default).
        QuarkusTransaction.requiringNew().run(() -> {
            store(lines, report, actorId);
            beforeCommit.accept(report);
        });
        return report;
    }

    private void store(List<Line> lines, ImportReport report, long actorId) {
        Map<String, Long> sourceIds = new HashMap<>();
        for (Line l : lines) {
            ArticleRequest line = l.article();
            long sourceId;
            if (line.sourceId() != null) {
                if (Source.findById(line.sourceId()) == null) {
                    report.fail(l.number(), "sourceId: source " + line.sourceId() + " does not exist");
                    continue;
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
        }
        audit.record(actorId, "import", "article", null, null,
                Map.of("created", report.getCreated(), "duplicates", report.getDuplicates(), "failed", report.getFailed()));
    }
}
