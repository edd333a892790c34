package io.crosscheck.jobs;

import io.crosscheck.testing.AppProcess;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An export job survives the death of the instance running it: the packaged jar starts the job, is killed while the
 * job runs (SIGKILL with DB_URL; with the embedded database, which dies with its JVM, a SIGTERM instead — then the
 * clean stop hands the job back), and a fresh instance resumes it as attempt 2 and produces the streamed export's
 * bytes.
 */
class JobRestartIT {

    private static final String ADMIN_TOKEN = "test-admin-token";

    @Test
    void anExportJobCutOffByADeadInstanceIsResumedByTheNextOne() throws Exception {
        String dbUrl = Optional.ofNullable(System.getenv("DB_URL")).filter(s -> !s.isBlank()).orElse(null);
        Path logs = Path.of("target", "it-logs");
        Map<String, String> env = new HashMap<>();
        env.put("CROSSCHECK_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("DB_POOL_MAX", "12");
        env.put("CROSSCHECK_JOB_STALE_AFTER", "3s");
        env.put("CROSSCHECK_JOB_DIR", Files.createDirectories(Path.of("target", "it-jobs")).toAbsolutePath().toString());
        if (dbUrl == null) {
            env.put("DB_URL", "");
            env.put("CROSSCHECK_DATA_DIR", Files.createTempDirectory(Path.of("target"), "jobs-it-data").toAbsolutePath().toString());
        }
        long project;
        long job;
        try (AppProcess first = AppProcess.start(env, logs.resolve("jobs-instance-1.log"))) {
            project = fill(first.baseUrl());
            job = api(first.baseUrl()).contentType("application/json")
                    .body(Map.of("format", "conll", "include", "raw", "comments", true))
                    .when().post("/api/v1/projects/" + project + "/exports").then().statusCode(202)
                    .extract().jsonPath().getLong("jobId");
            JsonPath state = awaitRunning(first.baseUrl(), job);
            assertEquals("running", state.getString("state"),
                    "the export must still be running when the instance dies: " + state.prettify());
            if (dbUrl != null) {
                first.kill();
            }
        }
        try (AppProcess second = AppProcess.start(env, logs.resolve("jobs-instance-2.log"))) {
            JsonPath done = awaitFinished(second.baseUrl(), job);
            assertEquals("done", done.getString("state"), done.prettify());
            assertEquals(2, done.getInt("attempt"), "resumed by a second claim");
            byte[] result = api(second.baseUrl()).when().get("/api/v1/jobs/" + job + "/result").then().statusCode(200)
                    .extract().asByteArray();
            byte[] streamed = api(second.baseUrl()).when()
                    .get("/api/v1/projects/" + project + "/export?format=conll&include=raw&comments=true")
                    .then().statusCode(200).extract().asByteArray();
            assertArrayEquals(streamed, result);
            assertEquals(done.getLong("total"), done.getLong("done"));
            String log = second.logText();
            if (dbUrl != null) {
                assertTrue(log.contains("job " + job + " (export): runner ") && log.contains("recovered"),
                        "the second instance found the dead runner's job:\n" + second.logTail());
            }
        }
    }

    private static RequestSpecification api(String base) {
        return given().baseUri(base).header("Authorization", "Bearer " + ADMIN_TOKEN);
    }

    /**
     * A project of 2,000 articles × 3 annotators (a label and 10 spans each): a CoNLL zip export of a second or more,
     * long enough for the kill that follows the claim by one 20 ms poll (4,000 articles doubled the fill for nothing).
     */
    private static long fill(String base) {
        String tag = "jobs-it-" + System.nanoTime();
        StringBuilder articles = new StringBuilder();
        String body = "Markets fell sharply today after the announcement, officials said. ".repeat(25);
        for (int i = 0; i < 2000; i++) {
            articles.append("{\"sourceName\": \"").append(tag).append("\", \"storyKey\": \"").append(tag).append("\", \"title\": \"A").append(i)
                    .append("\", \"text\": \"").append(tag).append(' ').append(i).append(". ").append(body).append("\"}\n");
        }
        api(base).contentType("application/x-ndjson").body(articles.toString().getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/articles/import").then().statusCode(200);
        long project = api(base).contentType("application/json").body(Map.of("name", tag, "annotatorsPerItem", 3,
                        "layers", List.of(Map.of("name", "stance", "scope", "document", "measurement", "nominal",
                                        "labels", List.of("pro", "neutral", "anti")),
                                Map.of("name", "claims", "scope", "span", "measurement", "nominal",
                                        "labels", List.of("unsupported", "contradicted")))))
                .when().post("/api/v1/projects").then().statusCode(201).extract().jsonPath().getLong("id");
        for (int page = 0; page < 2; page++) {
            List<Integer> pageIds = api(base).when().get("/api/v1/articles?size=1000&page=" + page + "&storyKey=" + tag)
                    .then().statusCode(200).extract().jsonPath().getList("items.id");
            assertEquals(1000, pageIds.size());
            StringBuilder lines = new StringBuilder();
            for (int id : pageIds) {
                for (int c = 0; c < 3; c++) {
                    String coder = tag + "-coder-" + c;
                    lines.append("{\"articleId\": ").append(id).append(", \"annotator\": \"").append(coder)
                            .append("\", \"layer\": \"stance\", \"label\": \"").append(c == 0 ? "pro" : "anti").append("\"}\n");
                    for (int k = 0; k < 10; k++) {
                        int start = 40 + k * 150 + c * 3;
                        lines.append("{\"articleId\": ").append(id).append(", \"annotator\": \"").append(coder)
                                .append("\", \"layer\": \"claims\", \"label\": \"unsupported\", \"start\": ")
                                .append(start).append(", \"end\": ").append(start + 20).append("}\n");
                    }
                }
            }
            api(base).contentType("application/x-ndjson").body(lines.toString().getBytes(StandardCharsets.UTF_8))
                    .when().post("/api/v1/projects/" + project + "/annotations/import").then().statusCode(200);
        }
        return project;
    }

    /**
     * Polls every 20 ms until a runner has claimed the job (or it has already finished). Killing it right after the
     * claim is enough: the claim wrote its heartbeat, which then goes stale like any other.
     */
    private static JsonPath awaitRunning(String base, long job) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonPath j = api(base).when().get("/api/v1/jobs/" + job).then().statusCode(200).extract().jsonPath();
            if ("running".equals(j.getString("state")) || "done".equals(j.getString("state"))
                    || "failed".equals(j.getString("state"))) {
                return j;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("job " + job + " did not start within 60 s");
    }

    private static JsonPath awaitFinished(String base, long job) throws InterruptedException {
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonPath j = api(base).when().get("/api/v1/jobs/" + job).then().statusCode(200).extract().jsonPath();
            if ("done".equals(j.getString("state")) || "failed".equals(j.getString("state"))) {
                return j;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("job " + job + " did not finish within 180 s after the restart");
    }
}
