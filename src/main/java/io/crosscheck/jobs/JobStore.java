package io.crosscheck.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code job} table. Plain SQL, because every state change is one guarded statement on the database clock: the
 * claim ({@code FOR UPDATE SKIP LOCKED}), heartbeats and the finish all name the attempt they belong to, so a runner
 * that lost its job (requeued after its heartbeat went stale) changes nothing.
 */
@ApplicationScoped
class JobStore {

    private static final String COLUMNS = "j.id, j.kind, j.project_id, j.owner_id, u.username, j.state, j.params::text,"
            + " j.input_path, j.done, j.total, j.error, j.result_path, j.result_bytes, j.result_sha256, j.result_type,"
            + " j.result_name, j.report::text, j.attempt, j.runner, j.created_at, j.started_at, j.heartbeat_at,"
            + " j.finished_at, j.expires_at, coalesce(j.expires_at <= now(), false)";

    @Inject
    DataSource dataSource;

    @Inject
    EntityManager em;

    /** Queues a job; its input file (an import's body) is already stored. */
    long insert(String kind, Long projectId, long ownerId, String paramsJson, String inputPath) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("insert into job (kind, project_id, owner_id, params, input_path)"
                     + " values (?, ?, ?, ?::jsonb, ?) returning id")) {
            st.setString(1, kind);
            st.setObject(2, projectId, Types.BIGINT);
            st.setLong(3, ownerId);
            st.setString(4, paramsJson);
            st.setString(5, inputPath);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    Optional<Job> find(long id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("select " + COLUMNS + " from job j join app_user u on u.id = j.owner_id"
                     + " where j.id = ?")) {
            st.setLong(1, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Takes the oldest queued job for {@code runner}, or none. SKIP LOCKED: a row another instance is claiming at the
     * same moment is passed over, not waited for, so two claims never return one job.
     */
    Optional<Job> claim(String runner) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("with next as (select id from job where state = 'queued'"
                     + " order by id limit 1 for update skip locked)"
                     + " update job j set state = 'running', runner = ?, attempt = j.attempt + 1, done = 0,"
                     + " started_at = now(), heartbeat_at = now() from next where j.id = next.id returning j.id")) {
            st.setString(1, runner);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return find(rs.getLong(1));
            }
        }
    }

    /** Progress and liveness of one attempt; false when the attempt is no longer the job's running one. */
    boolean heartbeat(long id, int attempt, long done, Long total) throws SQLException {
        return update("update job set done = ?, total = ?, heartbeat_at = now()"
                + " where id = ? and attempt = ? and state = 'running'", done, total, id, attempt) == 1;
    }

    /** One statement on its own connection (autocommit); null parameters bound as SQL NULL. */
    private int update(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] == null) {
                    st.setNull(i + 1, Types.NULL); // typed by the statement (a jsonb cast, a bigint column)
                } else {
                    st.setObject(i + 1, params[i]);
                }
            }
            return st.executeUpdate();
        }
    }

    /** The result of a finished attempt, written as the job's; false when the attempt had lost the job. */
    boolean finish(long id, int attempt, Result r, Duration retention) throws SQLException {
        return update(FINISH.replace("?::jsonb", "cast(? as jsonb)"), finishParameters(id, attempt, r, retention)) == 1;
    }

    private static final String FINISH = "update job set state = 'done', done = ?, total = ?, result_path = ?,"
            + " result_bytes = ?, result_sha256 = ?, result_type = ?, result_name = ?, report = ?::jsonb,"
            + " finished_at = now(), heartbeat_at = now(), expires_at = now() + ? * interval '1 second',"
            + " input_path = null where id = ? and attempt = ? and state = 'running'";

    /** The parameters of {@link #FINISH}, in order. */
    private static Object[] finishParameters(long id, int attempt, Result r, Duration retention) {
        return new Object[]{r.done(), r.total(), r.path(), r.bytes(), r.sha256(), r.contentType(), r.filename(),
                r.report(), retention.toSeconds(), id, attempt};
    }

    /**
     * {@link #finish} inside the caller's transaction (an import's store): the import and its job's "done" commit
     * together, so an import that lost its job rolls back instead of being stored twice.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    boolean finishInTransaction(long id, int attempt, Result r, Duration retention) {
        // Positional parameters as JPA numbers them: ?1 … ?11 in the order of FINISH.
        var q = em.createNativeQuery(numbered(FINISH));
        Object[] parameters = finishParameters(id, attempt, r, retention);
        for (int i = 0; i < parameters.length; i++) {
            q.setParameter(i + 1, parameters[i]);
        }
        return q.executeUpdate() == 1;
    }

    /** {@code ?} → {@code ?1}, {@code ?2} …, and {@code ?::jsonb} → {@code cast(?n as jsonb)}. */
    private static String numbered(String sql) {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (int i = 0; i < sql.length(); i++) {
            char ch = sql.charAt(i);
            if (ch != '?') {
                out.append(ch);
                continue;
            }
            n++;
            if (sql.startsWith("?::jsonb", i)) {
                out.append("cast(?").append(n).append(" as jsonb)");
                i += "?::jsonb".length() - 1;
            } else {
                out.append('?').append(n);
            }
        }
        return out.toString();
    }

    /** Marks an attempt failed with why; false when the attempt had lost the job (its failure is not the job's). */
    boolean fail(long id, int attempt, String error, Duration retention) throws SQLException {
        return update("update job set state = 'failed', error = ?, finished_at = now(), heartbeat_at = now(),"
                + " expires_at = now() + ? * interval '1 second' where id = ? and attempt = ? and state = 'running'",
                error, retention.toSeconds(), id, attempt) == 1;
    }

    /** Gives this runner's running jobs back to the queue (a clean shutdown), so another runner resumes them at once. */
    int release(String runner) throws SQLException {
        return update("update job set state = 'queued', runner = null, done = 0 where runner = ? and state = 'running'",
                runner);
    }

    /** A running job whose runner stopped heartbeating, as recovery decides about it. */
    record Stale(long id, String kind, int attempt, String runner, String inputPath, OffsetDateTime heartbeatAt) {
    }

    /** What recovery does with a stale job: requeue it, or fail it with a reason. */
    interface Verdict {
        /** Null to requeue, else the error the job fails with. */
        String failure(Stale job);
    }

    /**
     * Requeues (or fails, per {@code verdict}) every running job whose heartbeat is older than {@code staleAfter}, in
     * one transaction that locks those rows with SKIP LOCKED (two instances recovering at once split them).
     */
    List<Stale> recover(Duration staleAfter, Duration retention, Verdict verdict) throws SQLException {
        List<Stale> stale = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (PreparedStatement st = c.prepareStatement("select id, kind, attempt, runner, input_path, heartbeat_at"
                        + " from job where state = 'running' and heartbeat_at < now() - ? * interval '1 millisecond'"
                        + " order by id for update skip locked")) {
                    st.setLong(1, staleAfter.toMillis());
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) {
                            stale.add(new Stale(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                                    rs.getString(5), rs.getObject(6, OffsetDateTime.class)));
                        }
                    }
                }
                for (Stale s : stale) {
                    String failure = verdict.failure(s);
                    if (failure == null) {
                        try (PreparedStatement st = c.prepareStatement("update job set state = 'queued', runner = null,"
                                + " done = 0 where id = ?")) {
                            st.setLong(1, s.id());
                            st.executeUpdate();
                        }
                    } else {
                        try (PreparedStatement st = c.prepareStatement("update job set state = 'failed', error = ?,"
                                + " finished_at = now(), expires_at = now() + ? * interval '1 second' where id = ?")) {
                            st.setString(1, failure);
                            st.setLong(2, retention.toSeconds());
                            st.setLong(3, s.id());
                            st.executeUpdate();
                        }
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
        return stale;
    }

    /** A finished job whose files are past expiry: their paths, to delete. */
    record Expired(long id, String resultPath, String inputPath) {
    }

    /** Jobs past expiry that still name files; {@link #forget} clears the paths once the files are gone. */
    List<Expired> expired() throws SQLException {
        List<Expired> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("select id, result_path, input_path from job"
                     + " where (result_path is not null or input_path is not null) and expires_at <= now()"
                     + " order by expires_at limit 1000");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                found.add(new Expired(rs.getLong(1), rs.getString(2), rs.getString(3)));
            }
        }
        return found;
    }

    void forget(long id) throws SQLException {
        update("update job set result_path = null, input_path = null where id = ?", id);
    }

    /** The input file of a job that no longer needs it (failed or done). */
    void dropInput(long id) throws SQLException {
        update("update job set input_path = null where id = ? and state in ('done', 'failed')", id);
    }

    /** A finished attempt's file and what describes it, with its final progress. */
    record Result(long done, long total, String path, long bytes, String sha256, String contentType, String filename,
                  String report) {
    }

    private static Job read(ResultSet rs) throws SQLException {
        return new Job(rs.getLong(1), rs.getString(2), (Long) rs.getObject(3), rs.getLong(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9), (Long) rs.getObject(10),
                rs.getString(11), rs.getString(12), (Long) rs.getObject(13), rs.getString(14), rs.getString(15),
                rs.getString(16), rs.getString(17), rs.getInt(18), rs.getString(19),
                rs.getObject(20, OffsetDateTime.class), rs.getObject(21, OffsetDateTime.class),
                rs.getObject(22, OffsetDateTime.class), rs.getObject(23, OffsetDateTime.class),
                rs.getObject(24, OffsetDateTime.class), rs.getBoolean(25));
    }
}
