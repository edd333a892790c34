package io.crosscheck.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.Map;

/** Appends to the audit log inside the caller's transaction, so a change and its record commit together. */
@ApplicationScoped
public class Audit {

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Long actorId, String action, String entity, Long entityId, Long projectId, Map<String, ?> detail) {
        String detailJson;
        try {
            detailJson = detail == null ? null : json.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit detail is not serialisable", e);
        }
        em.unwrap(org.hibernate.Session.class).createNativeMutationQuery("insert into audit_event (actor_id, action, entity, entity_id, project_id, detail) "
                        + "values (?1, ?2, ?3, ?4, ?5, cast(?6 as jsonb))")
                .setParameter(1, actorId, Long.class)
                .setParameter(2, action, String.class)
                .setParameter(3, entity, String.class)
                .setParameter(4, entityId, Long.class)
                .setParameter(5, projectId, Long.class)
                .setParameter(6, detailJson, String.class)
                .executeUpdate();
    }
}
