package io.crosscheck.audit;

import io.crosscheck.common.Page;
import io.crosscheck.common.PageRequest;
import io.crosscheck.common.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import java.time.OffsetDateTime;
import java.util.List;

/** Read access to the append-only audit log (supervisors), newest first, optionally for one project. */
@Path("/api/v1/audit")
@RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
public class AuditResource {

    @Inject
    EntityManager em;

    public record AuditEventResponse(long id, OffsetDateTime at, Long actorId, String actor, String action,
                                     String entity, Long entityId, Long projectId, String detail) {
    }

    @GET
    @SuppressWarnings("unchecked")
    public Page<AuditEventResponse> list(@QueryParam("projectId") Long projectId, @Valid @BeanParam PageRequest page) {
        String where = projectId == null ? "" : " where e.project_id = :p";
        var query = em.createNativeQuery("select e.id, e.at, e.actor_id, u.username, e.action, e.entity, e.entity_id, "
                + "e.project_id, cast(e.detail as text) from audit_event e left join app_user u on u.id = e.actor_id"
                + where + " order by e.id desc", Object[].class);
        var count = em.createNativeQuery("select count(*) from audit_event e" + where, Long.class);
        if (projectId != null) {
            query.setParameter("p", projectId);
            count.setParameter("p", projectId);
        }
        List<Object[]> rows = query.setFirstResult(page.offset()).setMaxResults(page.size).getResultList();
        List<AuditEventResponse> items = rows.stream().map(r -> new AuditEventResponse(
                ((Number) r[0]).longValue(), toTime(r[1]), r[2] == null ? null : ((Number) r[2]).longValue(), (String) r[3],
                (String) r[4], (String) r[5], r[6] == null ? null : ((Number) r[6]).longValue(),
                r[7] == null ? null : ((Number) r[7]).longValue(), (String) r[8])).toList();
        return new Page<>(items, page.page, page.size, ((Number) count.getSingleResult()).longValue());
    }

    private static OffsetDateTime toTime(Object value) {
        if (value instanceof OffsetDateTime t) {
            return t;
        }
        if (value instanceof java.time.Instant i) {
            return i.atOffset(java.time.ZoneOffset.UTC);
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant().atOffset(java.time.ZoneOffset.UTC);
        }
        return null;
    }
}
