package io.crosscheck.queue;

import io.crosscheck.audit.Audit;
import io.crosscheck.common.CrosscheckConfig;
import io.crosscheck.common.Page;
import io.crosscheck.common.PageRequest;
import io.crosscheck.common.ProblemException;
import io.crosscheck.projects.Project;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The work queue: hands out items under leases with exactly-k overlap, and moves assignments through
 * heartbeat, skip and submit. Every rule is enforced in PostgreSQL (row locks, SKIP LOCKED, an advisory lock per
 * annotator and project, unique and check constraints), so it holds across any number of app instances.
 */
@ApplicationScoped
public class QueueService {

    /** How often a claim is retried when every free candidate was locked by a concurrent claim. */
    static final int CLAIM_ATTEMPTS = 4;

    @Inject
    EntityManager em;

    @Inject
    Audit audit;

    @Inject
    CrosscheckConfig config;

    /** What {@code next} hands out: the assignment and the article to label (source null when blind). */
    public record Claim(long assignmentId, long articleId, String title, String text, int length,
                        SourceInfo source, OffsetDateTime leaseExpiresAt) {
    }

    public record SourceInfo(long id, String name, String domain) {
    }

    // The claim, expiry and state changes below are SQL on purpose: they are the hot path and their correctness
    // rests on row locks and index-backed statements that JPQL cannot express (SKIP LOCKED, CTEs, advisory locks).

    /**
     * Expires overdue leases of a project (frees their slots) and records each expiry in the audit log. Walks only
     * leased rows through assignment_lease_expiry_idx; "freed" needs no reader, a data-modifying CTE always runs.
     */
    private static final String EXPIRE = """
            with expired as (
                update assignment set status = 'expired', lease_expires_at = null, ended_at = now()
                where project_id = ?1 and status = 'leased' and lease_expires_at < now()
                returning id, item_id, annotator_id, project_id
            ), freed as (
                update project_item i set active_count = i.active_count - e.n
                from (select item_id, count(*) as n from expired group by item_id) e
                where i.id = e.item_id
                returning i.id
            )
            insert into audit_event (actor_id, action, entity, entity_id, project_id, detail)
            select null, 'expire', 'assignment', e.id, e.project_id,
                   jsonb_build_object('annotatorId', e.annotator_id, 'itemId', e.item_id)
            from expired e
            """;

    /**
     * Sequential claim: the first open item by insertion position that this annotator never had, walked on the
     * partial index project_item_open_seq_idx. {@code %s} is the row-lock clause (with or without SKIP LOCKED).
     */
    private static final String CLAIM_SEQUENTIAL = """
            with cand as (
                select i.id, i.article_id from project_item i
                where i.project_id = ?1 and not i.is_full
                  and not exists (select 1 from assignment a where a.item_id = i.id and a.annotator_id = ?2)
                order by i.position
                limit 1
                for no key update of i %s
            )""" + "\n";

    /**
     * Random claim: the project's shuffled order (shuffle_key, fixed per item) rotated by a per-annotator offset ?4:
     * first the open items at or after the offset, and only when there are none the ones before it (wrap-around).
     * Both halves are range scans on the partial index project_item_open_rnd_idx; the second runs only when the
     * first found nothing (its NOT EXISTS on the first CTE is a one-time gate).
     */
    private static final String CLAIM_RANDOM = """
            with cand_after as (
                select i.id, i.article_id from project_item i
                where i.project_id = ?1 and not i.is_full and i.shuffle_key >= ?4
                  and not exists (select 1 from assignment a where a.item_id = i.id and a.annotator_id = ?2)
                order by i.shuffle_key, i.id
                limit 1
                for no key update of i %1$s
            ), cand_before as (
                select i.id, i.article_id from project_item i
                where i.project_id = ?1 and not i.is_full and i.shuffle_key < ?4
                  and not exists (select 1 from assignment a where a.item_id = i.id and a.annotator_id = ?2)
                  and not exists (select 1 from cand_after)
                order by i.shuffle_key, i.id
                limit 1
                for no key update of i %1$s
            ), cand as (
                select * from cand_after union all select * from cand_before
            )""" + "\n";

    /**
     * Takes the slot on the locked candidate and creates the lease. The guard on active_count re-checks the
     * locked row: if a concurrent change filled it, nothing is inserted and the caller retries.
     */
    private static final String TAKE = """
            , taken as (
                update project_item i set active_count = i.active_count + 1
                from cand where i.id = cand.id and i.active_count < i.capacity
                returning i.id, i.article_id
            ), leased as (
                insert into assignment (project_id, item_id, article_id, annotator_id, status, leased_at, lease_expires_at)
                select ?1, t.id, t.article_id, ?2, 'leased', now(), now() + ?3 * interval '1 millisecond' from taken t
                returning id, article_id, lease_expires_at
            )
            select a.id, a.article_id, ar.title, ar.text, ar.length, s.id, s.name, s.domain, a.lease_expires_at
            from leased a join article ar on ar.id = a.article_id join source s on s.id = ar.source_id
            """;

    /** Is there any item this annotator could still get, locked by someone or not? (decides retry vs 204) */
    private static final String ANY_CANDIDATE = """
            select exists (select 1 from project_item i
                           where i.project_id = ?1 and not i.is_full
                             and not exists (select 1 from assignment a where a.item_id = i.id and a.annotator_id = ?2))
            """;

    /**
     * The caller's live assignment in the project, or a new one; empty when nothing is left for this annotator.
     * Idempotent while a lease is live: the same assignment comes back.
     */
    @Transactional
    public Optional<Claim> next(long projectId, long annotatorId) {
        Object[] project = lockedProjectRow(projectId, annotatorId);
        boolean blind = (Boolean) project[0];
        boolean random = Project.ORDER_RANDOM.equals(project[1]);
        em.createNativeQuery(EXPIRE).setParameter(1, projectId).executeUpdate();

        // One statement reads the live lease and its article, so a racing submit by the same annotator (another tab)
        // either happened before it (no live lease: claim anew) or after it (the caller got a then-live lease).
        Optional<Claim> live = view("a.project_id = ?1 and a.annotator_id = ?2 and a.status = 'leased' "
                + "and a.lease_expires_at >= now()", projectId, annotatorId, blind);
        if (live.isPresent()) {
            return live;
        }
        return claim(projectId, annotatorId, random).map(row -> toClaim(row, blind));
    }

    /**
     * The project's queue settings, taking the transaction's advisory lock on (project, annotator) in the same round
     * trip: next() is serialised per annotator across instances, so a second caller sees the first one's lease.
     */
    private Object[] lockedProjectRow(long projectId, long annotatorId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select p.blind_sources, p.item_order from project p, "
                        + "lateral (select pg_advisory_xact_lock(hashtextextended('queue:' || ?1 || ':' || ?2, 0))) l "
                        + "where p.id = ?1", Object[].class)
                .setParameter(1, projectId).setParameter(2, annotatorId).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound("Project", projectId);
        }
        return rows.get(0);
    }

    /**
     * One claim statement, retried when it came back empty although candidates remain: SKIP LOCKED passes over
     * items other claims hold for a moment (a last free slot must not answer 204), and the take guard drops a
     * candidate a concurrent commit filled. The last attempt waits for the lock instead of skipping it.
     */
    private Optional<Object[]> claim(long projectId, long annotatorId, boolean random) {
        long leaseMillis = config.queue().lease().toMillis();
        for (int attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
            String lockMode = attempt < CLAIM_ATTEMPTS ? "skip locked" : "";
            String sql = (random ? CLAIM_RANDOM : CLAIM_SEQUENTIAL).formatted(lockMode) + TAKE;
            var query = em.createNativeQuery(sql, Object[].class)
                    .setParameter(1, projectId).setParameter(2, annotatorId).setParameter(3, leaseMillis);
            if (random) {
                query.setParameter(4, rotation(projectId, annotatorId));
            }
            @SuppressWarnings("unchecked")
            List<Object[]> rows = query.getResultList();
            if (!rows.isEmpty()) {
                return Optional.of(rows.get(0));
            }
            boolean remains = (Boolean) em.createNativeQuery(ANY_CANDIDATE)
                    .setParameter(1, projectId).setParameter(2, annotatorId).getSingleResult();
            if (!remains) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * Where an annotator starts in a random-order project's shuffled cycle: a mix of (project, annotator) spread
     * over the shuffle_key range [0, 2^31-1), so each annotator walks the same shuffled cycle from its own point.
     */
    static int rotation(long projectId, long annotatorId) {
        long z = projectId * 0x9E3779B97F4A7C15L + annotatorId;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (int) ((z >>> 1) % 2147483647L);
    }

    private Optional<Claim> view(String where, long p1, long p2, boolean blind) {
        var query = em.createNativeQuery("select a.id, a.article_id, ar.title, ar.text, ar.length, "
                        + "s.id, s.name, s.domain, a.lease_expires_at from assignment a "
                        + "join article ar on ar.id = a.article_id join source s on s.id = ar.source_id where " + where,
                        Object[].class)
                .setParameter(1, p1).setParameter(2, p2);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(toClaim(rows.get(0), blind));
    }

    /** [assignment id, article id, title, text, length, source id, name, domain, lease expiry] → Claim. */
    private static Claim toClaim(Object[] r, boolean blind) {
        SourceInfo source = blind ? null : new SourceInfo(((Number) r[5]).longValue(), (String) r[6], (String) r[7]);
        return new Claim(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), (String) r[2],
                (String) r[3], ((Number) r[4]).intValue(), source, toOffset(r[8]));
    }

    private static OffsetDateTime toOffset(Object value) {
        if (value instanceof OffsetDateTime o) {
            return o;
        }
        if (value instanceof java.time.Instant i) {
            return i.atOffset(java.time.ZoneOffset.UTC);
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant().atOffset(java.time.ZoneOffset.UTC);
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }

    /** Extends a live lease by the configured lease time from now. */
    @Transactional
    public Assignment heartbeat(long assignmentId, long annotatorId) {
        Object[] row = lockOwn(assignmentId, annotatorId);
        requireLiveLease(row, "extend");
        em.createNativeQuery("update assignment set lease_expires_at = now() + ?2 * interval '1 millisecond' where id = ?1")
                .setParameter(1, assignmentId).setParameter(2, config.queue().lease().toMillis()).executeUpdate();
        return reload(assignmentId);
    }

    /** Gives a leased item back: the slot is freed and the item is never offered to this annotator again. */
    @Transactional
    public Assignment skip(long assignmentId, long annotatorId) {
        Object[] row = lockOwn(assignmentId, annotatorId);
        requireLiveLease(row, "skip");
        em.createNativeQuery("update assignment set status = 'skipped', lease_expires_at = null, ended_at = now() where id = ?1")
                .setParameter(1, assignmentId).executeUpdate();
        em.createNativeQuery("update project_item set active_count = active_count - 1 where id = ?1")
                .setParameter(1, ((Number) row[1]).longValue()).executeUpdate();
        audit.record(annotatorId, "skip", "assignment", assignmentId, ((Number) row[2]).longValue(),
                Map.of("itemId", ((Number) row[1]).longValue(), "articleId", ((Number) row[3]).longValue()));
        return reload(assignmentId);
    }

    /**
     * Submits the work: the slot stays taken, the item's submitted count rises, and the annotations freeze. The row
     * lock is the one annotation writes take, so no write can land after the submit commits.
     */
    @Transactional
    public Assignment submit(long assignmentId, long annotatorId) {
        Object[] row = lockOwn(assignmentId, annotatorId);
        if (Assignment.SUBMITTED.equals(row[0])) {
            throw ProblemException.conflict("Assignment " + assignmentId + " is already submitted")
                    .with("assignmentStatus", Assignment.SUBMITTED);
        }
        requireLiveLease(row, "submit");
        em.createNativeQuery("update assignment set status = 'submitted', lease_expires_at = null, ended_at = now() where id = ?1")
                .setParameter(1, assignmentId).executeUpdate();
        em.createNativeQuery("update project_item set submitted_count = submitted_count + 1 where id = ?1")
                .setParameter(1, ((Number) row[1]).longValue()).executeUpdate();
        audit.record(annotatorId, "submit", "assignment", assignmentId, ((Number) row[2]).longValue(),
                Map.of("itemId", ((Number) row[1]).longValue(), "articleId", ((Number) row[3]).longValue()));
        return reload(assignmentId);
    }

    /**
     * Locks the caller's own assignment row (FOR UPDATE, as annotation writes do) and returns
     * [status, item_id, project_id, article_id, lease live?]. Someone else's assignment is reported as missing.
     */
    private Object[] lockOwn(long assignmentId, long annotatorId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select status, item_id, project_id, article_id, "
                        + "coalesce(lease_expires_at >= now(), false) from assignment "
                        + "where id = ?1 and annotator_id = ?2 for update", Object[].class)
                .setParameter(1, assignmentId).setParameter(2, annotatorId).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound("Assignment", assignmentId);
        }
        return rows.get(0);
    }

    private static void requireLiveLease(Object[] row, String verb) {
        String status = (String) row[0];
        boolean live = (Boolean) row[4];
        if (!Assignment.LEASED.equals(status) || !live) {
            String effective = Assignment.LEASED.equals(status) ? Assignment.EXPIRED : status;
            throw ProblemException.conflict("Cannot " + verb + ": the assignment is " + effective
                    + (Assignment.EXPIRED.equals(effective) ? " (its lease ran out)" : "") + ", not under a live lease")
                    .with("assignmentStatus", effective);
        }
    }

    /** The row after a native update; nothing loaded it into this transaction before, so this reads the new state. */
    private Assignment reload(long assignmentId) {
        return Assignment.findById(assignmentId);
    }

    /** One assignment: its owner sees it, supervisors see any; everyone else is told it does not exist. */
    public Assignment get(long assignmentId, long callerId, boolean supervisor) {
        Assignment a = Assignment.findById(assignmentId);
        if (a == null || (!supervisor && a.annotatorId != callerId)) {
            throw ProblemException.notFound("Assignment", assignmentId);
        }
        return a;
    }

    /**
     * Assignments filtered by project, status and annotator (null = any). A lease past its expiry that no claim has
     * yet marked counts as expired, so the filter agrees with what the caller is shown.
     */
    public Page<Assignment> list(Long projectId, String status, Long annotatorId, PageRequest page) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (projectId != null) {
            where.add("projectId = :projectId");
            params.and("projectId", projectId);
        }
        if (annotatorId != null) {
            where.add("annotatorId = :annotatorId");
            params.and("annotatorId", annotatorId);
        }
        if (status != null) {
            OffsetDateTime now = OffsetDateTime.now();
            switch (status) {
                case Assignment.LEASED -> where.add("status = 'leased' and leaseExpiresAt >= :now");
                case Assignment.EXPIRED -> where.add("(status = 'expired' or (status = 'leased' and leaseExpiresAt < :now))");
                default -> where.add("status = :status");
            }
            if (status.equals(Assignment.LEASED) || status.equals(Assignment.EXPIRED)) {
                params.and("now", now);
            } else {
                params.and("status", status);
            }
        }
        String query = where.isEmpty() ? "" : String.join(" and ", where);
        var found = Assignment.<Assignment>find(query, Sort.by("id"), params);
        return new Page<>(found.page(page.page, page.size).list(), page.page, page.size, found.count());
    }
}
