package io.crosscheck.review;

import io.crosscheck.database.ReadDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Accuracy on control items (SPEC §8): per annotator, over the control items they submitted, the share of the gold's
 * document labels they gave too (a missing label counts as wrong). Span layers are measured against gold by the
 * annotators report's span F1 on every adjudicated item, controls included.
 */
@ApplicationScoped
public class ControlAccuracy {

    @Inject
    EntityManager em;

    @Inject
    ReadDatabase reads;

    /** {@code accuracy} = correct / labels, null while no gold label was judged. */
    public record Figures(long items, long labels, long correct, Double accuracy) {
    }

    public Map<Long, Figures> byAnnotator(long projectId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = reads.session(em).createNativeQuery("select a.annotator_id, count(distinct a.id), count(g.id), "
                        + "count(g.id) filter (where an.label = g.label) from assignment a "
                        + "join project_item i on i.id = a.item_id and i.is_control "
                        + "left join adjudication d on d.item_id = i.id and d.current "
                        + "left join gold_annotation g on g.adjudication_id = d.id and g.start_offset is null "
                        + "left join annotation an on an.assignment_id = a.id and an.layer_id = g.layer_id "
                        + "and an.start_offset is null "
                        + "where a.project_id = ?1 and " + io.crosscheck.work.WorkRules.workCounts("a") + " group by a.annotator_id", Object[].class)
                .setParameter(1, projectId).getResultList();
        Map<Long, Figures> out = new HashMap<>();
        for (Object[] r : rows) {
            long labels = ((Number) r[2]).longValue();
            long correct = ((Number) r[3]).longValue();
            out.put(((Number) r[0]).longValue(), new Figures(((Number) r[1]).longValue(), labels, correct,
                    labels == 0 ? null : (double) correct / labels));
        }
        return out;
    }
}
