package io.crosscheck.projects;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosscheck.audit.Audit;
import io.crosscheck.common.CurrentUser.Actor;
import io.crosscheck.common.Page;
import io.crosscheck.common.PageRequest;
import io.crosscheck.common.ProblemException;
import io.crosscheck.common.Roles;
import io.crosscheck.database.ReadDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who works on a project (table {@code project_member}): supervisors add and remove annotators; imports enrol the
 * annotators they name; an open project enrols an annotator on the first claim (in SQL, queue_admits). Only members
 * claim work, and an annotator who is not a member is told the project does not exist.
 */
@ApplicationScoped
public class MemberService {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    @Inject
    EntityManager em;

    /** Report reads (rater profiles of the reports): the replica inside a report request. */
    @Inject
    ReadDatabase reads;

    @Inject
    ObjectMapper json;

    @Inject
    Audit audit;

    /** One member: the user, when they joined, and their rater profile (SPEC §8; {} until set). */
    public record Member(long userId, String username, OffsetDateTime addedAt, Map<String, Object> profile) {
    }

    /** The outcome of an add: how many were new, and every named user's membership. */
    public record Added(int added, List<Member> members) {
    }

    /**
     * Adds annotators by name or id; already a member is a no-op. Unknown users and users who cannot annotate
     * (supervisors, admins) are a 422 naming them all, and then nobody is added.
     */
    @Transactional
    public Added add(long projectId, List<String> usernames, List<Long> userIds, long actorId) {
        lockProject(projectId);
        boolean byName = usernames != null;
        List<Object[]> found = byName
                ? rows("select id, username, role from app_user where username = any(cast(?1 as text[]))",
                usernames.stream().distinct().toArray(String[]::new))
                : rows("select id, username, role from app_user where id = any(cast(?1 as bigint[]))",
                userIds.stream().distinct().toArray(Long[]::new));
        Set<String> unknown = new LinkedHashSet<>();
        if (byName) {
            unknown.addAll(usernames);
            found.forEach(r -> unknown.remove((String) r[1]));
        } else {
            userIds.forEach(id -> unknown.add(String.valueOf(id)));
            found.forEach(r -> unknown.remove(String.valueOf(((Number) r[0]).longValue())));
        }
        String field = byName ? "usernames" : "userIds";
        if (!unknown.isEmpty()) {
            throw ProblemException.unprocessable(field, "no such user" + (unknown.size() > 1 ? "s: " : ": ")
                    + String.join(", ", unknown)).with("unknown", List.copyOf(unknown));
        }
        List<String> notAnnotators = found.stream().filter(r -> !Roles.ANNOTATOR.equals(r[2]))
                .map(r -> r[1] + " (" + r[2] + ")").toList();
        if (!notAnnotators.isEmpty()) {
            throw ProblemException.unprocessable(field, "only annotators are project members (supervisors and admins "
                    + "see every project but claim no work): " + String.join(", ", notAnnotators));
        }
        Long[] ids = found.stream().map(r -> ((Number) r[0]).longValue()).toArray(Long[]::new);
        int added = em.createNativeQuery("insert into project_member (project_id, user_id, added_by) "
                        + "select ?1, u, ?2 from unnest(cast(?3 as bigint[])) as t(u) order by u on conflict do nothing")
                .setParameter(1, projectId).setParameter(2, actorId).setParameter(3, ids).executeUpdate();
        audit.record(actorId, "add-members", "project", projectId, projectId, Map.of("added", added,
                "userIds", List.of(ids)));
        return new Added(added, members(projectId, ids, 0, ids.length));
    }

    /**
     * Makes the given annotators members (the annotation import: whoever's labels are loaded works on the project).
     * Users who cannot annotate are left out. Runs in the caller's transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enrol(long projectId, Long[] userIds) {
        if (userIds.length == 0) {
            return;
        }
        em.createNativeQuery("insert into project_member (project_id, user_id) select ?1, u.id from app_user u "
                        + "where u.id = any(cast(?2 as bigint[])) and u.role = 'annotator' order by u.id on conflict do nothing")
                .setParameter(1, projectId).setParameter(2, userIds).executeUpdate();
    }

    /**
     * Replaces a member's rater profile. Every key must be one of the project's raterAttributes and every value a
     * string (one of the attribute's values where it lists them); a claim already made keeps the value it was made
     * with (assignment.panel_value), so a change never unbalances a panel after the fact.
     */
    @Transactional
    public Member setProfile(long projectId, long userId, Map<String, Object> profile, long actorId) {
        Project project = Project.<Project>findByIdOptional(projectId)
                .orElseThrow(() -> ProblemException.notFound("Project", projectId));
        for (Map.Entry<String, Object> e : profile.entrySet()) {
            String field = "profile." + e.getKey();
            RaterAttribute attribute = project.raterAttribute(e.getKey()).orElseThrow(() -> ProblemException.unprocessable(
                    field, "the project declares no rater attribute '" + e.getKey() + "'; its raterAttributes are "
                            + project.raterAttributes.stream().map(RaterAttribute::name).toList()));
            if (!(e.getValue() instanceof String value) || value.isBlank() || value.length() > 100) {
                throw ProblemException.unprocessable(field, "must be a string of 1–100 characters");
            }
            if (attribute.closed() && !attribute.values().contains(value)) {
                throw ProblemException.unprocessable(field, "must be one of " + attribute.values());
            }
        }
        String text;
        try {
            text = json.writeValueAsString(profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int updated = em.createNativeQuery("update project_member set profile = cast(?3 as jsonb) "
                        + "where project_id = ?1 and user_id = ?2")
                .setParameter(1, projectId).setParameter(2, userId).setParameter(3, text).executeUpdate();
        if (updated == 0) {
            throw new ProblemException(404, "Not Found", "user " + userId + " is not a member of project " + projectId);
        }
        audit.record(actorId, "set-profile", "project", projectId, projectId, Map.of("userId", userId, "profile", profile));
        return members(projectId, new Long[] {userId}, 0, 1).get(0);
    }

    /** Every member's profile by user id (for the annotators report and the export's annotator metadata). */
    public Map<Long, Map<String, Object>> profiles(long projectId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = reads.session(em).createNativeQuery("select user_id, cast(profile as text) from project_member "
                + "where project_id = ?1", Object[].class).setParameter(1, projectId).getResultList();
        Map<Long, Map<String, Object>> out = new java.util.HashMap<>();
        for (Object[] r : rows) {
            out.put(((Number) r[0]).longValue(), profile((String) r[1]));
        }
        return out;
    }

    public Page<Member> list(long projectId, PageRequest page) {
        requireProject(projectId);
        long total = ((Number) em.createNativeQuery("select count(*) from project_member where project_id = ?1")
                .setParameter(1, projectId).getSingleResult()).longValue();
        return new Page<>(members(projectId, null, page.offset(), page.size), page.page, page.size, total);
    }

    /**
     * Removes a member. Their live lease in the project ends (the slot is freed); their submitted work stays and
     * still counts. 404 when the user is not a member.
     */
    @Transactional
    public void remove(long projectId, long userId, long actorId) {
        requireProject(projectId);
        boolean removed = (Boolean) em.createNativeQuery("select queue_remove_member(?1, ?2, ?3)")
                .setParameter(1, projectId).setParameter(2, userId).setParameter(3, actorId).getSingleResult();
        if (!removed) {
            throw new ProblemException(404, "Not Found", "user " + userId + " is not a member of project " + projectId);
        }
        audit.record(actorId, "remove-member", "project", projectId, projectId, Map.of("userId", userId));
    }

    /** Whether the caller may read the project as a worker on it: a member, or any annotator of an open project. */
    public boolean admits(Project project, Actor actor) {
        if (Project.ACCESS_OPEN.equals(project.access)) {
            return true;
        }
        return !em.createNativeQuery("select 1 from project_member where project_id = ?1 and user_id = ?2")
                .setParameter(1, project.id).setParameter(2, actor.id()).getResultList().isEmpty();
    }

    /** Members by username, all of them or only those among {@code onlyIds}. */
    private List<Member> members(long projectId, Long[] onlyIds, int offset, int limit) {
        var query = em.createNativeQuery("select m.user_id, u.username, m.added_at, cast(m.profile as text) "
                        + "from project_member m join app_user u on u.id = m.user_id where m.project_id = ?1 "
                        + (onlyIds == null ? "" : "and m.user_id = any(cast(?4 as bigint[])) ")
                        + "order by u.username, m.user_id limit ?2 offset ?3", Object[].class)
                .setParameter(1, projectId).setParameter(2, limit).setParameter(3, offset);
        if (onlyIds != null) {
            query.setParameter(4, onlyIds);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        List<Member> members = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            members.add(new Member(((Number) r[0]).longValue(), (String) r[1], time(r[2]), profile((String) r[3])));
        }
        return members;
    }

    private Map<String, Object> profile(String text) {
        try {
            return json.readValue(text, MAP);
        } catch (IOException e) {
            throw new UncheckedIOException("stored profile is not a JSON object", e);
        }
    }

    private static OffsetDateTime time(Object value) {
        if (value instanceof OffsetDateTime t) {
            return t;
        }
        if (value instanceof Instant i) {
            return i.atOffset(ZoneOffset.UTC);
        }
        return ((java.sql.Timestamp) value).toInstant().atOffset(ZoneOffset.UTC);
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql, Object param) {
        return em.createNativeQuery(sql, Object[].class).setParameter(1, param).getResultList();
    }

    private void requireProject(long projectId) {
        if (em.createNativeQuery("select 1 from project where id = ?1").setParameter(1, projectId).getResultList().isEmpty()) {
            throw ProblemException.notFound("Project", projectId);
        }
    }

    /** Key-share lock on the project: it cannot be deleted while members are added. */
    private void lockProject(long projectId) {
        if (em.createNativeQuery("select 1 from project where id = ?1 for key share").setParameter(1, projectId)
                .getResultList().isEmpty()) {
            throw ProblemException.notFound("Project", projectId);
        }
    }
}
