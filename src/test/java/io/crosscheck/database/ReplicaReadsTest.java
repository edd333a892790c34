package io.crosscheck.database;

import io.crosscheck.testing.Fixtures.TestUser;
import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.ReplicaCluster;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.crosscheck.testing.Fixtures.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reports from a real streaming replica: the application runs with DB_URL on a test primary and DB_READ_URL on a
 * {@code pg_basebackup -R} replica of it ({@link ReplicaCluster}). With the replica's replay paused, a write (an
 * import of a third coder, an adjudication) succeeds on the primary, every report endpoint still answers what it
 * answered before the write, and the adjudication page already shows the new gold; once replay resumes, every report
 * shows the write. A report read from the primary would show the write at once and fail the "still" checks; a report
 * that writes would fail on the read-only replica. With the replica stopped, reports answer 503 while writes and
 * readiness carry on.
 */
@QuarkusTest
@TestProfile(ReplicaReadsTest.OnReplica.class)
class ReplicaReadsTest {

    /** The test primary and replica, started before the application and stopped after it. */
    public static class Cluster implements QuarkusTestResourceLifecycleManager {
        private ReplicaCluster cluster;

        @Override
        public Map<String, String> start() {
            try {
                cluster = ReplicaCluster.start();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            // A JDBC URL in quarkus.datasource.jdbc.url is used as it is (EmbeddedDatabaseInterceptor), whatever
            // DB_URL the CI run exports; DB_READ_URL is the variable an operator sets.
            return Map.of("quarkus.datasource.jdbc.url", cluster.primaryUrl(),
                    "quarkus.datasource.username", "postgres", "quarkus.datasource.password", "",
                    "DB_READ_URL", cluster.replicaUrl(), "DB_READ_USER", "postgres", "DB_READ_PASSWORD", "");
        }

        @Override
        public void inject(TestInjector testInjector) {
            testInjector.injectIntoFields(cluster, new TestInjector.MatchesType(ReplicaCluster.class));
        }

        @Override
        public void stop() {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    public static class OnReplica implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Cluster.class));
        }
    }

    @Inject
    ReadDatabase reads;

    /** Set by {@link Cluster#inject}. */
    ReplicaCluster cluster;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String primaryUrl;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "DB_READ_URL")
    String replicaUrl;

    static final String TEXT = "Claim one. is stated here, and more text follows it for a while.";

    @Test
    void reportsComeFromTheReplicaAndWritesGoToThePrimary() throws Exception {
        assertTrue(reads.separate(), "DB_READ_URL is set, so reports have a database of their own");
        try (Connection replica = connect(replicaUrl); Connection primary = connect(primaryUrl)) {
            assertTrue(scalarBoolean(replica, "select pg_is_in_recovery()"), "DB_READ_URL is a standby");
            assertFalse(scalarBoolean(primary, "select pg_is_in_recovery()"), "DB_URL is the primary");
        }
        TestUser supervisor = Fixtures.supervisor();
        long source1 = Fixtures.source();
        long source2 = Fixtures.source();
        String story = Fixtures.unique("story");
        long item1 = Fixtures.article(source1, TEXT + " " + Fixtures.unique("x"), story);
        long item2 = Fixtures.article(source1, TEXT + " " + Fixtures.unique("x"), story);
        long item3 = Fixtures.article(source2, TEXT + " " + Fixtures.unique("x"), story);
        long project = Fixtures.project(3, List.of(
                Fixtures.documentLayer("stance", "nominal", List.of("pro", "neutral", "anti")),
                Fixtures.spanLayer("claims", List.of("unsupported", "contradicted", "world-fact-error"))));
        Fixtures.addItems(project, List.of(item1, item2, item3));
        String a = Fixtures.unique("coder-a");
        String b = Fixtures.unique("coder-b");
        String c = Fixtures.unique("coder-c");
        long[] items = {item1, item2, item3};
        String[][] stance = {{"pro", "pro", "anti"}, {"pro", "anti", "anti"}, {"neutral", "anti", "pro"}};
        Fixtures.importAnnotationLines(project, coder(a, items, stance, 0));
        Fixtures.importAnnotationLines(project, coder(b, items, stance, 1));
        String base = "/api/v1/projects/" + project;
        as(supervisor.token()).body(Map.of("annotations", List.of(Map.of("layer", "stance", "label", "pro"),
                        Map.of("layer", "claims", "label", "unsupported", "start", 0, "end", 10, "quote", "Claim one."))))
                .when().post(base + "/items/" + item1 + "/adjudication").then().statusCode(201);

        try (Connection primary = connect(primaryUrl); Connection replica = connect(replicaUrl)) {
            ReplicaCluster.awaitCaughtUp(primary, replica);
            Map<String, String> before = reports(supervisor, base, item2, story);

            ReplicaCluster.pauseReplay(replica);
            try {
                // Writes while the replica stands still: they answer from the primary, which has them at once.
                Fixtures.importAnnotationLines(project, coder(c, items, stance, 2));
                as(supervisor.token()).body(Map.of("annotations", List.of(Map.of("layer", "stance", "label", "anti"),
                                Map.of("layer", "claims", "label", "contradicted", "start", 0, "end", 10,
                                        "quote", "Claim one."))))
                        .when().post(base + "/items/" + item2 + "/adjudication").then().statusCode(201);
                String annotations = "select count(*) from annotation where project_id = " + project;
                assertEquals(9, count(primary, annotations), "the third coder's labels are on the primary");
                assertEquals(6, count(replica, annotations), "the paused replica has not applied them");
                // The adjudication page must show what its author just saved: it reads the primary.
                as(supervisor.token()).when().get(base + "/items/" + item2 + "/adjudication").then().statusCode(200)
                        .body("annotations[0].label", equalTo("anti"));

                Map<String, String> during = reports(supervisor, base, item2, story);
                assertEquals(List.of(), differing(before, during),
                        "reports that showed the write while the replica was paused: they did not read the replica");
                // After those report requests, a request that is not one reads the primary through the same code
                // (SubmittedWork): item 2's majority draft has the third coder's "anti" (1 : 1 without it).
                as(supervisor.token()).queryParam("from", "majority")
                        .when().get(base + "/items/" + item2 + "/adjudication/draft").then().statusCode(200)
                        .body("annotations.find { it.layer == 'stance' }.label", equalTo("anti"));
            } finally {
                ReplicaCluster.resumeReplay(replica);
            }
            ReplicaCluster.awaitCaughtUp(primary, replica);
            Map<String, String> after = reports(supervisor, base, item2, story);
            List<String> changed = differing(before, after);
            assertEquals(List.copyOf(before.keySet()), changed,
                    "every report shows the write once the replica has applied it");
        }

        // The replica away: reports answer 503 (an outage, retry later), annotation work and readiness carry on.
        cluster.stopReplica();
        for (String path : List.of(base + "/agreement", base + "/review-queue", base + "/export?format=jsonl")) {
            as(supervisor.token()).when().get(path).then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", notNullValue());
        }
        Fixtures.importAnnotationLines(project, coder(Fixtures.unique("coder-d"), items, stance, 0));
        io.restassured.RestAssured.given().when().get("/q/health/ready").then().statusCode(200);
    }

    /** The annotation lines of one coder: column {@code k} of the stance table, nothing on claims. */
    static List<Map<String, Object>> coder(String name, long[] items, String[][] stance, int k) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < items.length; i++) {
            lines.add(Map.of("articleId", items[i], "annotator", name, "layer", "stance", "label", stance[i][k]));
        }
        return lines;
    }

    /** Every report endpoint's body, by name. */
    static Map<String, String> reports(TestUser supervisor, String base, long item, String story) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("agreement", get(supervisor, base + "/agreement"));
        out.put("review queue", get(supervisor, base + "/review-queue"));
        out.put("disagreements", get(supervisor, base + "/items/" + item + "/disagreements"));
        out.put("annotators", get(supervisor, base + "/annotators"));
        out.put("source report", get(supervisor, base + "/sources/report"));
        out.put("story", get(supervisor, base + "/stories/" + story));
        out.put("export", get(supervisor, base + "/export?format=jsonl"));
        out.put("w3c container", get(supervisor, base + "/w3c/"));
        out.put("export job", exportJob(supervisor, base));
        return out;
    }

    /** A JSONL export job's file: the job runs on a thread of the service, in a request context of its own. */
    static String exportJob(TestUser supervisor, String base) {
        long job = as(supervisor.token()).body(Map.of("format", "jsonl")).when().post(base + "/exports")
                .then().statusCode(202).extract().jsonPath().getLong("jobId");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        String state;
        do {
            state = as(supervisor.token()).when().get("/api/v1/jobs/" + job).then().statusCode(200)
                    .extract().jsonPath().getString("state");
            if (state.equals("done")) {
                return get(supervisor, "/api/v1/jobs/" + job + "/result");
            }
            assertTrue(state.equals("queued") || state.equals("running"), "export job " + job + " is " + state);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("export job " + job + " did not finish within 60 s");
    }

    /** The reports whose bodies differ between the two readings. */
    static List<String> differing(Map<String, String> one, Map<String, String> other) {
        return one.keySet().stream().filter(report -> !one.get(report).equals(other.get(report))).toList();
    }

    static String get(TestUser supervisor, String path) {
        Response response = as(supervisor.token()).when().get(path);
        assertEquals(200, response.statusCode(), path + ": " + response.asString());
        return response.asString();
    }

    static Connection connect(String url) throws SQLException {
        return java.sql.DriverManager.getConnection(url, "postgres", "");
    }

    static boolean scalarBoolean(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
