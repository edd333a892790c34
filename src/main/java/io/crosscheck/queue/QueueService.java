package io.crosscheck.queue;

import io.agroal.api.AgroalDataSource;
import io.crosscheck.common.CrosscheckConfig;
import io.crosscheck.common.Page;
import io.crosscheck.common.PageRequest;
import io.crosscheck.common.ProblemException;
import io.crosscheck.database.ReadDatabase;
import io.crosscheck.sources.Redaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The work queue: hands out items under leases with exactly-k overlap, and moves assignments through
 * heartbeat, skip and submit. Every rule is enforced in PostgreSQL (row locks, SKIP LOCKED, an advisory lock per
 * annotator and project, unique and check constraints), so it holds across any number of app instances.
 */
@ApplicationScoped
public class QueueService {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(QueueService.class);

    @Inject
    AgroalDataSource dataSource;

    /** Report reads (time on task of the annotators page): the replica inside a report request. */
    @Inject
    ReadDatabase reads;

    @Inject
    CrosscheckConfig config;

    @Inject
    io.crosscheck.review.Escalation escalation;

    @Inject
    io.crosscheck.work.ItemFigureStore figures;

    /**
     * What {@code next} hands out: the assignment and the article to label (source null when blind), and the schema
     * version of the project's layers at the time of the claim.
     */
    public record Claim(long assignmentId, long projectId, long articleId, String title, String text, int length,
                        SourceInfo source, OffsetDateTime leaseExpiresAt, int schemaVersion, int round,
                        List<OtherRater> others) {
    }

    /**
     * Two rounds (SPEC §8): another rater's round-1 judgement on the item, as a round-2 rater is shown it. No name and
     * no user id: {@code rater} is "rater A", "rater B", … in the order those raters' round-1 assignments were made,
     * so the same rater keeps the same letter on every call. An empty list is a judgement too (nothing marked).
     */
    public record OtherRater(String rater, List<OtherAnnotation> annotations) {
    }

    /** One annotation of another rater; quotes are those of the text the rater is shown (masked when blind). */
    public record OtherAnnotation(String layer, String label, Integer start, Integer end, String quote,
                                  com.fasterxml.jackson.databind.JsonNode attributes) {
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    public record SourceInfo(long id, String name, String domain) {
    }

    // The claim, expiry and state changes live in PostgreSQL functions (db-migrations/R__queue_functions.sql): their
    // correctness rests on row locks, SKIP LOCKED and an advisory lock, and running them there makes each call one
    // round trip and one short transaction. They are called with plain JDBC on an autocommit connection, outside any
    // JTA transaction: the function call is the transaction (except submit, whose transaction also refreshes the
    // item's stored review figures).

    /**
     * The caller's live assignment in the project, or a new one; empty when nothing is left for this annotator.
     * Idempotent while a lease is live: the same assignment comes back. Only members claim (or anyone, in an open
     * project): for anyone else the project does not exist (404), checked inside queue_next.
     */
    public Optional<Claim> next(long projectId, long annotatorId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement call = connection.prepareStatement("select * from queue_next(?, ?, ?, ?)")) {
            call.setLong(1, projectId);
            call.setLong(2, annotatorId);
            call.setLong(3, config.queue().lease().toMillis());
            call.setInt(4, rotation(projectId, annotatorId));
            try (ResultSet r = call.executeQuery()) {
                r.next();
                return switch (r.getString("outcome")) {
                    case "no_project" -> throw ProblemException.notFound("Project", projectId);
                    case "empty" -> Optional.empty();
                    default -> {
                        boolean blind = r.getBoolean("blind");
                        // Blind: no source, and its redact strings masked code point for code point (offsets unchanged).
                        Redaction redaction = blind ? Redaction.of(List.of((String[]) r.getArray("source_redact").getArray()))
                                : Redaction.of(List.of());
                        yield Optional.of(new Claim(r.getLong("assignment_id"), projectId, r.getLong("article_id"),
                                redaction.mask(r.getString("title")), redaction.mask(r.getString("body")), r.getInt("length"),
                                blind ? null : new SourceInfo(r.getLong("source_id"), r.getString("source_name"),
                                        r.getString("source_domain")),
                                r.getObject("lease_expires_at", OffsetDateTime.class), r.getInt("schema_version"),
                                r.getInt("round"), r.getInt("round") == 2
                                        ? others(connection, r.getLong("assignment_id"), redaction.masksNothing() ? null
                                                : redaction.mask(r.getString("body")))
                                        : null));
                    }
                };
            }
        } catch (SQLException e) {
            throw new IllegalStateException("queue_next failed", e);
        }
    }

    /**
     * The other raters' round-1 judgements on a round-2 assignment's item: their submitted round-1 work (the one
     * definition, WorkRules.workCounts), never the caller's own, without names. {@code maskedText} is the text the
     * caller is shown when the project is blind (null otherwise): quotes are cut from it, so they show what the
     * caller sees at those offsets.
     */
    private static List<OtherRater> others(Connection connection, long roundTwo, String maskedText) throws SQLException {
        List<OtherRater> out = new ArrayList<>();
        try (PreparedStatement q = connection.prepareStatement("select o.id, l.name, n.label, n.start_offset, "
                + "n.end_offset, n.quote, cast(n.attributes as text) from assignment me "
                + "join assignment o on o.item_id = me.item_id and o.annotator_id <> me.annotator_id and "
                + io.crosscheck.work.WorkRules.workCounts("o") + " "
                + "left join annotation n on n.assignment_id = o.id left join layer l on l.id = n.layer_id "
                + "where me.id = ? order by o.id, l.position, n.start_offset nulls first, n.end_offset, n.id")) {
            q.setLong(1, roundTwo);
            try (ResultSet r = q.executeQuery()) {
                long current = -1;
                List<OtherAnnotation> annotations = null;
                while (r.next()) {
                    if (r.getLong(1) != current) {
                        current = r.getLong(1);
                        annotations = new ArrayList<>();
                        out.add(new OtherRater("rater " + letters(out.size()), annotations));
                    }
                    if (r.getString(2) == null) {
                        continue; // did the item, marked nothing
                    }
                    Integer start = (Integer) r.getObject(4);
                    Integer end = (Integer) r.getObject(5);
                    String quote = maskedText != null && start != null
                            ? io.crosscheck.common.CodePoints.substring(maskedText, start, end) : r.getString(6);
                    try {
                        annotations.add(new OtherAnnotation(r.getString(2), r.getString(3), start, end, quote,
                                JSON.readTree(r.getString(7))));
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new IllegalStateException("annotation attributes are not JSON", e);
                    }
                }
            }
        }
        return out;
    }

    /** A, B, …, Z, AA, AB, …: a label for the n-th other rater (0-based). */
    static String letters(int n) {
        String s = "";
        for (int i = n + 1; i > 0; i = (i - 1) / 26) {
            s = (char) ('A' + (i - 1) % 26) + s;
        }
        return s;
    }

    /**
     * One annotator's time on task in a project (SPEC §8): over their submitted queue work (imported work has no
     * observed time), the total and the median per item, in seconds.
     */
    public record TimeOnTask(long items, double total, double medianPerItem) {
    }

    /** Every annotator's time on task in the project, by user id (absent: no submitted queue work). */
    public java.util.Map<Long, TimeOnTask> timeOnTask(long projectId) {
        java.util.Map<Long, TimeOnTask> out = new java.util.HashMap<>();
        try (Connection connection = reads.dataSource().getConnection();
             PreparedStatement q = connection.prepareStatement("select annotator_id, count(*), sum(active_ms), "
                     + "percentile_cont(0.5) within group (order by active_ms) from assignment "
                     + "where project_id = ? and " + io.crosscheck.work.WorkRules.workCounts("assignment") + " and not imported group by annotator_id")) {
            q.setLong(1, projectId);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.put(r.getLong(1), new TimeOnTask(r.getLong(2), r.getLong(3) / 1000.0, r.getDouble(4) / 1000.0));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading time on task failed", e);
        }
        return out;
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

    /** Extends a live lease by the configured lease time from now. */
    public Assignment heartbeat(long assignmentId, long annotatorId) {
        return act(assignmentId, annotatorId, "heartbeat", "extend");
    }

    /** Gives a leased item back: the slot is freed and the item is never offered to this annotator again. */
    public Assignment skip(long assignmentId, long annotatorId) {
        return act(assignmentId, annotatorId, "skip", "skip");
    }

    /**
     * Submits the work: the slot stays taken, the item's submitted count rises, and the annotations freeze. The row
     * lock is the one annotation writes take, so no write can land after the submit commits.
     */
    public Assignment submit(long assignmentId, long annotatorId) {
        // The submit and the item's stored review figures commit together (docs/review.md, "Stored figures"):
        // queue_act's update of project_item holds the item's row lock, under which the figures read the work.
        Assignment submitted = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> {
            Assignment a = act(assignmentId, annotatorId, "submit", "submit");
            if (a.round == 1) {
                figures.refresh(a.projectId, List.of(a.itemId)); // stored figures are round 1's; a revision leaves them
            }
            return a;
        });
        // After the submit's own transaction: the per-item agreement reads the committed work (SPEC §8 escalation).
        // The submit has committed whatever happens here, so a failure is logged, never reported as a failed submit.
        if (submitted.round != 1) {
            return submitted; // a revision (round 2) leaves the panel as it is: only round-1 work escalates
        }
        try {
            escalation.afterSubmit(submitted.projectId, submitted.itemId, submitted.articleId, annotatorId);
        } catch (RuntimeException e) {
            LOG.errorf(e, "escalation check of item %d after submit of assignment %d failed", submitted.itemId, assignmentId);
        }
        return submitted;
    }

    /** One lease action in one call of queue_act; someone else's assignment is reported as missing. */
    private Assignment act(long assignmentId, long annotatorId, String action, String verb) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement call = connection.prepareStatement("select * from queue_act(?, ?, ?, ?, ?)")) {
            call.setLong(1, assignmentId);
            call.setLong(2, annotatorId);
            call.setString(3, action);
            call.setLong(4, config.queue().lease().toMillis());
            call.setLong(5, config.queue().heartbeatInterval().toMillis());
            try (ResultSet r = call.executeQuery()) {
                r.next();
                String status = r.getString("status");
                switch (r.getString("outcome")) {
                    case "not_found" -> throw ProblemException.notFound("Assignment", assignmentId);
                    case "conflict" -> throw ProblemException.conflict(Assignment.SUBMITTED.equals(status) && action.equals("submit")
                                    ? "Assignment " + assignmentId + " is already submitted"
                                    : "Cannot " + verb + ": the assignment is " + status
                                    + (Assignment.EXPIRED.equals(status) ? " (its lease ran out)" : "") + ", not under a live lease")
                            .with("assignmentStatus", status);
                    default -> {
                        Assignment a = new Assignment();
                        a.id = r.getLong("id");
                        a.projectId = r.getLong("project_id");
                        a.itemId = r.getLong("item_id");
                        a.articleId = r.getLong("article_id");
                        a.annotatorId = r.getLong("annotator_id");
                        a.status = status;
                        a.state = r.getString("state");
                        a.imported = r.getBoolean("imported");
                        a.leasedAt = r.getObject("leased_at", OffsetDateTime.class);
                        a.leaseExpiresAt = r.getObject("lease_expires_at", OffsetDateTime.class);
                        a.endedAt = r.getObject("ended_at", OffsetDateTime.class);
                        a.activeMs = r.getLong("active_ms");
                        a.round = r.getShort("round");
                        return a;
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("queue_act " + action + " failed", e);
        }
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
     * yet marked counts as expired (assignment_state), so the filter agrees with what the caller is shown.
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
            // the state formula: an overdue lease is listed as expired, on the database clock
            where.add("state = :status");
            params.and("status", status);
        }
        String query = where.isEmpty() ? "" : String.join(" and ", where);
        var found = Assignment.<Assignment>find(query, Sort.by("id"), params);
        return new Page<>(found.page(page.page, page.size).list(), page.page, page.size, found.count());
    }
}
