package io.crosscheck.review;

import io.crosscheck.audit.Audit;
import io.crosscheck.common.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;

/**
 * Escalation on disagreement (SPEC §8): after a submit completes an item's panel, its per-item agreement on the
 * project's escalation layer (the review queue's figure) is compared with the threshold; below it, and below the
 * maximum, the item's capacity grows by one, so the queue offers it to one more rater (balanced by the panel rule,
 * which counts the extra slot like any other). One rater at a time: the next check is when that one has submitted.
 */
@ApplicationScoped
public class Escalation {

    private static final Logger LOG = Logger.getLogger(Escalation.class);

    /**
     * The SQL of an item's escalation reason (item_escalation_reason, R__queue_functions.sql; null when never
     * escalated), on a project_item alias {@code i} and a project alias {@code p}: the review queue and the exports
     * both say why an item has more raters than k with it.
     */
    public static final String REASON = reason("i", "p");

    /** {@link #REASON} on other aliases: {@code item} of project_item, {@code project} of project. */
    public static String reason(String item, String project) {
        return "item_escalation_reason(" + item + ".escalations, " + item + ".escalation_agreements, " + item
                + ".capacity, " + project + ".escalation_layer, " + project + ".escalation_below, exists (select 1 "
                + "from layer l where l.project_id = " + project + ".id and l.name = " + project + ".escalation_layer "
                + "and l.scope = 'span'))";
    }

    @Inject
    EntityManager em;

    @Inject
    ReviewService review;

    @Inject
    Audit audit;

    /**
     * Checks the item of a submitted assignment. The capacity grows only where it still is what was read and every
     * slot is submitted, so two submits completing the item at once add one rater, not two. An agreement that is
     * undefined (null: e.g. nobody labeled the layer) does not escalate. No transaction around the whole: the
     * review's snapshot read opens its own (read-only, repeatable read); only the growth is one short transaction.
     */
    public void afterSubmit(long projectId, long itemId, long articleId, long actorId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select p.escalation_layer, p.escalation_below, p.escalation_max, "
                        + "i.capacity, i.submitted_count from project p join project_item i on i.project_id = p.id "
                        + "where i.id = ?1 and p.escalation_layer is not null", Object[].class)
                .setParameter(1, itemId).getResultList();
        if (rows.isEmpty()) {
            return;
        }
        Object[] r = rows.get(0);
        String layer = (String) r[0];
        double below = ((Number) r[1]).doubleValue();
        int max = ((Number) r[2]).intValue();
        int capacity = ((Number) r[3]).intValue();
        int submitted = ((Number) r[4]).intValue();
        if (submitted < capacity || capacity >= max) {
            return;
        }
        Double agreement;
        try {
            agreement = review.disagreements(projectId, articleId, layer).layers().get(0).agreement();
        } catch (ProblemException e) {
            LOG.warnf("escalation of item %d skipped: %s", itemId, e.getMessage());
            return;
        }
        if (agreement == null || agreement >= below) {
            return;
        }
        double seen = agreement;
        QuarkusTransaction.requiringNew().run(() -> grow(projectId, itemId, articleId, actorId, layer, below, capacity, seen));
    }

    private void grow(long projectId, long itemId, long articleId, long actorId, String layer, double below, int capacity,
                      double agreement) {
        // escalation_agreements (V49) keeps why, in order, for the review queue and the exports
        int grown = em.createNativeQuery("update project_item set capacity = capacity + 1, escalations = escalations + 1, "
                        + "escalation_agreements = escalation_agreements || cast(?3 as double precision) "
                        + "where id = ?1 and capacity = ?2 and submitted_count = capacity")
                .setParameter(1, itemId).setParameter(2, capacity).setParameter(3, agreement).executeUpdate();
        if (grown == 1) {
            audit.record(actorId, "escalate", "item", itemId, projectId, Map.of("articleId", articleId, "layer", layer,
                    "agreement", agreement, "belowAgreement", below, "raters", capacity + 1));
        }
    }
}
