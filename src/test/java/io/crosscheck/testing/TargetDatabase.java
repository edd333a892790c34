package io.crosscheck.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A real PostgreSQL for tests that put something between it and the application: the server of DB_URL when that is
 * set, otherwise a throwaway embedded PostgreSQL of its own (its own data directory under target/, so it never
 * competes with the test profile's embedded database for a lock). One per JVM, stopped when the JVM exits.
 */
public final class TargetDatabase {

    private static String jdbcUrl;

    private TargetDatabase() {
    }

    public static synchronized String jdbcUrl() {
        if (jdbcUrl != null) {
            return jdbcUrl;
        }
        Optional<String> configured = Optional.ofNullable(System.getenv("DB_URL")).filter(s -> !s.isBlank());
        if (configured.isPresent()) {
            jdbcUrl = configured.get().trim();
            return jdbcUrl;
        }
        try {
            Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "outage-pg");
            EmbeddedPostgres server = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(true).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is going anyway
                }
            }, "target-database-stop"));
            jdbcUrl = server.getJdbcUrl("postgres", "postgres");
            return jdbcUrl;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String user() {
        return System.getenv("DB_URL") == null || System.getenv("DB_URL").isBlank()
                ? "postgres" : Optional.ofNullable(System.getenv("DB_USER")).orElse("postgres");
    }

    public static String password() {
        return System.getenv("DB_URL") == null || System.getenv("DB_URL").isBlank()
                ? "" : Optional.ofNullable(System.getenv("DB_PASSWORD")).orElse("");
    }
}
