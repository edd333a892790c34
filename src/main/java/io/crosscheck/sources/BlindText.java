package io.crosscheck.sources;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.util.List;

/**
 * Which redaction an annotator's view of an article in a project goes through (SPEC §8 blind texts): the source's
 * redact strings when the project is blind, none otherwise. queue/next gets the same strings from queue_next itself.
 */
@ApplicationScoped
public class BlindText {

    @Inject
    EntityManager em;

    public Redaction forAnnotator(long projectId, long articleId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select p.blind_sources, s.redact from project p, article a "
                        + "join source s on s.id = a.source_id where p.id = ?1 and a.id = ?2", Object[].class)
                .setParameter(1, projectId).setParameter(2, articleId).getResultList();
        if (rows.isEmpty() || !Boolean.TRUE.equals(rows.get(0)[0]) || rows.get(0)[1] == null) {
            return Redaction.of(List.of());
        }
        return Redaction.of(List.of(strings(rows.get(0)[1])));
    }

    private static String[] strings(Object array) {
        if (array instanceof String[] s) {
            return s;
        }
        if (array instanceof Object[] o) {
            return java.util.Arrays.stream(o).map(String::valueOf).toArray(String[]::new);
        }
        try {
            return (String[]) ((java.sql.Array) array).getArray();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("source.redact is not a text array", e);
        }
    }
}
