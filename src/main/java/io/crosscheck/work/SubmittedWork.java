package io.crosscheck.work;

import io.crosscheck.common.ProblemException;
import io.crosscheck.database.ReadDatabase;
import io.crosscheck.work.ProjectWork.Done;
import io.crosscheck.work.ProjectWork.ItemInfo;
import io.crosscheck.work.ProjectWork.Label;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Map;

/**
 * The narrow scopes of submitted work as entity-free rows ({@link ProjectWork}): one item (the disagreement report,
 * majority gold) and one story's items (the story view). A whole project is read as compact arrays by
 * {@link CompactWork}; both count what {@link WorkRules#workCounts} counts. SQL because these rows feed computations,
 * not entities.
 */
@ApplicationScoped
public class SubmittedWork {

    /** An article's word count (whitespace-separated runs of its text), on the article aliased {@code a}. */
    public static final String WORDS =
            "case when btrim(a.text) = '' then 0 else array_length(regexp_split_to_array(btrim(a.text), '\\s+'), 1) end";

    // One item's reads name the item outright ("i.article_id = ?2", "s.item_id = (the item)"): with "?2 is null or
    // ...", a generic plan (PostgreSQL's choice after a few executions of a prepared statement) cannot use an index,
    // and the annotation index leads with (project_id, layer_id), so one item's labels cost a walk over the project's
    // (1.35 s on the 1M bench project) instead of its assignments' few rows.
    private static final String THE_ITEM = "(select i.id from project_item i where i.project_id = ?1 and i.article_id = ?2)";

    @Inject
    EntityManager em;

    @Inject
    ReadDatabase reads;

    @Inject
    ItemFigureStore figures;

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

    /** The project's number of rounds (1, or 2 with a revising round, SPEC §8): whose work a round-2 read counts. */
    public int rounds(long projectId) {
        return ((Number) session().createNativeQuery("select rounds from project where id = ?1")
                .setParameter(1, projectId).getSingleResult()).intValue();
    }

    public List<WorkLayer> layers(long projectId) {
        return session().doReturningWork(c -> WorkLayer.read(c, projectId));
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
        ProjectWork work = item(projectId, articleId);
        // D_e: the layers' stored pairable-value counts (V46 layer_pairable), kept by ItemFigureStore on every write
        return new ItemSnapshot(work, figures.pairable(projectId));
    }

    /** One item's work and the layers' pairable-value counts (layer id → label → n). */
    public record ItemSnapshot(ProjectWork work, Map<Long, Map<String, Long>> pairableCounts) {
    }

    /**
     * One item's submitted work, labels with their attributes (no item when the article is not in the project), in
     * the caller's transaction.
     */
    public ProjectWork item(long projectId, long articleId) {
        return new ProjectWork(projectId, layers(projectId), items(projectId, "i.article_id = ?2", articleId, Long.class),
                done(projectId, articleId), labels(projectId, articleId));
    }

    /** The project's items whose article belongs to the story (the story view reads one story, not the project). */
    public List<ItemInfo> storyItems(long projectId, String storyKey) {
        return items(projectId, "a.story_key = ?2", storyKey, String.class);
    }

    /** Items of the project; {@code filter} is a fixed SQL fragment of this class on parameter ?2. */
    private <T> List<ItemInfo> items(long projectId, String filter, T value, Class<T> type) {
        List<Object[]> rows = session().createNativeQuery("select i.id, i.article_id, a.title, a.source_id, s.name, a.length, "
                        + WORDS + ", " + WorkRules.itemIsComplete("i") + ", "
                        + "exists (select 1 from adjudication d where d.item_id = i.id and d.current), a.story_key "
                        + "from project_item i join article a on a.id = i.article_id join source s on s.id = a.source_id "
                        + "where i.project_id = ?1 and " + filter + " order by i.position",
                        Object[].class)
                .setParameter(1, projectId).setParameter(2, value, type).getResultList();
        return rows.stream().map(r -> new ItemInfo(((Number) r[0]).longValue(), ((Number) r[1]).longValue(),
                (String) r[2], ((Number) r[3]).longValue(), (String) r[4], ((Number) r[5]).intValue(),
                ((Number) r[6]).intValue(), (Boolean) r[7], (Boolean) r[8], (String) r[9])).toList();
    }

    private List<Done> done(long projectId, long articleId) {
        List<Object[]> rows = session().createNativeQuery("select s.article_id, s.annotator_id, u.username from assignment s "
                        + "join app_user u on u.id = s.annotator_id where s.item_id = " + THE_ITEM
                        + " and " + WorkRules.workCounts("s") + " order by s.article_id, u.username",
                        Object[].class)
                .setParameter(1, projectId).setParameter(2, articleId).getResultList();
        return rows.stream().map(r -> new Done(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), (String) r[2]))
                .toList();
    }

    private List<Label> labels(long projectId, long articleId) {
        List<Object[]> rows = session().createNativeQuery("select n.article_id, n.annotator_id, n.layer_id, n.label, "
                        + "n.start_offset, n.end_offset, n.quote, cast(n.attributes as text) from "
                        + WorkRules.countedAnnotations("s", "n")
                        + " where s.item_id = " + THE_ITEM
                        + " order by n.article_id, n.layer_id, n.start_offset nulls first, n.end_offset, n.id", Object[].class)
                .setParameter(1, projectId).setParameter(2, articleId).getResultList();
        return rows.stream().map(r -> new Label(((Number) r[0]).longValue(), ((Number) r[1]).longValue(),
                ((Number) r[2]).longValue(), (String) r[3], r[4] == null ? null : ((Number) r[4]).intValue(),
                r[5] == null ? null : ((Number) r[5]).intValue(), (String) r[6], (String) r[7])).toList();
    }
}
