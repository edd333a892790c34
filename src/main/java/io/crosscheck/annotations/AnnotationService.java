package io.crosscheck.annotations;

import io.crosscheck.articles.Article;
import io.crosscheck.audit.Audit;
import io.crosscheck.common.CodePoints;
import io.crosscheck.common.CurrentUser.Actor;
import io.crosscheck.common.Page;
import io.crosscheck.common.PageRequest;
import io.crosscheck.common.Problem;
import io.crosscheck.common.CrosscheckConfig;
import io.crosscheck.common.ProblemException;
import io.crosscheck.projects.Layer;
import io.crosscheck.projects.Project;
import io.crosscheck.queue.Assignment;
import io.crosscheck.sources.BlindText;
import io.crosscheck.sources.Redaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Annotations written through an assignment. Every write locks the assignment row ({@code FOR UPDATE}) first: the
 * queue's submit locks the same row, so no write slips in after a submit, and writes to one assignment are serialised
 * (which makes the If-Match check and the one-document-label rule race-free). Blind: an annotator who does not own
 * the assignment gets 404, exactly as if it did not exist; supervisors and admins read everything.
 */
@ApplicationScoped
public class AnnotationService {

    @Inject
    EntityManager em;

    @Inject
    Audit audit;

    @Inject
    CrosscheckConfig config;

    @Inject
    AnnotationWriter writer;

    @Inject
    jakarta.validation.Validator validator;

    @Inject
    BlindText blindText;

    /** The assignment facts a write or read needs. */
    record AssignmentRow(long id, long projectId, long articleId, long annotatorId, String status, boolean live) {
    }

    /** A stored annotation and whether this request created it (201) or replaced a document label (200). */
    public record Written(AnnotationResponse annotation, boolean created) {
    }

    /** The result of a batch: every annotation in request order, and how many were new or replaced. */
    public record BatchResult(int created, int replaced, List<AnnotationResponse> items) {
    }

    @Transactional
    public Written create(long assignmentId, AnnotationRequest request, Actor actor) {
        AssignmentRow assignment = lockForWrite(assignmentId, actor);
        LayerRules rules = lockedRules(assignment.projectId());
        Article article = Article.findById(assignment.articleId());
        Shown shown = shown(assignment, article);
        Supplier<CodePointText> text = lazyText(article);
        LayerRules.Checked c = rules.checkAgainst(request.layer(), request.label(), request.start(), request.end(),
                shown.storedQuote(request, text), request.attributes(), article.length, text, false, true);
        if (!c.layer().isSpan()) {
            Annotation existing = Annotation.<Annotation>find("assignmentId = ?1 and layerId = ?2 and start is null",
                    assignmentId, c.layer().id()).firstResult();
            if (existing != null) {
                // One document label per annotator, item and layer: a second POST replaces the label in place.
                existing.label = c.label();
                existing.attributes = c.attributes();
                touch(existing);
                em.flush();
                audit.record(actor.id(), "update", "annotation", existing.id, assignment.projectId(),
                        Map.of("assignmentId", assignmentId, "layer", c.layer().name(), "label", c.label(), "replaced", true));
                return new Written(shown.of(AnnotationResponse.from(existing, c.layer().name())), false);
            }
        }
        Annotation a = new Annotation();
        a.assignmentId = assignmentId;
        a.projectId = assignment.projectId();
        a.articleId = assignment.articleId();
        a.annotatorId = assignment.annotatorId();
        apply(a, c);
        a.persistAndFlush();
        audit.record(actor.id(), "create", "annotation", a.id, assignment.projectId(),
                Map.of("assignmentId", assignmentId, "layer", c.layer().name(), "label", c.label()));
        return new Written(shown.of(AnnotationResponse.from(a, c.layer().name())), true);
    }

    /**
     * All-or-nothing: every element is checked first and any failure is one 422 listing them all by index. Document
     * labels replace stored ones as in {@link #create}; two labels for one document layer in the same batch are refused.
     */
    @Transactional
    public BatchResult createBatch(long assignmentId, List<AnnotationRequest> requests, Actor actor) {
        AssignmentRow assignment = lockForWrite(assignmentId, actor);
        LayerRules rules = lockedRules(assignment.projectId());
        Article article = Article.findById(assignment.articleId());
        Supplier<CodePointText> text = lazyText(article);
        Shown shown = shown(assignment, article);
        List<LayerRules.Checked> checked = new ArrayList<>(requests.size());
        List<Problem.FieldError> errors = new ArrayList<>();
        Map<Long, Integer> documentLayers = new HashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            AnnotationRequest r = requests.get(i);
            String prefix = "annotations[" + i + "]";
            if (r == null) {
                errors.add(new Problem.FieldError(prefix, "must not be null"));
                continue;
            }
            var violations = validator.validate(r);
            if (!violations.isEmpty()) {
                violations.stream()
                        .map(v -> new Problem.FieldError(prefix + "." + v.getPropertyPath(), v.getMessage()))
                        .sorted(java.util.Comparator.comparing(Problem.FieldError::field))
                        .forEach(errors::add);
                continue;
            }
            try {
                LayerRules.Checked c = rules.checkAgainst(r.layer(), r.label(), r.start(), r.end(),
                        shown.storedQuote(r, text), r.attributes(), article.length, text, false, true);
                if (!c.layer().isSpan()) {
                    Integer earlier = documentLayers.putIfAbsent(c.layer().id(), i);
                    if (earlier != null) {
                        errors.add(new Problem.FieldError(prefix + ".layer", "document layer '" + c.layer().name()
                                + "' already has a label at annotations[" + earlier + "] (one label per document layer)"));
                        continue;
                    }
                }
                checked.add(c);
            } catch (ProblemException e) {
                for (Problem.FieldError error : e.toProblem().errors()) {
                    errors.add(new Problem.FieldError(prefix + "." + error.field(), error.message()));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(422, "Unprocessable Content", errors.size() + " of " + requests.size()
                    + " annotations are invalid; nothing was stored", errors);
        }
        Map<Long, Annotation> storedDocuments = new HashMap<>();
        if (!documentLayers.isEmpty()) {
            Annotation.<Annotation>list("assignmentId = ?1 and start is null", assignmentId)
                    .forEach(a -> storedDocuments.put(a.layerId, a));
        }
        // Positions in `checked` of new rows; replaced document labels are updated in place.
        List<Integer> fresh = new ArrayList<>();
        Annotation[] replaced = new Annotation[checked.size()];
        List<Long> replacedIds = new ArrayList<>();
        for (int i = 0; i < checked.size(); i++) {
            LayerRules.Checked c = checked.get(i);
            Annotation existing = c.layer().isSpan() ? null : storedDocuments.get(c.layer().id());
            if (existing == null) {
                fresh.add(i);
            } else {
                existing.label = c.label();
                existing.attributes = c.attributes();
                touch(existing);
                replaced[i] = existing;
                replacedIds.add(existing.id);
            }
        }
        em.flush();
        long[] ids = writer.allocateIds("annotation", fresh.size());
        List<AnnotationWriter.Row> rows = new ArrayList<>(fresh.size());
        for (int n = 0; n < fresh.size(); n++) {
            LayerRules.Checked c = checked.get(fresh.get(n));
            rows.add(new AnnotationWriter.Row(ids[n], assignmentId, assignment.projectId(), assignment.articleId(),
                    assignment.annotatorId(), c.layer().id(), c.label(), c.start(), c.end(), c.quote(), c.attributes()));
        }
        writer.insertAnnotations(rows);
        // One audit event for the whole batch (listing the ids) rather than thousands of rows next to the annotations.
        audit.record(actor.id(), "create-batch", "annotation", null, assignment.projectId(), Map.of("assignmentId", assignmentId,
                "created", rows.stream().map(AnnotationWriter.Row::id).toList(), "replaced", replacedIds));
        // The rows were inserted in this transaction, so their created_at/updated_at default is the transaction's now().
        OffsetDateTime now = fresh.isEmpty() ? null : transactionTime();
        AnnotationResponse[] items = new AnnotationResponse[checked.size()];
        for (int n = 0; n < fresh.size(); n++) {
            int i = fresh.get(n);
            LayerRules.Checked c = checked.get(i);
            items[i] = new AnnotationResponse(ids[n], assignmentId, assignment.projectId(), assignment.articleId(),
                    assignment.annotatorId(), c.layer().name(), c.label(), c.start(), c.end(), c.quote(), c.attributes(),
                    1, now, now);
        }
        for (int i = 0; i < checked.size(); i++) {
            if (replaced[i] != null) {
                items[i] = AnnotationResponse.from(replaced[i], checked.get(i).layer().name());
            }
        }
        return new BatchResult(fresh.size(), replacedIds.size(), java.util.Arrays.stream(items).map(shown::of).toList());
    }

    public AnnotationResponse get(long annotationId, Actor actor) {
        Annotation a = visible(annotationId, actor);
        AnnotationResponse response = AnnotationResponse.from(a, layerName(a.layerId));
        return actor.supervisor() ? response : shown(a.projectId, Article.findById(a.articleId)).of(response);
    }

    /** Replaces label, offsets, quote and attributes; the layer cannot change. */
    @Transactional
    public AnnotationResponse update(long annotationId, int ifMatch, AnnotationRequest request, Actor actor) {
        Annotation a = visible(annotationId, actor);
        AssignmentRow assignment = lockForWrite(a.assignmentId, actor);
        LayerRules rules = lockedRules(assignment.projectId());
        em.refresh(a);
        checkVersion(a, ifMatch);
        String layerName = rules.byId(a.layerId).name();
        if (request.layer() != null && !request.layer().equals(layerName)) {
            throw ProblemException.unprocessable("layer", "an annotation cannot move from layer '" + layerName
                    + "' to '" + request.layer() + "'; delete it and create a new one");
        }
        Article article = Article.findById(assignment.articleId());
        Shown shown = shown(assignment, article);
        Supplier<CodePointText> text = lazyText(article);
        LayerRules.Checked c = rules.checkAgainst(layerName, request.label(), request.start(), request.end(),
                shown.storedQuote(request, text), request.attributes(), article.length, text, false, true);
        apply(a, c);
        em.flush();
        audit.record(actor.id(), "update", "annotation", a.id, assignment.projectId(),
                Map.of("assignmentId", a.assignmentId, "layer", layerName, "label", c.label(), "version", a.version));
        return shown.of(AnnotationResponse.from(a, layerName));
    }

    @Transactional
    public void delete(long annotationId, int ifMatch, Actor actor) {
        Annotation a = visible(annotationId, actor);
        AssignmentRow assignment = lockForWrite(a.assignmentId, actor);
        em.refresh(a);
        checkVersion(a, ifMatch);
        String layerName = layerName(a.layerId);
        a.delete();
        em.flush();
        audit.record(actor.id(), "delete", "annotation", annotationId, assignment.projectId(),
                Map.of("assignmentId", a.assignmentId, "layer", layerName, "label", a.label));
    }

    /** The assignment's own annotations, oldest first. */
    public Page<AnnotationResponse> list(long assignmentId, PageRequest page, Actor actor) {
        AssignmentRow assignment = readable(assignmentId, actor);
        var query = Annotation.<Annotation>find("assignmentId", Sort.by("id"), assignmentId);
        List<Annotation> annotations = query.page(page.page, page.size).list();
        Map<Long, String> layerNames = new HashMap<>();
        Layer.<Layer>list("project.id", assignment.projectId()).forEach(l -> layerNames.put(l.id, l.name));
        Shown shown = actor.supervisor() ? Shown.STORED : shown(assignment.projectId(), Article.findById(assignment.articleId()));
        return new Page<>(annotations.stream().map(a -> shown.of(AnnotationResponse.from(a, layerNames.get(a.layerId))))
                .toList(), page.page, page.size, query.count());
    }

    private static void apply(Annotation a, LayerRules.Checked c) {
        a.layerId = c.layer().id();
        a.label = c.label();
        a.start = c.start();
        a.end = c.end();
        a.quote = c.quote();
        a.attributes = c.attributes();
        touch(a);
    }

    /** Every write makes a new version, even one that repeats the stored values: If-Match then always detects it. */
    private static void touch(Annotation a) {
        a.updatedAt = OffsetDateTime.now();
    }

    private static void checkVersion(Annotation a, int ifMatch) {
        if (a.version != ifMatch) {
            throw new ProblemException(412, "Precondition Failed", "annotation " + a.id + " is at version " + a.version
                    + ", not " + ifMatch + "; read it again and retry").with("currentVersion", a.version);
        }
    }

    /** The annotation if the actor may see it: its annotator, or a supervisor/admin. Anyone else gets 404. */
    private Annotation visible(long annotationId, Actor actor) {
        Annotation a = Annotation.findById(annotationId);
        if (a == null || (!actor.supervisor() && a.annotatorId != actor.id())) {
            throw ProblemException.notFound("Annotation", annotationId);
        }
        return a;
    }

    private AssignmentRow readable(long assignmentId, Actor actor) {
        AssignmentRow row = assignmentRow(assignmentId, false);
        if (row == null || (!actor.supervisor() && row.annotatorId() != actor.id())) {
            throw ProblemException.notFound("Assignment", assignmentId);
        }
        return row;
    }

    /**
     * Locks the assignment and checks that the actor may write to it now: it is theirs (else 404, or 403 for a
     * supervisor, who may see it), it is leased and the lease is live (else 409).
     */
    private AssignmentRow lockForWrite(long assignmentId, Actor actor) {
        AssignmentRow row = assignmentRow(assignmentId, true);
        if (row == null || (!actor.supervisor() && row.annotatorId() != actor.id())) {
            throw ProblemException.notFound("Assignment", assignmentId);
        }
        if (row.annotatorId() != actor.id()) {
            throw new ProblemException(403, "Forbidden",
                    "only the annotator who holds assignment " + assignmentId + " may change its annotations");
        }
        switch (row.status()) {
            case Assignment.SUBMITTED -> throw ProblemException.conflict("assignment " + assignmentId
                    + " is submitted; its annotations are frozen").with("status", row.status());
            case Assignment.LEASED -> {
                if (!row.live()) {
                    throw ProblemException.conflict("the lease on assignment " + assignmentId
                            + " has expired; ask the queue for work again").with("status", "expired");
                }
            }
            default -> throw ProblemException.conflict("assignment " + assignmentId + " is " + row.status()
                    + "; it takes no more annotations").with("status", row.status());
        }
        return row;
    }

    private AssignmentRow assignmentRow(long assignmentId, boolean forUpdate) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select id, project_id, article_id, annotator_id, status, "
                        + "coalesce(lease_is_live(status, lease_expires_at), false) from assignment where id = ?1"
                        + (forUpdate ? " for update" : ""), Object[].class)
                .setParameter(1, assignmentId).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object[] r = rows.get(0);
        return new AssignmentRow(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), ((Number) r[2]).longValue(),
                ((Number) r[3]).longValue(), (String) r[4], (Boolean) r[5]);
    }

    /**
     * The project's label schema, with key-share locks on its layers so that a concurrent layer change (which locks
     * them for update) cannot remove a label between our check and our insert.
     */
    private LayerRules lockedRules(long projectId) {
        em.createNativeQuery("select id from layer where project_id = ?1 for key share").setParameter(1, projectId)
                .getResultList();
        return LayerRules.of(Project.findById(projectId), config.limits().attributeString());
    }

    /**
     * The text the annotator is shown: in a blind project the article with its source's redact strings masked
     * (sources/Redaction, the same code-point offsets). A quote taken on that text is accepted for the stored text at
     * the same offsets, and the annotator's own annotations come back with quotes from the text they were shown.
     */
    record Shown(Redaction redaction, Supplier<CodePointText> maskedText) {
        static final Shown STORED = new Shown(Redaction.of(List.of()), null);

        /**
         * The stored text at the request's offsets when its quote is the shown text there (422 when it is not, even
         * if it is the stored text: guessing what is under the mask must not work); other requests unchanged.
         */
        String storedQuote(AnnotationRequest request, Supplier<CodePointText> stored) {
            String quote = request.quote();
            if (redaction.masksNothing() || quote == null || request.start() == null || request.end() == null
                    || request.start() < 0 || request.start() >= request.end() || request.end() > stored.get().length()) {
                return quote;
            }
            String shownThere = maskedText.get().slice(request.start(), request.end());
            if (!CodePoints.nfc(quote).equals(shownThere)) {
                // Said here, not by LayerRules: its message quotes the stored text, which would unmask it.
                throw ProblemException.unprocessable("quote", "quote does not match the text at " + request.start()
                        + ".." + request.end() + " (offsets count code points); the text there is \""
                        + (shownThere.length() > 60 ? shownThere.substring(0, 57) + "..." : shownThere) + "\"");
            }
            return stored.get().slice(request.start(), request.end());
        }

        AnnotationResponse of(AnnotationResponse response) {
            if (redaction.masksNothing() || response.start() == null) {
                return response;
            }
            return response.withQuote(maskedText.get().slice(response.start(), response.end()));
        }
    }

    private Shown shown(AssignmentRow assignment, Article article) {
        return shown(assignment.projectId(), article);
    }

    private Shown shown(long projectId, Article article) {
        Redaction redaction = blindText.forAnnotator(projectId, article.id);
        if (redaction.masksNothing()) {
            return Shown.STORED;
        }
        CodePointText[] built = new CodePointText[1];
        return new Shown(redaction, () -> built[0] != null ? built[0]
                : (built[0] = CodePointText.of(redaction.mask(article.text), article.length)));
    }

    /** The article's sliceable text, built at most once per request and only if a span needs it. */
    private static Supplier<CodePointText> lazyText(Article article) {
        CodePointText[] built = new CodePointText[1];
        return () -> built[0] != null ? built[0] : (built[0] = CodePointText.of(article.text, article.length));
    }

    private String layerName(long layerId) {
        Layer layer = Layer.findById(layerId);
        return layer == null ? null : layer.name;
    }

    private OffsetDateTime transactionTime() {
        Object now = em.createNativeQuery("select now()").getSingleResult();
        if (now instanceof OffsetDateTime t) {
            return t;
        }
        if (now instanceof java.time.Instant i) {
            return i.atOffset(java.time.ZoneOffset.UTC);
        }
        return ((java.sql.Timestamp) now).toInstant().atOffset(java.time.ZoneOffset.UTC);
    }
}
