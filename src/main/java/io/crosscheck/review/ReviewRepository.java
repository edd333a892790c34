package io.crosscheck.review;

import io.crosscheck.work.WorkLayer;
import io.crosscheck.common.ProblemException;
import io.crosscheck.database.ReadDatabase;
import io.crosscheck.review.ProjectWork.Done;
import io.crosscheck.review.ProjectWork.ItemInfo;
import io.crosscheck.review.ProjectWork.Label;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads a project's submitted work and current gold as compact rows with SQL: review and reliability figures are
 * computed over every item, and entity graphs of thousands of annotations would cost far more than these rows.
 */
@ApplicationScoped
public class ReviewRepository {

    /** Item completeness, the one definition of R__queue_functions.sql (alias {@code i} is the project_item). */
    static final String COMPLETE = io.crosscheck.work.WorkRules.itemIsComplete("i");

    @Inject
    EntityManager em;

    @Inject
    ReadDatabase reads;

    @Inject
    ItemFigureStore figures;

    /** A current gold annotation of an item. */
    public record GoldRow(long articleId, long adjudicationId, int version, long layerId, String label, Integer start,
                          Integer end, String quote, String attributes) {
    }

    /** An article's word count (whitespace-separated runs of its text), on the article aliased {@code a}. */
    public static final String WORDS =
            "case when btrim(a.text) = '' then 0 else array_length(regexp_split_to_array(btrim(a.text), '\\s+'), 1) end";

    /**
     * Hibernate's own query API: it binds a null parameter with the type given, which PostgreSQL needs. On the replica
     * in a report request, on the primary otherwise (adjudication and escalation read their own writes).
     */
    private org.hibernate.Session session() {
        return reads.session(em);
    }

    /** {@link #projectExists} in a transaction of its own. */
    @Transactional
    public boolean projectExistsNow(long projectId) {
        return projectExists(projectId);
    }

    /** {@link #layers} in a transaction of its own. */
    @Transactional
    public List<WorkLayer> layersNow(long projectId) {
        return layers(projectId);
    }

    public boolean projectExists(long projectId) {
        return !session().createNativeQuery("select 1 from project where id = ?1").setParameter(1, projectId)
                .getResultList().isEmpty();
    }

    /** What the review and reliability reports read: the project's work, its current gold and the adjudicated items. */
    public record Snapshot(ProjectWork work, List<GoldRow> gold, List<Long> adjudicated) {
    }

    /**
     * The whole project's work, gold and adjudicated items from one read-only REPEATABLE READ transaction, so the three
     * agree with each other. The reports then compute outside any transaction: a bootstrap over a large project can
     * take longer than the transaction timeout, and must not hold a pooled connection while it runs.
     *
     * @throws ProblemException 404 for an unknown project
     */
    @Transactional
    public Snapshot snapshot(long projectId) {
        session().doWork(c -> {
            try (var st = c.createStatement()) {
                st.execute("set transaction isolation level repeatable read, read only");
            }
        });
        if (!projectExists(projectId)) {
            throw ProblemException.notFound("Project", projectId);
        }
        return new Snapshot(load(projectId, null), currentGold(projectId, null), adjudicatedArticles(projectId));
    }

    /**
     * What one item's report reads: the item's own work, and per document layer the pairable-value counts of the whole
     * project (for D_e), in one read-only REPEATABLE READ transaction. Nothing else of the project is loaded.
     *
     * @throws ProblemException 404 for an unknown project
     */
    @Transactional
    public ItemSnapshot itemSnapshot(long projectId, long articleId) {
        session().doWork(c -> {
            try (var st = c.createStatement()) {
                st.execute("set transaction isolation level repeatable read, read only");
            }
        });
        if (!projectExists(projectId)) {
            throw ProblemException.notFound("Project", projectId);
        }
        ProjectWork work = load(projectId, articleId);
        // D_e: the layers' stored pairable-value counts (V46 layer_pairable), kept by ItemFigureStore on every write
        return new ItemSnapshot(work, figures.pairable(projectId));
    }

    /** One item's work and the layers' pairable-value counts (layer id → label → n). */
    public record ItemSnapshot(ProjectWork work, Map<Long, Map<String, Long>> pairableCounts) {
    }

    /** Everything submitted on the project; {@code articleId} narrows it to one item (null: all items). */
    public ProjectWork load(long projectId, Long articleId) {
        return new ProjectWork(projectId, layers(projectId), items(projectId, articleId), done(projectId, articleId),
                labels(projectId, articleId));
    }

    public List<WorkLayer> layers(long projectId) {
        return session().doReturningWork(c -> WorkLayer.read(c, projectId));
    }

    // One item's reads name the item outright ("i.article_id = ?2", "s.item_id = (the item)"): with "?2 is null or
    // ...", a generic plan (PostgreSQL's choice after a few executions of a prepared statement) cannot use an index,
    // and the annotation index leads with (project_id, layer_id), so one item's labels cost a walk over the project's
    // (1.35 s on the 1M bench project) instead of its assignments' few rows.
    private static final String THE_ITEM = "(select i.id from project_item i where i.project_id = ?1 and i.article_id = ?2)";

    private List<ItemInfo> items(long projectId, Long articleId) {
        return articleId == null ? items(projectId, "true", null, Long.class)
                : items(projectId, "i.article_id = ?2", articleId, Long.class);
    }

    /** The project's items whose article belongs to the story (the story view reads one story, not the project). */
    public List<ItemInfo> storyItems(long projectId, String storyKey) {
        return items(projectId, "a.story_key = ?2", storyKey, String.class);
    }

    /** Items of the project; {@code filter} is a fixed SQL fragment of this class on parameter ?2. */
    private <T> List<ItemInfo> items(long projectId, String filter, T value, Class<T> type) {
        var query = session().createNativeQuery("select i.id, i.article_id, a.title, a.source_id, s.name, a.length, "
                        + WORDS + ", "
                        + COMPLETE + ", exists (select 1 from adjudication d where d.item_id = i.id and d.current), a.story_key "
                        + "from project_item i join article a on a.id = i.article_id join source s on s.id = a.source_id "
                        + "where i.project_id = ?1 and " + filter + " order by i.position",
                        Object[].class)
                .setParameter(1, projectId);
        if (value != null) {
            query.setParameter(2, value, type);
        }
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(r -> new ItemInfo(((Number) r[0]).longValue(), ((Number) r[1]).longValue(),
                (String) r[2], ((Number) r[3]).longValue(), (String) r[4], ((Number) r[5]).intValue(),
                ((Number) r[6]).intValue(), (Boolean) r[7], (Boolean) r[8], (String) r[9])).toList();
    }

    private List<Done> done(long projectId, Long articleId) {
        var query = session().createNativeQuery("select s.article_id, s.annotator_id, u.username from assignment s "
                        + "join app_user u on u.id = s.annotator_id where "
                        + (articleId == null ? "s.project_id = ?1" : "s.item_id = " + THE_ITEM)
                        + " and " + io.crosscheck.work.WorkRules.workCounts("s") + " order by s.article_id, u.username",
                        Object[].class)
                .setParameter(1, projectId);
        if (articleId != null) {
            query.setParameter(2, articleId);
        }
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(r -> new Done(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), (String) r[2]))
                .toList();
    }

    private List<Label> labels(long projectId, Long articleId) {
        var query = session().createNativeQuery("select n.article_id, n.annotator_id, n.layer_id, n.label, "
                        + "n.start_offset, n.end_offset, n.quote from annotation n "
                        + "join assignment s on s.id = n.assignment_id and " + io.crosscheck.work.WorkRules.workCounts("s")
                        + " where " + (articleId == null ? "n.project_id = ?1" : "s.item_id = " + THE_ITEM)
                        + " order by n.article_id, n.layer_id, n.start_offset nulls first, n.end_offset, n.id", Object[].class)
                .setParameter(1, projectId);
        if (articleId != null) {
            query.setParameter(2, articleId);
        }
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(r -> new Label(((Number) r[0]).longValue(), ((Number) r[1]).longValue(),
                ((Number) r[2]).longValue(), (String) r[3], r[4] == null ? null : ((Number) r[4]).intValue(),
                r[5] == null ? null : ((Number) r[5]).intValue(), (String) r[6])).toList();
    }

    /** The current gold of every adjudicated item of the project, in a read-only transaction of its own. */
    @Transactional
    public List<GoldRow> gold(long projectId) {
        return currentGold(projectId, null);
    }

    /** The current gold of the given articles' items (the story view's versions). */
    public List<GoldRow> currentGoldOf(long projectId, java.util.Collection<Long> articleIds) {
        return gold(projectId, "d.article_id = any(cast(?2 as bigint[]))", articleIds.toArray(Long[]::new), Long[].class);
    }

    /** The current gold of every adjudicated item of the project (or of one article). */
    public List<GoldRow> currentGold(long projectId, Long articleId) {
        return gold(projectId, articleId == null ? "true" : "d.article_id = ?2", articleId, Long.class);
    }

    /** Current gold rows; {@code filter} is a fixed SQL fragment of this class on parameter ?2. */
    private <T> List<GoldRow> gold(long projectId, String filter, T value, Class<T> type) {
        var query = session().createNativeQuery("select d.article_id, d.id, d.version, g.layer_id, g.label, "
                        + "g.start_offset, g.end_offset, g.quote, cast(g.attributes as text) from adjudication d "
                        + "join gold_annotation g on g.adjudication_id = d.id "
                        + "where d.project_id = ?1 and d.current and " + filter + " "
                        + "order by d.article_id, g.layer_id, g.start_offset nulls first, g.end_offset, g.id", Object[].class)
                .setParameter(1, projectId);
        if (value != null) {
            query.setParameter(2, value, type);
        }
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(r -> new GoldRow(((Number) r[0]).longValue(), ((Number) r[1]).longValue(),
                ((Number) r[2]).intValue(), ((Number) r[3]).longValue(), (String) r[4],
                r[5] == null ? null : ((Number) r[5]).intValue(), r[6] == null ? null : ((Number) r[6]).intValue(),
                (String) r[7], (String) r[8])).toList();
    }

    /** Titles of the given articles (the rows of one review-queue page). */
    @Transactional
    public Map<Long, String> titles(long[] articleIds) {
        Map<Long, String> out = new java.util.HashMap<>();
        if (articleIds.length == 0) {
            return out;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = session().createNativeQuery("select id, title from article "
                        + "where id = any(cast(string_to_array(?1, ',') as bigint[]))", Object[].class)
                .setParameter(1, java.util.Arrays.stream(articleIds).mapToObj(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(","))).getResultList();
        rows.forEach(r -> out.put(((Number) r[0]).longValue(), (String) r[1]));
        return out;
    }

    /** Raters added by escalation (SPEC §8) to the given items of the project, by article id (absent: none). */
    public Map<Long, Integer> escalations(long projectId, long[] articleIds) {
        Map<Long, Integer> out = new java.util.HashMap<>();
        if (articleIds.length == 0) {
            return out;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = session().createNativeQuery("select article_id, escalations from project_item "
                        + "where project_id = ?1 and escalations > 0 "
                        + "and article_id = any(cast(string_to_array(?2, ',') as bigint[]))", Object[].class)
                .setParameter(1, projectId).setParameter(2, java.util.Arrays.stream(articleIds).mapToObj(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(","))).getResultList();
        rows.forEach(r -> out.put(((Number) r[0]).longValue(), ((Number) r[1]).intValue()));
        return out;
    }

    /** The project's number of rounds (1, or 2 with a revising round, SPEC §8). */
    public int rounds(long projectId) {
        return ((Number) session().createNativeQuery("select rounds from project where id = ?1")
                .setParameter(1, projectId).getSingleResult()).intValue();
    }

    /** Article ids of the project's items that have a current adjudication (an empty gold set counts). */
    public List<Long> adjudicatedArticles(long projectId) {
        @SuppressWarnings("unchecked")
        List<Number> rows = session().createNativeQuery("select article_id from adjudication where project_id = ?1 and current")
                .setParameter(1, projectId).getResultList();
        return rows.stream().map(Number::longValue).toList();
    }
}
