package io.crosscheck.common;

import jakarta.ws.rs.core.Response;
import org.hibernate.exception.JDBCConnectionException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one place that decides whether a failure means "PostgreSQL cannot be reached right now" — then the client gets
 * 503 problem+json with {@code Retry-After} instead of a 500, because the request was fine and will work again once
 * the database is back. Everything else stays what it is (a bug is still a 500).
 *
 * <p>An outage is recognised anywhere in the cause chain of:
 * <ul>
 *   <li>an {@link SQLException} of SQLState class {@code 08} (connection exception: refused, broken, closed),
 *       {@code 57P01} admin shutdown, {@code 57P02} crash shutdown or {@code 57P03} cannot connect now (starting up);</li>
 *   <li>the JDBC connection exception types ({@link SQLTransientConnectionException},
 *       {@link SQLNonTransientConnectionException}) and Hibernate's {@link JDBCConnectionException};</li>
 *   <li>Agroal's acquisition timeout (no connection could be had from the pool within its acquisition timeout —
 *       while the database is down every new connection fails, so the pool runs dry).</li>
 * </ul>
 */
public final class DatabaseOutage {

    /** What a client should wait before retrying: long enough for a restart, short enough to notice recovery. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private static final Set<String> SHUTDOWN_STATES = Set.of("57P01", "57P02", "57P03");

    private DatabaseOutage() {
    }

    /** Whether this failure (or anything that caused it) says the database cannot be reached. */
    public static boolean isOutage(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof JDBCConnectionException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && isOutage(sql)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isOutage(SQLException e) {
        String state = e.getSQLState();
        if (state != null && (state.startsWith("08") || SHUTDOWN_STATES.contains(state))) {
            return true;
        }
        // Agroal says "Sorry, acquisition timeout!" with no SQLState.
        String message = e.getMessage();
        return message != null && message.toLowerCase(Locale.ROOT).contains("acquisition timeout");
    }

    /** The 503 every outage answers. */
    public static Response response() {
        Problem problem = new Problem(ProblemMapper.typeFor(503), "Service Unavailable", 503,
                "The database cannot be reached at the moment. Retry after "
                        + RETRY_AFTER_SECONDS + " seconds.", null, null);
        return Response.status(503).type(Problem.MEDIA_TYPE).entity(problem)
                .header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS)).build();
    }
}
