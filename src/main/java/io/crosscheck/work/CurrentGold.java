package io.crosscheck.work;

import io.crosscheck.database.ReadDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.Collection;
import java.util.List;

/**
 * The current gold (each item's newest adjudication) as compact rows, by scope: the whole project (annotator accuracy,
 * the source report) or a set of articles (the story view). Read beside submitted work, in the caller's transaction
 * and so in the same snapshot; the adjudication history and its writes stay in review/.
 */
@ApplicationScoped
public class CurrentGold {

    @Inject
    EntityManager em;

    @Inject
    ReadDatabase reads;

    /** A current gold annotation of an item. */
    public record GoldRow(long articleId, long adjudicationId, int version, long layerId, String label, Integer start,
                          Integer end, String quote, String attributes) {
    }

    /** The current gold of every adjudicated item of the project, in a read-only transaction of its own. */
    @Transactional
    public List<GoldRow> projectNow(long projectId) {
        return project(projectId);
    }

    /** The current gold of every adjudicated item of the project, in the caller's transaction. */
    public List<GoldRow> project(long projectId) {
        return gold(projectId, "true", null, Long.class);
    }

    /** The current gold of the given articles' items (the story view's versions). */
    public List<GoldRow> articles(long projectId, Collection<Long> articleIds) {
        return gold(projectId, "d.article_id = any(cast(?2 as bigint[]))", articleIds.toArray(Long[]::new), Long[].class);
    }

    /** Article ids of the project's items that have a current adjudication (an empty gold set counts). */
    public List<Long> adjudicatedArticles(long projectId) {
        @SuppressWarnings("unchecked")
        List<Number> rows = reads.session(em).createNativeQuery(
                        "select article_id from adjudication where project_id = ?1 and current")
                .setParameter(1, projectId).getResultList();
        return rows.stream().map(Number::longValue).toList();
    }

    /** Current gold rows; {@code filter} is a fixed SQL fragment of this class on parameter ?2. */
    private <T> List<GoldRow> gold(long projectId, String filter, T value, Class<T> type) {
        var query = reads.session(em).createNativeQuery("select d.article_id, d.id, d.version, g.layer_id, g.label, "
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
}
