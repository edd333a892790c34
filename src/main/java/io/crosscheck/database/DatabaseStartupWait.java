package io.crosscheck.database;

import io.crosscheck.common.CrosscheckConfig;
import io.crosscheck.common.DatabaseOutage;
import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Waits at start for PostgreSQL to answer, for at most {@code crosscheck.db.startup-wait}: a service started beside
 * its database (or while the database restarts) comes up once the database does, instead of dying after a few
 * seconds. Hooked in as a Flyway customizer because Flyway's migrate-at-start is the first thing that needs a
 * connection, and the customizer runs just before it.
 *
 * <p>Only outages ({@link DatabaseOutage}: refused, unreachable, starting up) are waited out; a wrong password or a
 * missing database fails at once, since waiting cannot fix them.
 */
@ApplicationScoped
public class DatabaseStartupWait implements FlywayConfigurationCustomizer {

    private static final Logger LOG = Logger.getLogger(DatabaseStartupWait.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);

    @Inject
    CrosscheckConfig config;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @Override
    public void customize(FluentConfiguration configuration) {
        await(configuration.getDataSource(), DatabaseBanner.redacted(url), config.db().startupWait());
    }

    static void await(DataSource dataSource, String where, Duration wait) {
        long started = System.nanoTime();
        long deadline = started + wait.toNanos();
        Duration pause = FIRST_PAUSE;
        for (int attempt = 1; ; attempt++) {
            try (Connection ignored = dataSource.getConnection()) {
                if (attempt > 1) {
                    LOG.infof("PostgreSQL at %s answered after %d attempts (%d s)", where, attempt,
                            Duration.ofNanos(System.nanoTime() - started).toSeconds());
                }
                return;
            } catch (SQLException e) {
                String why = rootMessage(e);
                if (!DatabaseOutage.isOutage(e)) {
                    throw new IllegalStateException("PostgreSQL at " + where + " refused the connection: " + why
                            + " (not an outage, so not waited for; check DB_URL, DB_USER and DB_PASSWORD)", e);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    String message = "PostgreSQL at " + where + " was not reachable within " + wait.toSeconds()
                            + " s (CROSSCHECK_DB_STARTUP_WAIT) after " + attempt + " attempts; last error: " + why
                            + ". Giving up: start PostgreSQL or fix DB_URL, or wait longer.";
                    LOG.error(message);
                    throw new IllegalStateException(message, e);
                }
                long sleep = Math.min(pause.toNanos(), left);
                LOG.warnf("PostgreSQL at %s is not reachable (attempt %d: %s); retrying in %d ms, giving up in %d s",
                        where, attempt, why, Duration.ofNanos(sleep).toMillis(), Duration.ofNanos(left).toSeconds());
                sleepNanos(sleep);
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root.getMessage() + ")";
    }

    private static void sleepNanos(long nanos) {
        try {
            java.util.concurrent.TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for PostgreSQL", e);
        }
    }
}
