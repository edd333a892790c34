package io.crosscheck.annotations.imports;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosscheck.annotations.AnnotationImport;
import io.crosscheck.annotations.AnnotationImportReport;
import io.crosscheck.annotations.LayerRules;
import io.crosscheck.common.CrosscheckConfig;
import io.crosscheck.common.ProblemException;
import io.crosscheck.projects.ProjectService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Validator;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Annotation imports in every format: the parameters are checked against the project before the body is read, the
 * format's reader turns the body into lines (no database involved, so a slow or aborted upload holds no transaction),
 * and {@link AnnotationImport#importLines} checks and stores them in one transaction. {@link #run} is the whole import
 * as a function of (body, options, report), for a job runner as much as for the HTTP endpoint.
 */
@ApplicationScoped
public class AnnotationImports {

    /** Content types each format accepts (a zip wherever the tool exports one file per annotator). */
    private static final Map<ImportFormat, Set<String>> TYPES = Map.of(
            ImportFormat.CROSSCHECK, Set.of("application/x-ndjson"),
            ImportFormat.LABELSTUDIO, Set.of("application/json"),
            ImportFormat.DOCCANO, Set.of("application/x-ndjson", "application/jsonl", "application/json", "application/zip",
                    "application/octet-stream", "text/plain"),
            ImportFormat.WEBANNO_TSV, Set.of("text/tab-separated-values", "text/plain", "application/zip",
                    "application/octet-stream"),
            ImportFormat.W3C, Set.of("application/ld+json", "application/json"),
            ImportFormat.CONLL, Set.of("text/plain", "application/zip", "application/octet-stream"));

    @Inject
    AnnotationImport store;

    @Inject
    ProjectService projects;

    @Inject
    ObjectMapper json;

    @Inject
    Validator validator;

    @Inject
    CrosscheckConfig config;

    /** An import ready to read its body: the format and the checked options. */
    public record Plan(long projectId, ImportFormat format, ImportOptions options) {
    }

    /** {@link #plan(long, String, String, String, String, List, String, String)} of the request's parameters. */
    public Plan plan(long projectId, ImportQuery q) {
        return plan(projectId, q.format, q.contentType, q.source, q.annotator, q.layer, q.labelMap, q.offsets);
    }

    /** Checks format, content type and parameters; 404 for no project, 415 for a wrong type, 400 for a bad parameter. */
    @Transactional
    public Plan plan(long projectId, String format, String contentType, String source, String annotator,
                     List<String> layer, String labelMap, String offsets) {
        LayerRules rules = LayerRules.of(projects.get(projectId), config.limits().attributeString());
        ImportFormat f = ImportFormat.parse(format);
        String type = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (!TYPES.get(f).contains(type)) {
            throw new ProblemException(415, "Unsupported Media Type", "format=" + f.parameter + " takes "
                    + String.join(" or ", TYPES.get(f).stream().sorted().toList()) + ", not '" + type + "'");
        }
        return new Plan(projectId, f, ImportOptions.parse(rules, source, annotator, layer, labelMap, offsets));
    }

    /** Reads the whole body with the format's reader, then stores what it read (all in one transaction). */
    public AnnotationImportReport run(Plan plan, InputStream body, AnnotationImportReport report, long actorId)
            throws IOException {
        List<ImportLine> lines = new ArrayList<>();
        reader(plan.format()).read(body, plan.options(), report, lines::add);
        return store.importLines(plan.projectId(), plan.format(), lines, plan.options(), report, actorId);
    }

    /**
     * {@link #run} with {@code beforeCommit} inside the store's transaction, after the store: an import job marks
     * itself done there, so the annotations and the job's result commit together or not at all.
     */
    public AnnotationImportReport run(Plan plan, InputStream body, AnnotationImportReport report, long actorId,
                                      java.util.function.Consumer<AnnotationImportReport> beforeCommit) throws IOException {
        List<ImportLine> lines = new ArrayList<>();
        reader(plan.format()).read(body, plan.options(), report, lines::add);
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> {
            AnnotationImportReport stored = store.importLines(plan.projectId(), plan.format(), lines, plan.options(),
                    report, actorId);
            beforeCommit.accept(stored);
            return stored;
        });
    }

    private FormatReader reader(ImportFormat format) {
        long maxInflated = config.limits().bulkBody().asLongValue();
        return switch (format) {
            case CROSSCHECK -> new CrosscheckReader(json, validator);
            case LABELSTUDIO -> new LabelStudioReader(json);
            case DOCCANO -> new DoccanoReader(json, maxInflated);
            case WEBANNO_TSV -> new WebannoTsvReader(maxInflated);
            case W3C -> new W3cReader(json);
            case CONLL -> new ConllReader(maxInflated);
        };
    }
}
