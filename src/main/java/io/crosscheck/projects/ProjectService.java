package io.crosscheck.projects;

import io.crosscheck.audit.Audit;
import io.crosscheck.common.Page;
import io.crosscheck.common.PageRequest;
import io.crosscheck.common.ProblemException;
import io.crosscheck.work.WorkRules;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Projects, their layer schema and their items. */
@ApplicationScoped
public class ProjectService {

    @Inject
    EntityManager em;

    @Inject
    Audit audit;

    @Inject
    io.crosscheck.work.ItemFigureStore figures;

    @Transactional
    public Project create(ProjectRequest request, long actorId) {
        if (Project.count("name", request.name()) > 0) {
            throw ProblemException.conflict("A project named '" + request.name() + "' already exists");
        }
        List<LayerSpec> specs = request.taxonomy() != null ? Taxonomy.defaultLayers() : request.layers();
        validateLayers(specs);
        List<RaterAttribute> raterAttributes = request.raterAttributes() == null ? List.of() : request.raterAttributes();
        validateRaterAttributes(raterAttributes);
        String balanceBy = request.panel() == null ? null : request.panel().balanceBy();
        if (balanceBy != null && raterAttributes.stream().noneMatch(a -> a.name().equals(balanceBy) && a.closed())) {
            throw ProblemException.unprocessable("panel.balanceBy", "a panel is balanced over a rater attribute with "
                    + "values; the project's are " + raterAttributes.stream().filter(RaterAttribute::closed)
                    .map(RaterAttribute::name).toList());
        }
        Project project = new Project();
        project.name = request.name();
        project.annotatorsPerItem = request.annotatorsPerItem();
        project.blindSources = request.blindSources() == null || request.blindSources();
        project.itemOrder = request.order() == null ? Project.ORDER_SEQUENTIAL : request.order();
        project.access = request.access() == null ? Project.ACCESS_MEMBERS : request.access();
        project.createdBy = actorId;
        project.raterAttributes = new ArrayList<>(raterAttributes);
        project.panelBalanceBy = balanceBy;
        project.controlRate = request.controlRate() == null ? 0.1 : request.controlRate();
        project.rounds = (short) (request.rounds() == null ? 1 : request.rounds());
        ProjectRequest.Escalation escalation = request.escalation();
        if (escalation != null) {
            if (specs.stream().noneMatch(l -> l.name().equals(escalation.layer()))) {
                throw ProblemException.unprocessable("escalation.layer", "the project has no layer '"
                        + escalation.layer() + "'");
            }
            if (escalation.maxAnnotatorsPerItem() <= request.annotatorsPerItem()) {
                throw ProblemException.unprocessable("escalation.maxAnnotatorsPerItem", "must be above "
                        + "annotatorsPerItem (" + request.annotatorsPerItem() + "): escalation adds raters");
            }
            project.escalationLayer = escalation.layer();
            project.escalationBelow = escalation.belowAgreement();
            project.escalationMax = escalation.maxAnnotatorsPerItem();
        }
        int position = 0;
        for (LayerSpec spec : specs) {
            project.layers.add(newLayer(project, spec, position++));
        }
        project.persistAndFlush();
        // a new project has no work, so its (no) review figures are built for its layers: no rebuild on first read
        figures.markBuilt(project.id);
        audit.record(actorId, "create", "project", project.id, project.id, Map.of("name", project.name));
        return project;
    }

    /**
     * An interval or ratio label: a decimal number as JSON writes one. Java's own parser also takes NaN, Infinity, hex
     * (0x1p3), type suffixes (1d, 2f) and surrounding spaces, none of which a person means as a value on a scale.
     */
    static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    /** Rules a layer list must satisfy beyond its field annotations (unique names, numeric interval labels …). */
    static void validateLayers(List<LayerSpec> specs) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            LayerSpec spec = specs.get(i);
            String field = "layers[" + i + "]";
            if (!names.add(spec.name())) {
                throw ProblemException.unprocessable(field + ".name", "layer '" + spec.name() + "' appears twice");
            }
            if (new HashSet<>(spec.labelValues()).size() != spec.labels().size()) {
                throw ProblemException.unprocessable(field + ".labels", "labels must be unique");
            }
            Set<String> keys = new HashSet<>();
            for (LabelSpec label : spec.labels()) {
                if (label.key() != null && !keys.add(label.key())) {
                    throw ProblemException.unprocessable(field + ".labels", "key '" + label.key()
                            + "' is given to two labels of layer '" + spec.name() + "'; a key picks one label");
                }
            }
            if (spec.measurement().equals("interval") || spec.measurement().equals("ratio")) {
                for (String label : spec.labelValues()) {
                    double value = DECIMAL.matcher(label).matches() ? Double.parseDouble(label) : Double.NaN;
                    if (!Double.isFinite(value)) {
                        throw ProblemException.unprocessable(field + ".labels", spec.measurement()
                                + " labels must be finite decimal numbers such as 3, -0.5 or 1e3; '" + label + "' is not");
                    }
                    if (spec.measurement().equals("ratio") && value < 0) {
                        throw ProblemException.unprocessable(field + ".labels", "ratio labels must not be negative");
                    }
                }
            }
            if (spec.scope().equals(Layer.SPAN) && !spec.measurement().equals("nominal")) {
                throw ProblemException.unprocessable(field + ".measurement",
                        "span layers are nominal (agreement on spans is unitizing α and span F1)");
            }
            Set<String> attributeNames = new HashSet<>();
            for (LayerSpec.AttributeSpec attribute : spec.attributes()) {
                if (!attributeNames.add(attribute.name())) {
                    throw ProblemException.unprocessable(field + ".attributes", "attribute '" + attribute.name() + "' appears twice");
                }
            }
        }
    }

    /** Rater attribute names are unique, and so are the values of each. */
    static void validateRaterAttributes(List<RaterAttribute> attributes) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < attributes.size(); i++) {
            RaterAttribute a = attributes.get(i);
            if (!names.add(a.name())) {
                throw ProblemException.unprocessable("raterAttributes[" + i + "].name",
                        "rater attribute '" + a.name() + "' appears twice");
            }
            if (a.closed() && new HashSet<>(a.values()).size() != a.values().size()) {
                throw ProblemException.unprocessable("raterAttributes[" + i + "].values", "values must be unique");
            }
        }
    }

    static Layer newLayer(Project project, LayerSpec spec, int position) {
        Layer layer = new Layer();
        layer.project = project;
        layer.name = spec.name();
        layer.scope = spec.scope();
        layer.measurement = spec.measurement();
        layer.position = position;
        layer.guidelines = spec.guidelines();
        int labelPosition = 0;
        for (LabelSpec labelSpec : spec.labels()) {
            LayerLabel label = new LayerLabel();
            label.layer = layer;
            label.value = labelSpec.value();
            label.description = labelSpec.description();
            label.key = labelSpec.key();
            label.position = labelPosition++;
            layer.labels.add(label);
        }
        for (LayerSpec.AttributeSpec a : spec.attributes()) {
            LayerAttribute attribute = new LayerAttribute();
            attribute.layer = layer;
            attribute.name = a.name();
            attribute.type = a.type();
            layer.attributes.add(attribute);
        }
        return layer;
    }

    public Project get(long id) {
        return Project.<Project>findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("Project", id));
    }

    public Page<Project> list(PageRequest page) {
        var query = Project.<Project>findAll(Sort.by("id"));
        return new Page<>(query.page(page.page, page.size).list(), page.page, page.size, query.count());
    }

    /** Adds articles as items (by ids, or every article of a story); an article already in the project is skipped. */
    @Transactional
    public int addItems(long projectId, List<Long> articleIds, String storyKey, long actorId) {
        Project project = get(projectId);
        List<Long> ids = articleIds != null ? articleIds : storyArticleIds(storyKey);
        List<Long> distinct = ids.stream().distinct().toList();
        @SuppressWarnings("unchecked")
        List<Number> known = em.createNativeQuery("select id from article where id = any(?1)")
                .setParameter(1, distinct.toArray(Long[]::new)).getResultList();
        if (known.size() != distinct.size()) {
            Set<Long> found = new HashSet<>();
            known.forEach(n -> found.add(n.longValue()));
            List<Long> missing = distinct.stream().filter(id -> !found.contains(id)).toList();
            throw ProblemException.unprocessable("articleIds", "unknown article ids: " + missing);
        }
        // ORDER BY keeps the queue order equal to the order the client listed the articles in.
        int added = em.createNativeQuery("insert into project_item (project_id, article_id, capacity) "
                        + "select ?1, a.id, ?2 from unnest(?3) with ordinality as a(id, n) order by a.n "
                        + "on conflict on constraint project_item_unique do nothing")
                .setParameter(1, projectId)
                .setParameter(2, project.annotatorsPerItem)
                .setParameter(3, distinct.toArray(Long[]::new))
                .executeUpdate();
        audit.record(actorId, "add-items", "project", projectId, projectId, Map.of("added", added));
        return added;
    }

    private List<Long> storyArticleIds(String storyKey) {
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("select id from article where story_key = ?1 order by id")
                .setParameter(1, storyKey).getResultList();
        return new ArrayList<>(ids.stream().map(Number::longValue).toList());
    }

    /**
     * Marks items as controls (SPEC §8): their current gold is the answer key, and the queue mixes them into every
     * rater's work at the project's controlRate. Each must be an item of the project with a current adjudication
     * (422 naming those that are not; nothing is marked then). A control is for every rater, so its capacity becomes
     * the largest integer. Returns how many controls the project has now.
     */
    @Transactional
    public long markControls(long projectId, List<Long> articleIds, long actorId) {
        get(projectId);
        Long[] ids = articleIds.stream().distinct().toArray(Long[]::new);
        @SuppressWarnings("unchecked")
        List<Number> ready = em.createNativeQuery("select i.article_id from project_item i where i.project_id = ?1 "
                        + "and i.article_id = any(cast(?2 as bigint[])) "
                        + "and exists (select 1 from adjudication d where d.item_id = i.id and d.current) for update of i")
                .setParameter(1, projectId).setParameter(2, ids).getResultList();
        Set<Long> found = new HashSet<>();
        ready.forEach(n -> found.add(n.longValue()));
        List<Long> missing = java.util.Arrays.stream(ids).filter(id -> !found.contains(id)).toList();
        if (!missing.isEmpty()) {
            throw ProblemException.unprocessable("articleIds", "a control needs to be an item of the project with gold "
                    + "(an adjudication: its answer key); these are not: " + missing).with("notReady", missing);
        }
        em.createNativeQuery("update project_item set is_control = true, capacity = 2147483647 "
                        + "where project_id = ?1 and article_id = any(cast(?2 as bigint[]))")
                .setParameter(1, projectId).setParameter(2, ids).executeUpdate();
        audit.record(actorId, "mark-controls", "project", projectId, projectId, Map.of("articleIds", List.of(ids)));
        return ((Number) em.createNativeQuery("select count(*) from project_item where project_id = ?1 and is_control")
                .setParameter(1, projectId).getSingleResult()).longValue();
    }

    /** Removes an item; refused (409) once anyone has been assigned it, so no work is ever orphaned. */
    @Transactional
    public void removeItem(long projectId, long articleId, long actorId) {
        get(projectId);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select i.id, (select count(*) from assignment a where a.item_id = i.id) "
                        + "from project_item i where i.project_id = ?1 and i.article_id = ?2 for update", Object[].class)
                .setParameter(1, projectId).setParameter(2, articleId).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound("Item for article", articleId);
        }
        if (((Number) rows.get(0)[1]).longValue() > 0) {
            throw ProblemException.conflict("Article " + articleId + " already has assignments in this project; "
                    + "items with work cannot be removed");
        }
        em.createNativeQuery("delete from project_item where id = ?1").setParameter(1, ((Number) rows.get(0)[0]).longValue())
                .executeUpdate();
        audit.record(actorId, "remove-item", "project", projectId, projectId, Map.of("articleId", articleId));
    }

    /**
     * Where a project's items stand, for the dashboard, by item_stage (R__queue_functions.sql): {@code complete}
     * (item_is_complete: k submitted, or imported work with no live lease), {@code inProgress} (some work leased or
     * submitted, not yet complete), {@code untouched} (nothing leased or submitted), {@code controls} (control items,
     * SPEC §8: for every rater, so never complete and never unfinished work; counted apart, in none of the three), and
     * how many have gold ({@code adjudicated}, controls included: their gold is the answer key).
     */
    public record Progress(long items, long complete, long inProgress, long untouched, long adjudicated, long controls) {
    }

    private static final String STAGE = WorkRules.itemStage("i");

    /** The project's item counts in one query over its project_item counters. */
    static final String PROJECT_PROGRESS = "select count(*), "
            + "count(*) filter (where " + STAGE + " = 'complete'), "
            + "count(*) filter (where " + STAGE + " = 'in_progress'), "
            + "count(*) filter (where " + STAGE + " = 'untouched'), "
            + "count(*) filter (where exists (select 1 from adjudication d where d.item_id = i.id and d.current)), "
            + "count(*) filter (where " + STAGE + " = 'control') "
            + "from project_item i where i.project_id = ?1";

    public Progress progress(long projectId) {
        get(projectId);
        Object[] r = (Object[]) em.createNativeQuery(PROJECT_PROGRESS, Object[].class).setParameter(1, projectId)
                .getSingleResult();
        return new Progress(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), ((Number) r[2]).longValue(),
                ((Number) r[3]).longValue(), ((Number) r[4]).longValue(), ((Number) r[5]).longValue());
    }

    /** One row of the item list: where an item stands in the queue. */
    public record ItemStatus(long articleId, String title, long sourceId, int capacity, int active, int submitted,
                             boolean adjudicated, int escalations) {
    }

    public Page<ItemStatus> items(long projectId, PageRequest page) {
        get(projectId);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select i.article_id, a.title, a.source_id, i.capacity, i.active_count, "
                        + "i.submitted_count, exists (select 1 from adjudication d where d.item_id = i.id and d.current), i.escalations "
                        + "from project_item i join article a on a.id = i.article_id where i.project_id = ?1 "
                        + "order by i.position limit ?2 offset ?3", Object[].class)
                .setParameter(1, projectId).setParameter(2, page.size).setParameter(3, page.offset()).getResultList();
        long total = ((Number) em.createNativeQuery("select count(*) from project_item where project_id = ?1")
                .setParameter(1, projectId).getSingleResult()).longValue();
        List<ItemStatus> items = rows.stream().map(r -> new ItemStatus(((Number) r[0]).longValue(), (String) r[1],
                ((Number) r[2]).longValue(), ((Number) r[3]).intValue(), ((Number) r[4]).intValue(),
                ((Number) r[5]).intValue(), (Boolean) r[6], ((Number) r[7]).intValue())).toList();
        return new Page<>(items, page.page, page.size, total);
    }
}
