package io.crosscheck.database;

import io.crosscheck.testing.AppProcess;
import io.crosscheck.testing.TargetDatabase;
import io.crosscheck.testing.TcpProxy;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The packaged jar started while PostgreSQL is unreachable: it waits for CROSSCHECK_DB_STARTUP_WAIT, logging each
 * attempt, and either comes up once the database does or exits non-zero with a message that says why.
 */
class DatabaseStartupWaitIT {

    private static final Path LOGS = Path.of("target", "it-logs");

    @Test
    void exitsNonZeroWithAClearMessageWhenTheDatabaseNeverComes() throws Exception {
        try (TcpProxy neverOpened = TcpProxy.closedTo(TargetDatabase.jdbcUrl())) {
            long started = System.nanoTime();
            try (AppProcess app = AppProcess.launch(Map.of("DB_URL", neverOpened.rewrite(TargetDatabase.jdbcUrl()),
                    "CROSSCHECK_DB_STARTUP_WAIT", "8s"), LOGS.resolve("startup-wait-gives-up.log"))) {
                OptionalInt exit = app.awaitExit(Duration.ofSeconds(120));
                long waited = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
                assertTrue(exit.isPresent(), "still running 120 s after start:\n" + app.logTail());
                assertTrue(exit.getAsInt() != 0, "exited with 0:\n" + app.logTail());
                assertTrue(waited >= 8, "gave up after " + waited + " s, before the configured 8 s:\n" + app.logTail());
                String log = app.logText();
                assertTrue(log.contains("was not reachable within 8 s (CROSSCHECK_DB_STARTUP_WAIT)"), app.logTail());
                assertTrue(countOf(log, "is not reachable (attempt ") >= 3,
                        "expected a log line per attempt, with backoff:\n" + app.logTail());
            }
        }
    }

    @Test
    void comesUpWhenTheDatabaseAnswersWithinTheWait() throws Exception {
        String target = TargetDatabase.jdbcUrl();
        try (TcpProxy late = TcpProxy.closedTo(target);
             AppProcess app = AppProcess.launch(Map.of("DB_URL", late.rewrite(target),
                     "DB_USER", TargetDatabase.user(), "DB_PASSWORD", TargetDatabase.password(),
                     "CROSSCHECK_ADMIN_TOKEN", "startup-wait-admin", "CROSSCHECK_DB_STARTUP_WAIT", "120s"),
                     LOGS.resolve("startup-wait-comes-up.log"))) {
            awaitLog(app, "is not reachable (attempt 2");
            late.open();
            app.awaitReady();
            assertTrue(app.logText().contains("answered after"), app.logTail());
            given().baseUri(app.baseUrl()).header("Authorization", "Bearer startup-wait-admin")
                    .when().get("/api/v1/me").then().statusCode(200);
        }
    }

    private static void awaitLog(AppProcess app, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!app.logText().contains(text)) {
            if (System.nanoTime() > deadline) {
                fail("no '" + text + "' in the log within 120 s:\n" + app.logTail());
            }
            OptionalInt exit = app.awaitExit(Duration.ofMillis(200));
            if (exit.isPresent()) {
                fail("the application exited with " + exit.getAsInt() + " while waiting:\n" + app.logTail());
            }
        }
    }

    private static int countOf(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }
}
