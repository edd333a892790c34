package io.crosscheck.annotations;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosscheck.annotations.imports.ArticleRef;
import io.crosscheck.annotations.imports.ArticleResolver;
import io.crosscheck.annotations.imports.CrosscheckReader;
import io.crosscheck.annotations.imports.ImportFormat;
import io.crosscheck.annotations.imports.ImportLine;
import io.crosscheck.annotations.imports.ImportOptions;
import io.crosscheck.audit.Audit;
import io.crosscheck.common.CrosscheckConfig;
import io.crosscheck.common.Problem;
import io.crosscheck.common.ProblemException;
import io.crosscheck.projects.MemberService;
import io.crosscheck.projects.Project;
import io.crosscheck.projects.ProjectService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.Validator;
import org.hibernate.Session;

import java.io.IOException;
import java.io.InputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * NDJSON annotation import: loads existing labeled datasets (one annotation a line, annotators by name) as submitted
 * work. Every line is checked in Java against the layer schema and the article before anything is written, then
 * everything is written with a handful of bulk statements in one transaction: bad lines are reported and skipped,
 * good lines are all stored, and the database never sees a row it would refuse.
 */
@ApplicationScoped
public class AnnotationImport {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    @Inject
    io.crosscheck.work.ItemFigureStore figures;

    @Inject
    ObjectMapper json;

    @Inject
    Validator validator;

    @Inject
    ProjectService projects;

    @Inject
    AnnotationWriter writer;

    @Inject
    MemberService members;

    @Inject
    EntityManager em;

    @Inject
    Audit audit;

    @Inject
    CrosscheckConfig config;

    @Inject
    ArticleResolver articleResolver;

    private static final java.util.regex.Pattern ANNOTATOR_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9._@-]{1,100}");

    /** A line that passed every rule, with its article id (known once new texts are stored) and annotator. */
    private record Accepted(int lineNumber, ArticleRef article, long articleId, String annotator, LayerRules.Checked checked) {

        Accepted withArticleId(long id) {
            return new Accepted(lineNumber, article, id, annotator, checked);
        }
    }

    /** (item, annotator): one assignment. */
    private record Pair(long itemId, long annotatorId) {
    }

    private record SpanKey(Pair pair, long layerId, String label, int start, int end, Map<String, Object> attributes) {
    }

    private record DocKey(Pair pair, long layerId) {
    }

    private record DocValue(String label, Map<String, Object> attributes) {
    }

    private record Item(long id, long articleId) {
    }

    private record ExistingAssignment(long id, boolean imported, String status) {
    }

    /** The NDJSON import (format {@code crosscheck}): a thin case of {@link #importLines}. */
    public AnnotationImportReport importNdjson(long projectId, InputStream body, long actorId) throws IOException {
        AnnotationImportReport report = new AnnotationImportReport();
        List<ImportLine> lines = new ArrayList<>();
        new CrosscheckReader(json, validator).read(body, ImportOptions.none(), report, lines::add);
        return importLines(projectId, ImportFormat.CROSSCHECK, lines, ImportOptions.none(), report, actorId);
    }

    /**
     * Stores the lines a format reader produced, in one transaction: every line is checked (article, annotator, layer,
     * label, offsets, quote) before anything is written; bad lines are reported, good ones stored together with the
     * articles they need. Every format reaches the database through here.
     */
    @Transactional
    public AnnotationImportReport importLines(long projectId, ImportFormat format, List<ImportLine> lines,
                                              ImportOptions options, AnnotationImportReport report, long actorId) {
        Project project = projects.get(projectId);
        // Key-share locks on the layers: a concurrent layer change cannot remove a label between our checks and inserts.
        em.createNativeQuery("select id from layer where project_id = ?1 for key share").setParameter(1, projectId)
                .getResultList();
        LayerRules rules = LayerRules.of(project, config.limits().attributeString());

        List<Accepted> accepted = check(lines, format, options, rules, report);
        if (accepted.isEmpty()) {
            auditImport(actorId, projectId, report);
            return report;
        }
        accepted = storeNewArticles(accepted, options, report);
        Map<String, Long> userIds = resolveAnnotators(projectId, accepted);
        Map<Long, Item> items = resolveItems(project, accepted, report);
        Map<Pair, ExistingAssignment> existing = existingAssignments(projectId, items.values());

        Set<SpanKey> spans = new HashSet<>();
        Map<DocKey, DocValue> documents = new HashMap<>();
        loadExistingAnnotations(existing, spans, documents);

        Map<Pair, Long> assignmentIds = new LinkedHashMap<>();
        existing.forEach((pair, a) -> {
            if (a.imported()) {
                assignmentIds.put(pair, a.id());
            }
        });
        List<Pair> newPairs = new ArrayList<>();
        List<Accepted> toStore = new ArrayList<>();
        List<Pair> toStorePairs = new ArrayList<>();
        for (Accepted a : accepted) {
            Item item = items.get(a.articleId());
            Pair pair = new Pair(item.id(), userIds.get(a.annotator()));
            ExistingAssignment queued = existing.get(pair);
            if (queued != null && !queued.imported()) {
                report.fail(a.lineNumber(), "annotator: '" + a.annotator() + "' already has a queue assignment ("
                        + queued.status() + ") on article " + a.articleId() + "; imported work is not mixed into it");
                continue;
            }
            LayerRules.Checked c = a.checked();
            boolean known = assignmentIds.containsKey(pair);
            if (c.label() == null) {
                if (known) {
                    report.duplicate();
                } else {
                    report.created();
                }
            } else if (c.layer().isSpan()) {
                if (!spans.add(new SpanKey(pair, c.layer().id(), c.label(), c.start(), c.end(), c.attributes()))) {
                    report.duplicate();
                    continue;
                }
                report.created();
            } else {
                DocKey key = new DocKey(pair, c.layer().id());
                DocValue value = new DocValue(c.label(), c.attributes());
                DocValue before = documents.putIfAbsent(key, value);
                if (before != null) {
                    if (before.equals(value)) {
                        report.duplicate();
                    } else {
                        report.fail(a.lineNumber(), "label: '" + a.annotator() + "' already has label '" + before.label()
                                + "' on document layer '" + c.layer().name() + "' for article " + a.articleId()
                                + " (one label per annotator, item and layer)");
                    }
                    continue;
                }
                report.created();
            }
            if (!known) {
                assignmentIds.put(pair, null);
                newPairs.add(pair);
            }
            if (c.label() != null) {
                toStore.add(a);
                toStorePairs.add(pair);
            }
        }
        writeAssignments(projectId, newPairs, items, assignmentIds, report);
        writeAnnotations(projectId, toStore, toStorePairs, assignmentIds, userIds);
        // the imported items' stored review figures, in this transaction (docs/review.md, "Stored figures")
        figures.refresh(projectId, items.values().stream().map(Item::id).toList());
        auditImport(actorId, projectId, report);
        return report;
    }

    /** Checks every line against the schema and its article; returns the good ones in line order. */
    private List<Accepted> check(List<ImportLine> lines, ImportFormat format, ImportOptions options, LayerRules rules,
                                 AnnotationImportReport report) {
        Set<ArticleRef> refs = new LinkedHashSet<>();
        Set<ArticleRef> spanRefs = new LinkedHashSet<>();
        for (ImportLine l : lines) {
            refs.add(l.article());
            if (l.isSpan() || l.quote() != null) {
                spanRefs.add(l.article());
            }
        }
        Map<ArticleRef, ArticleResolver.Resolved> articles = articleResolver.resolve(refs, spanRefs, options.source());
        Map<String, String> cannotAnnotate = accountsThatCannotAnnotate(lines, options);
        boolean underscores = format == ImportFormat.CONLL;
        List<Accepted> accepted = new ArrayList<>(lines.size());
        for (ImportLine line : lines) {
            ArticleResolver.Resolved article = articles.get(line.article());
            if (article.error() != null) {
                report.fail(line.line(), line.describe(article.error()));
                continue;
            }
            String annotator = line.annotator() != null ? line.annotator() : options.annotator();
            if (annotator == null) {
                report.fail(line.line(), line.describe("annotator: the file names no annotator here; give ?annotator="));
                continue;
            }
            if (!ANNOTATOR_NAME.matcher(annotator).matches()) {
                report.fail(line.line(), line.describe("annotator: '" + annotator
                        + "' is not a valid user name (1–100 letters, digits or . _ @ -)"));
                continue;
            }
            String role = cannotAnnotate.get(annotator);
            if (role != null) {
                report.fail(line.line(), line.describe("annotator: '" + annotator + "' is an account with role " + role
                        + "; labels are only ever attributed to annotators, so name an annotator or a new name"));
                continue;
            }
            long articleId = article.id() == null ? -1 : article.id();
            if (line.label() == null && line.layer() == null && !line.isSpan()) {
                // Did the item and marked nothing (an outside record with no annotations): no layer to check.
                accepted.add(new Accepted(line.line(), line.article(), articleId, annotator,
                        new LayerRules.Checked(null, null, null, null, null, Map.of())));
                continue;
            }
            String layer = options.layerFor(line.layer(), line.isSpan(), rules);
            if (layer == null) {
                report.fail(line.line(), line.describe("layer: the file names no layer for this annotation; give ?layer="
                        + "<a project layer> (the project has " + rules.names() + ")"));
                continue;
            }
            String label = options.labelFor(line.label(), rules.layer(layer), underscores);
            try {
                Integer start = line.start();
                Integer end = line.end();
                if (start == null && end == null && line.anchor() != null) {
                    int[] located;
                    try {
                        located = line.anchor().locate(article.text().slice(0, article.length()));
                    } catch (io.crosscheck.annotations.imports.SourceText.OffsetException e) {
                        report.fail(line.line(), line.describe("target: " + e.getMessage()));
                        continue;
                    }
                    start = located[0];
                    end = located[1];
                }
                LayerRules.Checked checked = rules.checkAgainst(layer, label, start, end, line.quote(),
                        line.attributes(), article.length(), article::text, true, false);
                accepted.add(new Accepted(line.line(), line.article(), articleId, annotator, checked));
            } catch (ProblemException e) {
                String detail = describe(e);
                if (format != ImportFormat.CROSSCHECK && line.layer() != null && rules.layer(layer) == null) {
                    detail += " (map the file's layer with ?layer=" + line.layer() + "=<project layer>)";
                }
                report.fail(line.line(), line.describe(detail));
            }
        }
        return accepted;
    }

    /**
     * The named accounts that exist and are not annotators (supervisors, the admin), with their role: a line naming
     * one is an error (SPEC §2), so the import never attributes labels to an account that cannot annotate.
     */
    private Map<String, String> accountsThatCannotAnnotate(List<ImportLine> lines, ImportOptions options) {
        String[] names = lines.stream().map(l -> l.annotator() != null ? l.annotator() : options.annotator())
                .filter(Objects::nonNull).distinct().toArray(String[]::new);
        Map<String, String> roles = new HashMap<>();
        if (names.length == 0) {
            return roles;
        }
        session().doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement("select username, role from app_user "
                    + "where username = any(?) and role <> 'annotator'")) {
                ps.setArray(1, c.createArrayOf("text", names));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        roles.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
        });
        return roles;
    }

    /** Stores the texts that good lines need and are not articles yet, and gives those lines their article ids. */
    private List<Accepted> storeNewArticles(List<Accepted> accepted, ImportOptions options, AnnotationImportReport report) {
        List<ArticleRef.ByText> pending = new ArrayList<>();
        for (Accepted a : accepted) {
            if (a.articleId() < 0) {
                pending.add((ArticleRef.ByText) a.article());
            }
        }
        if (pending.isEmpty()) {
            return accepted;
        }
        Map<ArticleRef.ByText, Long> ids = articleResolver.create(pending, options.source());
        report.setArticlesCreated((int) ids.values().stream().distinct().count());
        List<Accepted> out = new ArrayList<>(accepted.size());
        for (Accepted a : accepted) {
            out.add(a.articleId() < 0 ? a.withArticleId(ids.get((ArticleRef.ByText) a.article())) : a);
        }
        return out;
    }

    private static String describe(ProblemException e) {
        List<Problem.FieldError> errors = e.toProblem().errors();
        return errors == null || errors.isEmpty() ? e.getMessage() : errors.get(0).field() + ": " + e.getMessage();
    }

    /**
     * Finds annotators by name (the check refused names of other accounts), creates the unknown ones as annotators
     * without a token, and makes them all members of the project (whoever's labels are loaded works on it; SPEC §2).
     * Every import format resolves its annotators here.
     * One statement with ON CONFLICT instead of UserService.findOrCreateAnnotator per name: a crowd dataset may name
     * thousands of coders, and two concurrent imports naming the same new coder must not fail.
     */
    private Map<String, Long> resolveAnnotators(long projectId, List<Accepted> accepted) {
        String[] names = accepted.stream().map(a -> a.annotator()).distinct().toArray(String[]::new);
        Map<String, Long> ids = new HashMap<>();
        session().doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into app_user (username, role) "
                    + "select t.name, 'annotator' from unnest(?::text[]) as t(name) order by t.name "
                    + "on conflict (username) do nothing")) {
                ps.setArray(1, c.createArrayOf("text", names));
                ps.executeUpdate();
            }
            // Annotators only: a name taken by a supervisor since the check above is refused below, not attributed.
            try (PreparedStatement ps = c.prepareStatement("select id, username from app_user "
                    + "where username = any(?) and role = 'annotator'")) {
                ps.setArray(1, c.createArrayOf("text", names));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.put(rs.getString(2), rs.getLong(1));
                    }
                }
            }
        });
        if (ids.size() < names.length) {
            throw ProblemException.conflict("an annotator named in the import was meanwhile created as a supervisor or "
                    + "admin account; nothing was imported, send the import again to see which lines");
        }
        members.enrol(projectId, ids.values().toArray(Long[]::new));
        return ids;
    }

    /**
     * The project items of the accepted lines' articles, locked. Articles not yet in the project are added as items
     * (in line order): loading a published dataset should not need a separate items call.
     */
    private Map<Long, Item> resolveItems(Project project, List<Accepted> accepted, AnnotationImportReport report) {
        Long[] articleIds = accepted.stream().map(a -> a.articleId()).distinct().toArray(Long[]::new);
        Map<Long, Item> items = new HashMap<>();
        session().doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into project_item (project_id, article_id, capacity) "
                    + "select ?, a.id, ? from unnest(?::bigint[]) with ordinality as a(id, n) order by a.n "
                    + "on conflict on constraint project_item_unique do nothing")) {
                ps.setLong(1, project.id);
                ps.setInt(2, project.annotatorsPerItem);
                ps.setArray(3, c.createArrayOf("bigint", articleIds));
                report.setItemsAdded(ps.executeUpdate());
            }
            // Row locks in id order: the queue's claim skips these items until we commit, and two imports cannot deadlock.
            try (PreparedStatement ps = c.prepareStatement("select id, article_id from project_item "
                    + "where project_id = ? and article_id = any(?) order by id for update")) {
                ps.setLong(1, project.id);
                ps.setArray(2, c.createArrayOf("bigint", articleIds));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.put(rs.getLong(2), new Item(rs.getLong(1), rs.getLong(2)));
                    }
                }
            }
        });
        return items;
    }

    private Map<Pair, ExistingAssignment> existingAssignments(long projectId, java.util.Collection<Item> items) {
        Map<Pair, ExistingAssignment> existing = new HashMap<>();
        Long[] itemIds = items.stream().map(Item::id).toArray(Long[]::new);
        session().doWork(c -> {
            // Imports are round-1 work; a revision (round 2, two-round projects) is not the pair's assignment.
            try (PreparedStatement ps = c.prepareStatement("select id, item_id, annotator_id, imported, status "
                    + "from assignment where project_id = ? and item_id = any(?) and round = 1")) {
                ps.setLong(1, projectId);
                ps.setArray(2, c.createArrayOf("bigint", itemIds));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        existing.put(new Pair(rs.getLong(2), rs.getLong(3)),
                                new ExistingAssignment(rs.getLong(1), rs.getBoolean(4), rs.getString(5)));
                    }
                }
            }
        });
        return existing;
    }

    /** Annotations of earlier imports on the same pairs, so a re-imported line counts as a duplicate. */
    private void loadExistingAnnotations(Map<Pair, ExistingAssignment> existing, Set<SpanKey> spans,
                                         Map<DocKey, DocValue> documents) {
        Map<Long, Pair> pairByAssignment = new HashMap<>();
        existing.forEach((pair, a) -> {
            if (a.imported()) {
                pairByAssignment.put(a.id(), pair);
            }
        });
        if (pairByAssignment.isEmpty()) {
            return;
        }
        session().doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement("select assignment_id, layer_id, label, start_offset, end_offset, "
                    + "cast(attributes as text) from annotation where assignment_id = any(?)")) {
                ps.setArray(1, c.createArrayOf("bigint", pairByAssignment.keySet().toArray(Long[]::new)));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Pair pair = pairByAssignment.get(rs.getLong(1));
                        long layerId = rs.getLong(2);
                        Map<String, Object> attributes = json.readValue(rs.getString(6), MAP);
                        int start = rs.getInt(4);
                        if (rs.wasNull()) {
                            documents.put(new DocKey(pair, layerId), new DocValue(rs.getString(3), attributes));
                        } else {
                            spans.add(new SpanKey(pair, layerId, rs.getString(3), start, rs.getInt(5), attributes));
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("stored attributes are not a JSON object", e);
                }
            }
        });
    }

    private void writeAssignments(long projectId, List<Pair> newPairs, Map<Long, Item> items, Map<Pair, Long> assignmentIds,
                                  AnnotationImportReport report) {
        Map<Long, Long> articleByItem = new HashMap<>();
        items.values().forEach(i -> articleByItem.put(i.id(), i.articleId()));
        long[] ids = writer.allocateIds("assignment", newPairs.size());
        List<AnnotationWriter.ImportedAssignment> rows = new ArrayList<>(newPairs.size());
        Map<Long, Integer> perItem = new HashMap<>();
        for (int i = 0; i < newPairs.size(); i++) {
            Pair pair = newPairs.get(i);
            assignmentIds.put(pair, ids[i]);
            rows.add(new AnnotationWriter.ImportedAssignment(ids[i], projectId, pair.itemId(),
                    articleByItem.get(pair.itemId()), pair.annotatorId()));
            perItem.merge(pair.itemId(), 1, Integer::sum);
        }
        writer.insertImportedAssignments(rows);
        writer.countImportedWork(perItem);
        report.setAssignmentsCreated(rows.size());
    }

    private void writeAnnotations(long projectId, List<Accepted> toStore, List<Pair> pairs, Map<Pair, Long> assignmentIds,
                                  Map<String, Long> userIds) {
        long[] ids = writer.allocateIds("annotation", toStore.size());
        List<AnnotationWriter.Row> rows = new ArrayList<>(toStore.size());
        for (int i = 0; i < toStore.size(); i++) {
            Accepted a = toStore.get(i);
            LayerRules.Checked c = a.checked();
            rows.add(new AnnotationWriter.Row(ids[i], Objects.requireNonNull(assignmentIds.get(pairs.get(i))), projectId,
                    a.articleId(), userIds.get(a.annotator()), c.layer().id(), c.label(), c.start(), c.end(),
                    c.quote(), c.attributes()));
        }
        writer.insertAnnotations(rows);
    }

    private void auditImport(long actorId, long projectId, AnnotationImportReport report) {
        audit.record(actorId, "import", "annotation", null, projectId, Map.of("created", report.getCreated(),
                "duplicates", report.getDuplicates(), "failed", report.getFailed(), "itemsAdded", report.getItemsAdded(),
                "assignmentsCreated", report.getAssignmentsCreated()));
    }

    private Session session() {
        return em.unwrap(Session.class);
    }
}
