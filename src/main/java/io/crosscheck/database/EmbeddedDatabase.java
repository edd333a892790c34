package io.crosscheck.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One embedded PostgreSQL per JVM (real binaries from a Maven artifact), data kept under the data directory across
 * restarts. Started on first use, stopped when the JVM exits.
 */
public final class EmbeddedDatabase {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    private static EmbeddedPostgres server;
    private static String jdbcUrl;

    private EmbeddedDatabase() {
    }

    static synchronized String start(String dataDir) {
        if (server != null) {
            return jdbcUrl;
        }
        Path pgData = Path.of(dataDir).toAbsolutePath().normalize().resolve("pg");
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
        LOG.infof("DB_URL is unset: using the embedded PostgreSQL at %s with its data in %s", jdbcUrl, pgData);
        Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedDatabase::stop, "embedded-postgres-stop"));
        return jdbcUrl;
    }

    /** Stops the server (tests use this to prove the data outlives a restart). */
    public static synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
        }
        server = null;
        jdbcUrl = null;
    }

    public static synchronized boolean isRunning() {
        return server != null;
    }
}
