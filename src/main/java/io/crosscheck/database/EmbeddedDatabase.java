package io.crosscheck.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One embedded PostgreSQL per JVM and data directory (real binaries from a Maven artifact), its data kept across
 * restarts. Started on first use, stopped when the JVM exits.
 *
 * <p>"Per JVM" must hold across Quarkus class loaders: every test profile, and every live reload in dev mode, starts
 * the application again in a fresh class loader, where this class and its static fields are new. A second server on
 * the same directory would fail on the first one's lock ({@code OverlappingFileLockException}). So the JDBC URL of a
 * started server is kept where every class loader of the JVM sees it, a system property named after the data
 * directory, and a later start reuses that server while its postmaster still runs. The class loader that started the
 * server keeps it and stops it at JVM exit.
 *
 * <p>As root (CI runs as root), PostgreSQL refuses to run; the library then runs it in a user namespace
 * ({@code unshare -U}), where it is not root. When that is impossible the start fails with a message saying so.
 */
public final class EmbeddedDatabase {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    /** Outside the {@code crosscheck.} configuration namespace, which refuses names it does not map. */
    static final String URL_PROPERTY_PREFIX = "io.crosscheck.embedded-postgres-url:";

    /** The server this class loader started (null when it reuses one started by an earlier class loader). */
    private static EmbeddedPostgres server;
    /** The URL this class loader's application uses, started here or reused. */
    private static String jdbcUrl;

    private EmbeddedDatabase() {
    }

    static synchronized String start(String dataDir) {
        if (jdbcUrl != null) {
            return jdbcUrl;
        }
        Path pgData = Path.of(dataDir).toAbsolutePath().normalize().resolve("pg");
        String property = URL_PROPERTY_PREFIX + pgData;
        String running = System.getProperty(property);
        if (running != null && postmasterRuns(pgData)) {
            jdbcUrl = running;
            LOG.infof("DB_URL is unset: reusing this JVM's embedded PostgreSQL at %s with its data in %s", running, pgData);
            return jdbcUrl;
        }
        refuseRootWithoutUserNamespace(pgData);
        try {
            Files.createDirectories(pgData);
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "100")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + pgData, e);
        }
        jdbcUrl = server.getJdbcUrl("postgres", "postgres");
        System.setProperty(property, jdbcUrl);
        LOG.infof("DB_URL is unset: using the embedded PostgreSQL at %s with its data in %s", jdbcUrl, pgData);
        EmbeddedPostgres started = server;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(started, property), "embedded-postgres-stop"));
        return jdbcUrl;
    }

    private static void stop(EmbeddedPostgres started, String property) {
        try {
            started.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
        }
        System.clearProperty(property);
    }

    /**
     * Whether the postmaster of this data directory is alive: {@code postmaster.pid} names its process (first line),
     * and PostgreSQL removes the file on a clean stop.
     */
    static boolean postmasterRuns(Path pgData) {
        try {
            List<String> lines = Files.readAllLines(pgData.resolve("postmaster.pid"));
            return !lines.isEmpty() && ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                    .map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** initdb and postgres refuse root; the library escapes that with a user namespace, which a sandbox may forbid. */
    private static void refuseRootWithoutUserNamespace(Path pgData) {
        String user = ProcessHandle.current().info().user().orElse(System.getProperty("user.name"));
        if (!"root".equals(user)) {
            return;
        }
        boolean unshare;
        try {
            Process probe = new ProcessBuilder("unshare", "-U", "true").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            unshare = probe.waitFor() == 0;
        } catch (IOException e) {
            unshare = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unshare = false;
        }
        if (!unshare) {
            throw new IllegalStateException("The embedded PostgreSQL (data in " + pgData + ") cannot run as root: "
                    + "PostgreSQL refuses root and 'unshare -U' (a user namespace, where the process is not root) is "
                    + "not available here. Run as another user, or set DB_URL to an existing PostgreSQL.");
        }
    }

    /** Whether this application uses the embedded PostgreSQL (started by it or by an earlier class loader). */
    public static synchronized boolean isRunning() {
        return jdbcUrl != null;
    }
}
