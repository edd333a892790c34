package io.crosscheck.review;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;

/**
 * Test data: submitted (imported) work written straight into the tables, in the shape of the annotation import's
 * lines, so the review tests do not depend on the order in which the branches land.
 */
@ApplicationScoped
public class SubmittedWork {

    @Inject
    EntityManager em;

    /** One import line: a span when start is set, a document label otherwise, "did the item" when label is null. */
    public record Line(long articleId, String annotator, String layer, String label, Integer start, Integer end,
                       String quote) {
        public static Line doc(long articleId, String annotator, String layer, String label) {
            return new Line(articleId, annotator, layer, label, null, null, null);
        }

        public static Line span(long articleId, String annotator, String layer, String label, int start, int end,
                                String quote) {
            return new Line(articleId, annotator, layer, label, start, end, quote);
        }
    }

    @Transactional
    public void load(long projectId, List<Line> lines) {
        for (Line l : lines) {
            long user = ((Number) em.createNativeQuery("insert into app_user (username, role) values (?1, 'annotator') "
                    + "on conflict (username) do update set username = excluded.username returning id")
                    .setParameter(1, l.annotator()).getSingleResult()).longValue();
            long item = ((Number) em.createNativeQuery("select id from project_item where project_id = ?1 and article_id = ?2")
                    .setParameter(1, projectId).setParameter(2, l.articleId()).getSingleResult()).longValue();
            List<?> existing = em.createNativeQuery("select id from assignment where item_id = ?1 and annotator_id = ?2")
                    .setParameter(1, item).setParameter(2, user).getResultList();
            long assignment;
            if (existing.isEmpty()) {
                assignment = ((Number) em.createNativeQuery("insert into assignment (project_id, item_id, article_id, "
                                + "annotator_id, status, ended_at, imported) values (?1, ?2, ?3, ?4, 'submitted', now(), true) "
                                + "returning id")
                        .setParameter(1, projectId).setParameter(2, item).setParameter(3, l.articleId())
                        .setParameter(4, user).getSingleResult()).longValue();
            } else {
                assignment = ((Number) existing.get(0)).longValue();
            }
            if (l.label() == null) {
                continue;
            }
            long layer = ((Number) em.createNativeQuery("select id from layer where project_id = ?1 and name = ?2")
                    .setParameter(1, projectId).setParameter(2, l.layer()).getSingleResult()).longValue();
            em.unwrap(org.hibernate.Session.class).createNativeQuery("insert into annotation (assignment_id, project_id, article_id, annotator_id, layer_id, "
                            + "label, start_offset, end_offset, quote) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
                    .setParameter(1, assignment).setParameter(2, projectId).setParameter(3, l.articleId())
                    .setParameter(4, user).setParameter(5, layer).setParameter(6, l.label())
                    .setParameter(7, l.start(), Integer.class).setParameter(8, l.end(), Integer.class)
                    .setParameter(9, l.quote(), String.class).executeUpdate();
        }
    }
}
