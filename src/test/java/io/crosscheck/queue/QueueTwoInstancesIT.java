package io.crosscheck.queue;

import io.crosscheck.testing.AppProcess;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two copies of the packaged application on two ports and one database, the same hammer spread over both, then the
 * invariants checked with SQL. Uses DB_URL/DB_USER/DB_PASSWORD when set; otherwise the first instance starts its
 * embedded PostgreSQL and the second is pointed at it.
 */
class QueueTwoInstancesIT {

    /** The test profile's admin token, so @QuarkusTest runs on the same database keep working. */
    private static final String ADMIN_TOKEN = "test-admin-token";
    private static final Pattern EMBEDDED_URL = Pattern.compile("embedded PostgreSQL at (jdbc:postgresql://\\S+)");

    @Test
    void twoInstancesOnOneDatabaseKeepEveryInvariant() throws Exception {
        String dbUrl = Optional.ofNullable(System.getenv("DB_URL")).filter(s -> !s.isBlank()).orElse(null);
        String dbUser = Optional.ofNullable(System.getenv("DB_USER")).orElse("postgres");
        String dbPassword = Optional.ofNullable(System.getenv("DB_PASSWORD")).orElse("");
        Path logs = Path.of("target", "it-logs");
        Map<String, String> env = new HashMap<>();
        env.put("CROSSCHECK_ADMIN_TOKEN", ADMIN_TOKEN);
        // Two pools on one server: keep them small so the pair fits max_connections beside anything else.
        env.put("DB_POOL_MAX", "12");
        // 80 client threads share each instance's 12 connections: on a loaded machine a request may wait for one longer
        // than the default 5 s, and a 503 for a dry pool is not what this test is about.
        env.put("QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT", "30S");
        env.put("DB_USER", dbUser);
        env.put("DB_PASSWORD", dbPassword);
        env.put("DB_URL", dbUrl);
        if (dbUrl == null) {
            env.put("CROSSCHECK_DATA_DIR", Path.of("target", "it-data").toAbsolutePath().toString());
        }
        // The second instance is closed first: the first may own the embedded database.
        try (AppProcess first = AppProcess.start(env, logs.resolve("instance-1.log"))) {
            if (dbUrl == null) {
                dbUrl = embeddedUrl(first);
                env.put("DB_URL", dbUrl);
            }
            try (AppProcess second = AppProcess.start(env, logs.resolve("instance-2.log"))) {
                List<URI> both = List.of(URI.create(first.baseUrl()), URI.create(second.baseUrl()));
                // Three projects hammered one after the other across both instances (each hammer's 80 threads pick
                // an instance per request), each project's invariants checked after its run. Side by side they took
                // longer on the 2-core CI machine (77-92 s against 68 s), so they run in sequence; 100 items each
                // keeps the contention of 40 annotators on 80 threads with a third of the plain hammer's old 300.
                QueueHammer plain = new QueueHammer(both, ADMIN_TOKEN);
                hammerAndCheck(plain, () -> plain.setUp(100, 3, 40), dbUrl, dbUser, dbPassword);
                // A balanced, escalating panel (k = 3 over three leans) across both instances: the balance is kept by
                // the claim in the database, so two JVMs racing on one item cannot both place a rater of one lean.
                // Escalating too (random stance labels, k = 3 up to 5): the capacity grows once per disagreeing
                // panel, whichever instance took the completing submit, and every added rater keeps the balance.
                QueueHammer panels = new QueueHammer(both, ADMIN_TOKEN);
                hammerAndCheck(panels, () -> panels.setUp(100, 3, 40, "random", true, 5), dbUrl, dbUser, dbPassword);
                // Two rounds across both instances: each rater's revision is offered once, after the panel has
                // submitted, whichever instance took the submit and whichever the claim.
                QueueHammer rounds = new QueueHammer(both, ADMIN_TOKEN);
                hammerAndCheck(rounds, () -> rounds.setUp(100, 3, 40, "sequential", false, 0, true),
                        dbUrl, dbUser, dbPassword);
            }
        }
    }

    /** A setup step that may throw. */
    private interface SetUp {
        void run() throws Exception;
    }

    private static void hammerAndCheck(QueueHammer hammer, SetUp setUp, String dbUrl, String dbUser, String dbPassword)
            throws Exception {
        setUp.run();
        hammer.run();
        try (Connection c = DriverManager.getConnection(dbUrl, dbUser, dbPassword)) {
            hammer.checkInvariants(c);
        }
    }

    private static String embeddedUrl(AppProcess app) throws Exception {
        Matcher m = EMBEDDED_URL.matcher(app.logText());
        if (!m.find()) {
            fail("DB_URL is unset and instance 1 did not log its embedded database URL:\n" + app.logTail());
        }
        return m.group(1);
    }
}
