package io.crosscheck.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosscheck.annotations.LayerRules;
import io.crosscheck.audit.Audit;
import io.crosscheck.common.CodePoints;
import io.crosscheck.common.CrosscheckConfig;
import io.crosscheck.common.Page;
import io.crosscheck.common.PageRequest;
import io.crosscheck.common.Problem;
import io.crosscheck.common.ProblemException;
import io.crosscheck.projects.Project;
import io.crosscheck.review.AdjudicationRequest.GoldSpec;
import io.crosscheck.review.SpanClusters.Cluster;
import io.crosscheck.work.ProjectWork.Label;
import io.crosscheck.work.ProjectWork;
import io.crosscheck.work.SubmittedWork;
import io.crosscheck.work.WorkLayer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adjudication: stores a supervisor's gold set for an item as a new version (older versions stay as history, only
 * the newest is {@code current}), validated like annotations.
 */
@ApplicationScoped
public class AdjudicationService {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    @Inject
    EntityManager em;

    @Inject
    SubmittedWork work;

    @Inject
    ObjectMapper json;

    @Inject
    Audit audit;

    @Inject
    CrosscheckConfig config;

    @Transactional
    public Gold adjudicate(long projectId, long articleId, AdjudicationRequest request, long actorId) {
        if (!work.projectExists(projectId)) {
            throw ProblemException.notFound("Project", projectId);
        }
        // The row lock serialises concurrent adjudications of one item, so versions stay gap-free and unique.
        @SuppressWarnings("unchecked")
        List<Number> itemIds = em.createNativeQuery("select id from project_item where project_id = ?1 and article_id = ?2 "
                + "for update").setParameter(1, projectId).setParameter(2, articleId).getResultList();
        if (itemIds.isEmpty()) {
            throw ProblemException.notFound("Item for article", articleId);
        }
        long itemId = itemIds.get(0).longValue();
        List<WorkLayer> layers = work.layers(projectId);
        List<GoldSpec> specs = request.annotations() != null ? request.annotations()
                : from(projectId, articleId, request.from());
        String field = request.annotations() != null ? "annotations" : "from";
        String text = (String) em.createNativeQuery("select text from article where id = ?1").setParameter(1, articleId)
                .getSingleResult();
        validate(specs, LayerRules.of(Project.<Project>findById(projectId), config.limits().attributeString()), text, field);

        em.createNativeQuery("update adjudication set current = false where item_id = ?1 and current")
                .setParameter(1, itemId).executeUpdate();
        int version = ((Number) em.createNativeQuery("select coalesce(max(version), 0) + 1 from adjudication where item_id = ?1")
                .setParameter(1, itemId).getSingleResult()).intValue();
        String madeFrom = request.from() == null ? "annotations" : request.from();
        long id = ((Number) em.unwrap(org.hibernate.Session.class).createNativeQuery("insert into adjudication (project_id, item_id, article_id, version, "
                        + "adjudicator_id, note, current, made_from) values (?1, ?2, ?3, ?4, ?5, ?6, true, ?7) returning id")
                .setParameter(1, projectId).setParameter(2, itemId).setParameter(3, articleId).setParameter(4, version)
                .setParameter(5, actorId).setParameter(6, request.note(), String.class).setParameter(7, madeFrom)
                .getSingleResult()).longValue();
        Map<String, Long> layerIds = new LinkedHashMap<>();
        layers.forEach(l -> layerIds.put(l.name(), l.id()));
        for (GoldSpec g : specs) {
            em.unwrap(org.hibernate.Session.class).createNativeQuery("insert into gold_annotation (adjudication_id, layer_id, label, start_offset, end_offset, "
                            + "quote, attributes) values (?1, ?2, ?3, ?4, ?5, ?6, cast(?7 as jsonb))")
                    .setParameter(1, id, Long.class).setParameter(2, layerIds.get(g.layer()), Long.class)
                    .setParameter(3, g.label(), String.class).setParameter(4, g.start(), Integer.class)
                    .setParameter(5, g.end(), Integer.class)
                    .setParameter(6, g.start() == null ? null : CodePoints.nfc(g.quote()), String.class)
                    .setParameter(7, write(g.attributes()), String.class).executeUpdate();
        }
        audit.record(actorId, "adjudicate", "adjudication", id, projectId,
                Map.of("articleId", articleId, "version", version, "from", madeFrom, "annotations", specs.size()));
        return versions(projectId, articleId, "d.id = " + id, PageRequest.of(0, 1)).items().get(0);
    }

    @Transactional
    public Gold current(long projectId, long articleId) {
        requireItem(projectId, articleId);
        List<Gold> gold = versions(projectId, articleId, "d.current", PageRequest.of(0, 1)).items();
        if (gold.isEmpty()) {
            throw ProblemException.notFound("Adjudication of article", articleId);
        }
        return gold.get(0);
    }

    @Transactional
    public Page<Gold> history(long projectId, long articleId, PageRequest page) {
        requireItem(projectId, articleId);
        return versions(projectId, articleId, "true", page);
    }

    private void requireItem(long projectId, long articleId) {
        if (!work.projectExists(projectId)) {
            throw ProblemException.notFound("Project", projectId);
        }
        if (em.createNativeQuery("select 1 from project_item where project_id = ?1 and article_id = ?2")
                .setParameter(1, projectId).setParameter(2, articleId).getResultList().isEmpty()) {
            throw ProblemException.notFound("Item for article", articleId);
        }
    }

    /** Versions newest first; {@code condition} is a fixed SQL fragment chosen by this class, never client text. */
    private Page<Gold> versions(long projectId, long articleId, String condition, PageRequest page) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select d.id, d.version, d.current, d.note, d.adjudicator_id, "
                        + "u.username, d.created_at, d.made_from from adjudication d join app_user u on u.id = d.adjudicator_id "
                        + "where d.project_id = ?1 and d.article_id = ?2 and " + condition
                        + " order by d.version desc limit ?3 offset ?4", Object[].class)
                .setParameter(1, projectId).setParameter(2, articleId).setParameter(3, page.size)
                .setParameter(4, page.offset()).getResultList();
        long total = ((Number) em.createNativeQuery("select count(*) from adjudication d where d.project_id = ?1 "
                + "and d.article_id = ?2 and " + condition).setParameter(1, projectId).setParameter(2, articleId)
                .getSingleResult()).longValue();
        // The page's gold annotations in one query (not one per version).
        Map<Long, List<Gold.Annotation>> annotations = annotations(rows.stream()
                .map(r -> ((Number) r[0]).longValue()).toArray(Long[]::new));
        List<Gold> out = new ArrayList<>();
        for (Object[] r : rows) {
            long id = ((Number) r[0]).longValue();
            out.add(new Gold(id, projectId, articleId, ((Number) r[1]).intValue(), (Boolean) r[2], (String) r[3],
                    ((Number) r[4]).longValue(), (String) r[5], toOffset(r[6]), (String) r[7],
                    annotations.getOrDefault(id, List.of())));
        }
        return new Page<>(out, page.page, page.size, total);
    }

    private static OffsetDateTime toOffset(Object value) {
        if (value instanceof OffsetDateTime o) {
            return o;
        }
        if (value instanceof java.time.Instant i) {
            return i.atOffset(java.time.ZoneOffset.UTC);
        }
        return ((java.sql.Timestamp) value).toInstant().atOffset(java.time.ZoneOffset.UTC);
    }

    private List<Gold.Annotation> annotations(long adjudicationId) {
        return annotations(new Long[]{adjudicationId}).getOrDefault(adjudicationId, List.of());
    }

    /** The gold annotations of the given adjudications, by adjudication id, in one query. */
    private Map<Long, List<Gold.Annotation>> annotations(Long[] adjudicationIds) {
        Map<Long, List<Gold.Annotation>> out = new HashMap<>();
        if (adjudicationIds.length == 0) {
            return out;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select g.adjudication_id, l.name, g.label, g.start_offset, "
                        + "g.end_offset, g.quote, cast(g.attributes as text) from gold_annotation g "
                        + "join layer l on l.id = g.layer_id "
                        + "where g.adjudication_id = any(cast(string_to_array(?1, ',') as bigint[])) "
                        + "order by g.adjudication_id, l.position, g.start_offset nulls first, g.end_offset, g.id",
                        Object[].class)
                .setParameter(1, java.util.Arrays.stream(adjudicationIds).map(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(","))).getResultList();
        for (Object[] r : rows) {
            out.computeIfAbsent(((Number) r[0]).longValue(), k -> new ArrayList<>()).add(new Gold.Annotation(
                    (String) r[1], (String) r[2], r[3] == null ? null : ((Number) r[3]).intValue(),
                    r[4] == null ? null : ((Number) r[4]).intValue(), (String) r[5], read((String) r[6])));
        }
        return out;
    }



    /** The gold that {@code from} names ("majority" or "annotator:NAME"), from the item's submitted work. */
    private List<GoldSpec> from(long projectId, long articleId, String from) {
        ProjectWork item = work.item(projectId, articleId);
        return from.equals("majority") ? majority(item, articleId)
                : fromAnnotator(item, articleId, from.substring("annotator:".length()));
    }

    /** One annotator's submitted annotations on the item, in layer order (then by offsets, as read). */
    private List<GoldSpec> fromAnnotator(ProjectWork item, long articleId, String annotator) {
        long annotatorId = item.annotatorsOn(articleId).entrySet().stream()
                .filter(e -> e.getValue().equals(annotator)).map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> ProblemException.unprocessable("from",
                        "'" + annotator + "' has no submitted work on this item"));
        Map<Long, WorkLayer> layers = new HashMap<>();
        Map<Long, Integer> position = new HashMap<>();
        for (WorkLayer l : item.layers()) {
            layers.put(l.id(), l);
            position.put(l.id(), position.size());
        }
        return item.labels().stream().filter(l -> l.annotatorId() == annotatorId)
                .sorted(java.util.Comparator.comparingInt(l -> position.get(l.layerId())))
                .map(l -> new GoldSpec(layers.get(l.layerId()).name(), l.label(), l.start(), l.end(), l.quote(),
                        read(l.attributes()))).toList();
    }

    /**
     * What {@code from} would store as gold, without storing it: the supervisor's starting point (the workbench takes
     * one annotator's version, or the majority, of a cluster from it). 404 for an unknown project or item.
     */
    @Transactional
    public List<GoldSpec> draft(long projectId, long articleId, String from) {
        if (!work.projectExists(projectId)) {
            throw ProblemException.notFound("Project", projectId);
        }
        if (em.createNativeQuery("select 1 from project_item where project_id = ?1 and article_id = ?2")
                .setParameter(1, projectId).setParameter(2, articleId).getResultList().isEmpty()) {
            throw ProblemException.notFound("Item for article", articleId);
        }
        return from(projectId, articleId, from);
    }

    private List<GoldSpec> majority(ProjectWork work, long articleId) {
        Map<Long, String> annotators = work.annotatorsOn(articleId);
        if (annotators.isEmpty()) {
            throw ProblemException.unprocessable("from", "nobody has submitted work on this item");
        }
        // per attribute, majority gold takes the value most of the annotators who marked the winning label gave
        Map<String, List<Map<String, Object>>> attributesByMark = new HashMap<>();
        for (Label l : work.labels()) {
            attributesByMark.computeIfAbsent(mark(l.layerId(), l.label(), l.start(), l.end()), k -> new ArrayList<>())
                    .add(read(l.attributes()));
        }
        List<GoldSpec> out = new ArrayList<>();
        for (WorkLayer layer : work.layers()) {
            List<Label> labels = work.labels().stream().filter(l -> l.layerId() == layer.id()).toList();
            if (layer.isSpan()) {
                for (Cluster c : SpanClusters.of(ReviewService.spanRefs(labels, annotators), annotators)) {
                    Majority.span(c, annotators.size(), layer.labels()).ifPresent(s -> out.add(
                            new GoldSpec(layer.name(), s.label(), s.start(), s.end(), s.quote(), Majority.attributes(
                                    attributesByMark.getOrDefault(mark(layer.id(), s.label(), s.start(), s.end()), List.of())))));
                }
            } else {
                Majority.documentLabel(labels.stream().filter(l -> annotators.containsKey(l.annotatorId()))
                                .map(Label::label).toList(), annotators.size())
                        .ifPresent(label -> out.add(new GoldSpec(layer.name(), label, null, null, null, Majority.attributes(
                                attributesByMark.getOrDefault(mark(layer.id(), label, null, null), List.of())))));
            }
        }
        return out;
    }

    private static String mark(long layerId, String label, Number start, Number end) {
        return layerId + "|" + label + "|" + start + "|" + end;
    }

    /**
     * Gold obeys exactly the rules of annotations ({@link LayerRules}: known layer, label and typed attributes, span
     * offsets in code points with a matching quote, which is required), plus one label per document layer and no span
     * twice.
     */
    static void validate(List<GoldSpec> specs, LayerRules rules, String text, String field) {
        int length = CodePoints.length(text);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            GoldSpec g = specs.get(i);
            String at = field.equals("annotations") ? "annotations[" + i + "]." : "from.";
            LayerRules.Checked checked;
            try {
                checked = rules.check(g.layer(), g.label(), g.start(), g.end(), g.quote(), g.attributes(), length,
                        () -> text, false, true);
            } catch (ProblemException e) {
                Problem.FieldError error = e.toProblem().errors().get(0);
                throw ProblemException.unprocessable(at + error.field(), error.message());
            }
            String key = checked.layer().isSpan() ? g.layer() + ":" + g.label() + ":" + g.start() + ":" + g.end() : g.layer();
            if (!seen.add(key)) {
                throw ProblemException.unprocessable(at + "layer", checked.layer().isSpan() ? "the same span appears twice"
                        : "one label per document layer");
            }
        }
    }

    private String write(Map<String, Object> attributes) {
        try {
            return json.writeValueAsString(attributes == null ? Map.of() : attributes);
        } catch (JsonProcessingException e) {
            throw ProblemException.unprocessable("attributes", "not serialisable");
        }
    }

    private Map<String, Object> read(String attributes) {
        try {
            return attributes == null ? Map.of() : json.readValue(attributes, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored attributes are not JSON", e);
        }
    }
}
