package io.crosscheck.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.Fixtures.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jobs over real HTTP and PostgreSQL: export jobs give the streamed export's bytes and the card's sha256, their files
 * download in ranges, imports as jobs report what the synchronous imports report, and the runner's guarantees (resume
 * after a dead runner, one claim per job, retention) hold.
 */
@QuarkusTest
class JobResourceTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A project with imported work of three annotators on a dozen articles (one with an emoji before its span). */
    record World(long project, long source, TestUser supervisor, TestUser annotator, List<Long> articles) {
    }

    static World world;

    @Inject
    DataSource dataSource;

    @Inject
    JobRunner runner;

    @Inject
    JobStore store;

    static List<Map<String, Object>> layers() {
        return List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "neutral", "anti")),
                Fixtures.spanLayer("claims", List.of("unsupported", "contradicted")));
    }

    @BeforeEach
    void setUp() {
        if (world != null) {
            return;
        }
        long source = Fixtures.source();
        long project = Fixtures.project(3, layers());
        List<Long> articles = new ArrayList<>();
        List<Map<String, Object>> lines = new ArrayList<>();
        String[] coders = {Fixtures.unique("coder"), Fixtures.unique("coder"), Fixtures.unique("coder")};
        String[] stances = {"pro", "neutral", "anti"};
        for (int i = 0; i < 12; i++) {
            String text = "😀 Article " + i + " says prices rose, sharply. " + Fixtures.unique("t");
            long article = Fixtures.article(source, text);
            articles.add(article);
            for (int c = 0; c < coders.length; c++) {
                lines.add(Map.of("articleId", article, "annotator", coders[c], "layer", "stance",
                        "label", stances[(i + c) % 3 == 0 ? 0 : (i * c) % 3]));
                if ((i + c) % 2 == 0) {
                    lines.add(Map.of("articleId", article, "annotator", coders[c], "layer", "claims",
                            "label", c == 2 ? "contradicted" : "unsupported", "start", 2, "end", 9 + c));
                }
            }
        }
        Fixtures.importAnnotationLines(project, lines);
        world = new World(project, source, Fixtures.supervisor(), Fixtures.member(project), articles);
    }

    // ---- helpers ----

    static Response startExport(String token, long project, Map<String, Object> body) {
        return Fixtures.as(token).body(body).when().post("/api/v1/projects/" + project + "/exports");
    }

    static long exportJob(Map<String, Object> body) {
        Response r = startExport(world.supervisor().token(), world.project(), body);
        r.then().statusCode(202).contentType(containsString("application/json"))
                .header("Location", matchesPattern(".*/api/v1/jobs/[0-9]+$"));
        long id = r.jsonPath().getLong("jobId");
        assertTrue(r.header("Location").endsWith("/api/v1/jobs/" + id));
        return id;
    }

    /** Polls the job until it is done or failed (the runner polls every 0.5 s). */
    static JsonNode await(long job, String token) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode j = JSON.readTree(Fixtures.as(token).when().get("/api/v1/jobs/" + job)
                    .then().statusCode(200).extract().asByteArray());
            String state = j.get("state").asText();
            if (state.equals("done") || state.equals("failed")) {
                return j;
            }
            assertTrue(state.equals("queued") || state.equals("running"), "state " + state);
            Thread.sleep(100);
        }
        throw new AssertionError("job " + job + " did not finish within 60 s");
    }

    static JsonNode awaitDone(long job) throws Exception {
        JsonNode j = await(job, world.supervisor().token());
        assertEquals("done", j.get("state").asText(), () -> "job failed: " + j);
        return j;
    }

    static byte[] download(long job) {
        return Fixtures.as(world.supervisor().token()).when().get("/api/v1/jobs/" + job + "/result")
                .then().statusCode(200).extract().asByteArray();
    }

    static String query(Map<String, Object> params) {
        StringBuilder q = new StringBuilder();
        params.forEach((k, v) -> q.append(q.isEmpty() ? "" : "&").append(k).append('=').append(v));
        return q.toString();
    }

    static byte[] streamed(Map<String, Object> params) {
        return Fixtures.as(world.supervisor().token()).when()
                .get("/api/v1/projects/" + world.project() + "/export" + (params.isEmpty() ? "" : "?" + query(params)))
                .then().statusCode(200).extract().asByteArray();
    }

    static String card(Map<String, Object> params) {
        return Fixtures.as(world.supervisor().token()).when()
                .get("/api/v1/projects/" + world.project() + "/export/card?" + query(params))
                .then().statusCode(200).extract().jsonPath().getString("sha256");
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    long count(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    long jobsOf(TestUser user) throws SQLException {
        return count("select count(*) from job where owner_id = ?", user.id());
    }

    /** A job row written straight into the table (for states the API cannot be asked to produce on demand). */
    long insertJob(String kind, Long project, long owner, String state, String params, String input, int attempt,
                   String runner, String heartbeatAgo, String error) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "insert into job (kind, project_id, owner_id, state, params, input_path, attempt, runner, started_at,"
                        + " heartbeat_at, error) values (?, ?, ?, ?, ?::jsonb, ?, ?, ?, now() - ?::interval,"
                        + " now() - ?::interval, ?) returning id")) {
            st.setString(1, kind);
            st.setObject(2, project);
            st.setLong(3, owner);
            st.setString(4, state);
            st.setString(5, params);
            st.setString(6, input);
            st.setInt(7, attempt);
            st.setString(8, runner);
            st.setString(9, heartbeatAgo);
            st.setString(10, heartbeatAgo);
            st.setString(11, error);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static String baseUri() {
        return RestAssured.baseURI + ":" + RestAssured.port + "/";
    }

    @Nested
    class ExportJobs {

        @Test
        void everyFormatGivesTheStreamedExportsBytesAndTheCardsSha256() throws Exception {
            for (Map<String, Object> params : List.of(Map.<String, Object>of("format", "jsonl", "include", "all"),
                    Map.<String, Object>of("format", "csv", "include", "raw"),
                    Map.<String, Object>of("format", "webanno", "include", "all", "layer", "claims"),
                    Map.<String, Object>of("format", "conll", "include", "all"),
                    // JSON numbers and booleans where the query string has text.
                    Map.<String, Object>of("format", "conll", "include", "raw", "comments", true, "sourceId", world.source()))) {
                long job = exportJob(params);
                JsonNode j = awaitDone(job);
                byte[] file = download(job);
                byte[] stream = streamed(params);
                assertArrayEquals(stream, file, "job file = streamed export for " + params);
                JsonNode result = j.get("result");
                assertEquals(sha256(file), result.get("sha256").asText());
                assertEquals(card(params), result.get("sha256").asText(), "the card's sha256 for " + params);
                assertEquals(file.length, result.get("bytes").asLong());
                assertEquals(baseUri() + "api/v1/jobs/" + job + "/result", result.get("url").asText());
                assertFalse(result.get("expired").asBoolean());
                assertNotNull(result.get("expiresAt"));
                assertEquals("export", j.get("kind").asText());
                assertEquals(world.project(), j.get("projectId").asLong());
                assertEquals(world.supervisor().username(), j.get("owner").asText());
                assertEquals(1, j.get("attempt").asInt());
                assertEquals(j.get("total").asLong(), j.get("done").asLong(), "done = total once done: " + params);
                assertTrue(j.get("total").asLong() > 0);
            }
        }

        @Test
        void progressCountsTheArticlesWritten() throws Exception {
            Map<String, Object> params = Map.of("format", "jsonl", "include", "raw");
            long job = exportJob(params);
            JsonNode j = awaitDone(job);
            int lines = new String(streamed(params), StandardCharsets.UTF_8).split("\n").length;
            assertEquals(world.articles().size(), lines);
            assertEquals(lines, j.get("total").asLong());
            assertEquals(lines, j.get("done").asLong());
            assertEquals("articles", j.get("unit").asText());
            assertNotNull(j.get("heartbeatAt"));
            assertNotNull(j.get("finishedAt"));
        }

        @Test
        void theResultHasTheFilesHeaders() throws Exception {
            Map<String, Object> params = Map.of("format", "csv");
            long job = exportJob(params);
            JsonNode j = awaitDone(job);
            String sha = j.get("result").get("sha256").asText();
            Fixtures.as(world.supervisor().token()).when().get("/api/v1/jobs/" + job + "/result").then().statusCode(200)
                    .header("ETag", "\"" + sha + "\"").header("Accept-Ranges", "bytes")
                    .header("Content-Length", String.valueOf(j.get("result").get("bytes").asLong()))
                    .header("Content-Disposition", containsString(".csv\""))
                    .contentType(containsString("text/csv"));
        }

        @Test
        void aBadParameterIs400BeforeAnythingIsQueued() throws Exception {
            long before = jobsOf(world.supervisor());
            for (Map<String, Object> body : List.<Map<String, Object>>of(Map.of("format", "xml"), Map.of("include", "some"),
                    Map.of("layer", "nope"), Map.of("sourceId", 999_999_999L), Map.of("annotator", "nobody-" + Fixtures.unique("x")),
                    Map.of("comments", false, "include", "gold", "annotator", world.annotator().username()))) {
                startExport(world.supervisor().token(), world.project(), body).then().statusCode(400)
                        .contentType(containsString("application/problem+json"));
            }
            for (String body : List.of("{\"format\": \"jsonl\", \"colour\": \"red\"}", "{\"sourceId\": \"abc\"}",
                    "{\"comments\": \"maybe\"}", "{\"format\": 1}")) {
                Fixtures.as(world.supervisor().token()).body(body)
                        .when().post("/api/v1/projects/" + world.project() + "/exports").then().statusCode(400)
                        .contentType(containsString("application/problem+json"));
            }
            Fixtures.as(world.supervisor().token()).body("{\"format\": \"jsonl\", \"colour\": \"red\"}")
                    .when().post("/api/v1/projects/" + world.project() + "/exports").then().statusCode(400)
                    .contentType(containsString("application/problem+json"));
            startExport(world.supervisor().token(), 999_999_999L, Map.of()).then().statusCode(404)
                    .contentType(containsString("application/problem+json"));
            assertEquals(before, jobsOf(world.supervisor()), "no job was queued");
        }

        @Test
        void anAnnotatorCannotExportSoCannotStartAnExportJob() throws Exception {
            startExport(world.annotator().token(), world.project(), Map.of()).then().statusCode(403)
                    .contentType(containsString("application/problem+json"));
            given().contentType("application/json").body("{}").when().post("/api/v1/projects/" + world.project() + "/exports")
                    .then().statusCode(401);
            assertEquals(0, jobsOf(world.annotator()));
        }

        @Test
        void anEmptyBodyExportsWithTheDefaults() throws Exception {
            Response r = given().header("Authorization", "Bearer " + world.supervisor().token())
                    .contentType("application/json").when().post("/api/v1/projects/" + world.project() + "/exports");
            r.then().statusCode(202);
            long job = r.jsonPath().getLong("jobId");
            awaitDone(job);
            assertArrayEquals(streamed(Map.of()), download(job));
        }
    }

    @Nested
    class Download {

        long job;
        byte[] whole;
        String etag;

        @BeforeEach
        void done() throws Exception {
            job = exportJob(Map.of("format", "jsonl", "include", "all"));
            JsonNode j = awaitDone(job);
            whole = download(job);
            etag = "\"" + j.get("result").get("sha256").asText() + "\"";
        }

        Response get(Map<String, String> headers) {
            return Fixtures.as(world.supervisor().token()).headers(headers).when().get("/api/v1/jobs/" + job + "/result");
        }

        @Test
        void aBrokenDownloadResumesWithRangeAndTheWholeMatchesTheCard() throws Exception {
            int half = whole.length / 2;
            Response first = get(Map.of("Range", "bytes=0-" + (half - 1)));
            first.then().statusCode(206).header("Content-Range", "bytes 0-" + (half - 1) + "/" + whole.length)
                    .header("Content-Length", String.valueOf(half)).header("ETag", etag);
            Response rest = get(Map.of("Range", "bytes=" + half + "-", "If-Range", etag));
            rest.then().statusCode(206).header("Content-Range", "bytes " + half + "-" + (whole.length - 1) + "/" + whole.length)
                    .header("Content-Length", String.valueOf(whole.length - half));
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            joined.write(first.asByteArray());
            joined.write(rest.asByteArray());
            assertEquals(etag, "\"" + sha256(joined.toByteArray()) + "\"");
            assertEquals(card(Map.of("format", "jsonl", "include", "all")), sha256(joined.toByteArray()));
        }

        @Test
        void aSuffixRangeGivesTheLastBytes() {
            Response r = get(Map.of("Range", "bytes=-10"));
            r.then().statusCode(206).header("Content-Range", "bytes " + (whole.length - 10) + "-" + (whole.length - 1) + "/" + whole.length);
            assertArrayEquals(java.util.Arrays.copyOfRange(whole, whole.length - 10, whole.length), r.asByteArray());
        }

        @Test
        void aRangePastTheEndIs416WithTheSize() {
            get(Map.of("Range", "bytes=" + whole.length + "-")).then().statusCode(416)
                    .contentType(containsString("application/problem+json"))
                    .header("Content-Range", "bytes */" + whole.length).body("status", equalTo(416));
        }

        @Test
        void anIfRangeThatDoesNotMatchSendsTheWholeFile() {
            Response r = get(Map.of("Range", "bytes=5-", "If-Range", "\"" + "0".repeat(64) + "\""));
            r.then().statusCode(200).header("Content-Length", String.valueOf(whole.length));
            assertArrayEquals(whole, r.asByteArray());
            Response dated = get(Map.of("Range", "bytes=5-", "If-Range", "Tue, 01 Dec 2026 00:00:00 GMT"));
            dated.then().statusCode(200);
            assertArrayEquals(whole, dated.asByteArray());
        }

        @Test
        void aRangeThisServerDoesNotReadIsIgnored() {
            for (String range : List.of("bytes=0-1,5-6", "items=0-1", "bytes=9-3", "bytes=x-")) {
                Response r = get(Map.of("Range", range));
                r.then().statusCode(200);
                assertArrayEquals(whole, r.asByteArray(), range);
            }
        }

        @Test
        void headAnswersTheHeadersWithoutTheBody() {
            Response r = Fixtures.as(world.supervisor().token()).when().head("/api/v1/jobs/" + job + "/result");
            r.then().statusCode(200).header("ETag", etag).header("Accept-Ranges", "bytes")
                    .header("Content-Length", String.valueOf(whole.length));
            assertEquals(0, r.asByteArray().length);
        }

        @Test
        void ifNoneMatchWithTheEtagIs304() {
            get(Map.of("If-None-Match", etag)).then().statusCode(304).header("ETag", etag);
        }

        @Test
        void anExpiredResultIsRemovedAndAnswers410() throws Exception {
            String path;
            try (Connection c = dataSource.getConnection();
                 PreparedStatement st = c.prepareStatement("update job set expires_at = now() - interval '1 second'"
                         + " where id = ? returning result_path")) {
                st.setLong(1, job);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    path = rs.getString(1);
                }
            }
            assertTrue(Files.exists(Path.of(path)));
            get(Map.of()).then().statusCode(410).contentType(containsString("application/problem+json"));
            assertTrue(runner.sweep() >= 1);
            assertFalse(Files.exists(Path.of(path)), "the sweep removed the file");
            get(Map.of()).then().statusCode(410);
            Fixtures.as(world.supervisor().token()).when().get("/api/v1/jobs/" + job).then().statusCode(200)
                    .body("state", equalTo("done")).body("result.expired", equalTo(true));
        }
    }

    @Nested
    class Waiting {

        @Test
        void waitAnswersOnceTheJobIsDone() throws Exception {
            long job = exportJob(Map.of("format", "jsonl"));
            // Asked right after the POST, while the job is queued or running: one answer, and it is the end.
            Fixtures.as(world.supervisor().token()).when().get("/api/v1/jobs/" + job + "?wait=30").then().statusCode(200)
                    .body("state", equalTo("done")).body("result.sha256", matchesPattern("[0-9a-f]{64}"));
        }

        @Test
        void aJobThatDoesNotEndIsAnsweredWithItsStateWhenTheWaitIsUp() throws Exception {
            // A running job whose runner is alive (fresh heartbeat) and never finishes it: the wait runs out.
            long job = insertJob("export", world.project(), world.supervisor().id(), "running", "{}", null, 1,
                    "another-instance", "0 seconds", null);
            Fixtures.as(world.supervisor().token()).when().get("/api/v1/jobs/" + job + "?wait=0.3").then().statusCode(200)
                    .body("state", equalTo("running"));
            fail(job);
        }

        @Test
        void aBadWaitIs400AndSomeoneElsesJobStays404() throws Exception {
            long job = insertJob("export", world.project(), world.supervisor().id(), "running", "{}", null, 1,
                    "another-instance", "0 seconds", null);
            for (String wait : List.of("31", "-1", "soon", "NaN")) {
                Fixtures.as(world.supervisor().token()).when().get("/api/v1/jobs/" + job + "?wait=" + wait).then()
                        .statusCode(400).contentType(containsString("application/problem+json"))
                        .body("parameter", equalTo("wait"));
            }
            Fixtures.as(world.annotator().token()).when().get("/api/v1/jobs/" + job + "?wait=30").then().statusCode(404);
            fail(job);
        }

        /** Ends a job row made by hand, so that no runner takes it up later as stale. */
        private void fail(long job) throws SQLException {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement st = c.prepareStatement("update job set state = 'failed', error = 'test' where id = ?")) {
                st.setLong(1, job);
                st.executeUpdate();
            }
        }
    }

    @Nested
    class Visibility {

        @Test
        void aJobIsVisibleToItsOwnerAndSupervisorsAndNotToAnnotators() throws Exception {
            long job = exportJob(Map.of("format", "csv"));
            awaitDone(job);
            Fixtures.as(world.supervisor().token()).when().get("/api/v1/jobs/" + job).then().statusCode(200);
            Fixtures.as(Fixtures.supervisor().token()).when().get("/api/v1/jobs/" + job).then().statusCode(200);
            Fixtures.asAdmin().when().get("/api/v1/jobs/" + job + "/result").then().statusCode(200);
            for (String path : List.of("", "/result")) {
                Fixtures.as(world.annotator().token()).when().get("/api/v1/jobs/" + job + path).then().statusCode(404)
                        .contentType(containsString("application/problem+json"));
                given().when().get("/api/v1/jobs/" + job + path).then().statusCode(401);
            }
            // The 404 of someone else's job is the 404 of no job at all.
            String other = Fixtures.as(world.annotator().token()).when().get("/api/v1/jobs/" + job).then().extract().path("detail");
            String none = Fixtures.as(world.annotator().token()).when().get("/api/v1/jobs/999999999").then().extract().path("detail");
            assertEquals(none.replace("999999999", String.valueOf(job)), other);
        }

        @Test
        void anAnnotatorSeesTheirOwnJobOnly() throws Exception {
            TestUser mine = Fixtures.member(world.project());
            long job = insertJob("export", world.project(), mine.id(), "failed", "{}", null, 1, "r", "1 minute", "why");
            Fixtures.as(mine.token()).when().get("/api/v1/jobs/" + job).then().statusCode(200)
                    .body("state", equalTo("failed")).body("error", equalTo("why"));
            Fixtures.as(world.annotator().token()).when().get("/api/v1/jobs/" + job).then().statusCode(404);
        }

        @Test
        void theResultOfAJobThatIsNotDoneIs409() throws Exception {
            long failed = insertJob("export", world.project(), world.supervisor().id(), "failed", "{}", null, 1, "r",
                    "1 minute", "the export failed");
            Fixtures.as(world.supervisor().token()).when().get("/api/v1/jobs/" + failed + "/result").then().statusCode(409)
                    .contentType(containsString("application/problem+json")).body("detail", containsString("the export failed"));
        }
    }

    @Nested
    class ImportJobs {

        String lines(List<Long> articles, String coder) {
            StringBuilder body = new StringBuilder();
            for (long a : articles) {
                body.append("{\"articleId\": ").append(a).append(", \"annotator\": \"").append(coder)
                        .append("\", \"layer\": \"stance\", \"label\": \"pro\"}\n");
                body.append("{\"articleId\": ").append(a).append(", \"annotator\": \"").append(coder)
                        .append("\", \"layer\": \"claims\", \"label\": \"unsupported\", \"start\": 2, \"end\": 9}\n");
            }
            body.append("{\"articleId\": ").append(articles.get(0)).append(", \"annotator\": \"").append(coder)
                    .append("\", \"layer\": \"stance\", \"label\": \"nonsense\"}\n");
            body.append("not json\n");
            body.append("{\"articleId\": 999999999, \"annotator\": \"").append(coder).append("\", \"layer\": \"stance\", \"label\": \"pro\"}\n");
            return body.toString();
        }

        long importJob(String path, String contentType, byte[] body) {
            Response r = given().header("Authorization", "Bearer " + world.supervisor().token()).contentType(contentType)
                    .body(body).when().post(path);
            r.then().statusCode(202).header("Location", matchesPattern(".*/api/v1/jobs/[0-9]+$"));
            return r.jsonPath().getLong("jobId");
        }

        @Test
        void anAnnotationImportJobReportsWhatTheSynchronousImportReports() throws Exception {
            String coder = Fixtures.unique("coder");
            long syncProject = Fixtures.project(2, layers());
            long jobProject = Fixtures.project(2, layers());
            String body = lines(world.articles(), coder);
            JsonNode sync = JSON.readTree(given().header("Authorization", "Bearer " + world.supervisor().token())
                    .contentType("application/x-ndjson").body(body.getBytes(StandardCharsets.UTF_8))
                    .when().post("/api/v1/projects/" + syncProject + "/annotations/import")
                    .then().statusCode(200).extract().asByteArray());
            assertTrue(sync.get("failed").asInt() >= 3 && sync.get("created").asInt() > 0, sync.toString());
            long job = importJob("/api/v1/projects/" + jobProject + "/annotations/imports", "application/x-ndjson",
                    body.getBytes(StandardCharsets.UTF_8));
            JsonNode j = awaitDone(job);
            assertEquals(sync, j.get("report"));
            assertEquals(sync, JSON.readTree(download(job)));
            assertEquals("annotation-import", j.get("kind").asText());
            assertEquals("bytes", j.get("unit").asText());
            assertEquals(body.getBytes(StandardCharsets.UTF_8).length, j.get("total").asLong());
            assertEquals(count("select count(*) from annotation where project_id = ?", syncProject),
                    count("select count(*) from annotation where project_id = ?", jobProject));
            assertEquals(0, count("select count(*) from job where id = ? and input_path is not null", job),
                    "the uploaded file is dropped once the job is done");
        }

        @Test
        void anOtherFormatRunsWithTheSameParameters() throws Exception {
            String coder = Fixtures.unique("doccano");
            long syncProject = Fixtures.project(1, layers());
            long jobProject = Fixtures.project(1, layers());
            String text = "Doccano text 😀 with a claim " + Fixtures.unique("d");
            String doccano = "{\"text\": " + JSON.writeValueAsString(text) + ", \"label\": [[16, 28, \"unsupported\"]]}\n";
            String params = "?format=doccano&annotator=" + coder + "&layer=claims&source=" + Fixtures.unique("src");
            JsonNode sync = JSON.readTree(given().header("Authorization", "Bearer " + world.supervisor().token())
                    .contentType("application/jsonl").body(doccano.getBytes(StandardCharsets.UTF_8))
                    .when().post("/api/v1/projects/" + syncProject + "/annotations/import" + params)
                    .then().statusCode(200).extract().asByteArray());
            long job = importJob("/api/v1/projects/" + jobProject + "/annotations/imports" + params, "application/jsonl",
                    doccano.getBytes(StandardCharsets.UTF_8));
            JsonNode report = awaitDone(job).get("report");
            // The text became an article in the synchronous import; the job finds it by sha256 instead of creating it.
            assertEquals(1, sync.get("articlesCreated").asInt(), sync.toString());
            assertEquals(0, report.get("articlesCreated").asInt(), report.toString());
            assertEquals(sync.get("created"), report.get("created"));
            assertEquals(sync.get("failed"), report.get("failed"));
        }

        @Test
        void anImportJobThatFailsStoresNothingAndSaysWhy() throws Exception {
            long project = Fixtures.project(1, layers());
            long job = importJob("/api/v1/projects/" + project + "/annotations/imports?format=labelstudio&layer=claims",
                    "application/json", "[{\"data\": {\"text\": \"x\"}, ".getBytes(StandardCharsets.UTF_8));
            JsonNode j = await(job, world.supervisor().token());
            assertEquals("failed", j.get("state").asText());
            assertTrue(j.get("error").asText().contains("malformed JSON"), j.toString());
            assertFalse(j.has("result"));
            assertEquals(0, count("select count(*) from assignment where project_id = ?", project));
            assertEquals(0, count("select count(*) from project_item where project_id = ?", project));
            Fixtures.as(world.supervisor().token()).when().get("/api/v1/jobs/" + job + "/result").then().statusCode(409);
        }

        @Test
        void badImportParametersAre4xxBeforeAnythingIsQueued() throws Exception {
            long before = jobsOf(world.supervisor());
            byte[] body = "{}\n".getBytes(StandardCharsets.UTF_8);
            String base = "/api/v1/projects/" + world.project() + "/annotations/imports";
            given().header("Authorization", "Bearer " + world.supervisor().token()).contentType("application/x-ndjson")
                    .body(body).when().post(base + "?format=nope").then().statusCode(400)
                    .contentType(containsString("application/problem+json"));
            given().header("Authorization", "Bearer " + world.supervisor().token()).contentType("text/csv")
                    .body(body).when().post(base).then().statusCode(415);
            given().header("Authorization", "Bearer " + world.supervisor().token()).contentType("application/x-ndjson")
                    .body(body).when().post(base + "?layer=nope").then().statusCode(400);
            given().header("Authorization", "Bearer " + world.supervisor().token()).contentType("application/x-ndjson")
                    .body(body).when().post("/api/v1/projects/999999999/annotations/imports").then().statusCode(404);
            given().header("Authorization", "Bearer " + world.annotator().token()).contentType("application/x-ndjson")
                    .body(body).when().post(base).then().statusCode(403);
            given().header("Authorization", "Bearer " + world.supervisor().token()).contentType("text/plain")
                    .body(body).when().post("/api/v1/articles/imports").then().statusCode(415);
            assertEquals(before, jobsOf(world.supervisor()));
        }

        String articles(String tag) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                b.append("{\"sourceName\": \"jobs-").append(tag).append("\", \"title\": \"T").append(i)
                        .append("\", \"text\": \"Article ").append(i).append(' ').append(tag).append(" 😀\"}\n");
            }
            b.append("{\"sourceName\": \"jobs-").append(tag).append("\", \"title\": \"T0\", \"text\": \"Article 0 ")
                    .append(tag).append(" 😀\"}\n");
            b.append("{\"title\": \"no text\"}\n");
            b.append("[]\n");
            return b.toString();
        }

        @Test
        void anArticleImportJobReportsWhatTheSynchronousImportReports() throws Exception {
            byte[] first = articles(Fixtures.unique("a")).getBytes(StandardCharsets.UTF_8);
            String tag = Fixtures.unique("b");
            byte[] second = articles(tag).getBytes(StandardCharsets.UTF_8);
            JsonNode sync = JSON.readTree(given().header("Authorization", "Bearer " + world.supervisor().token())
                    .contentType("application/x-ndjson").body(first).when().post("/api/v1/articles/import")
                    .then().statusCode(200).extract().asByteArray());
            long job = importJob("/api/v1/articles/imports", "application/x-ndjson", second);
            JsonNode j = awaitDone(job);
            assertEquals(sync, j.get("report"));
            assertEquals(5, j.get("report").get("created").asInt());
            assertEquals(1, j.get("report").get("duplicates").asInt());
            assertFalse(j.has("projectId"));
            assertEquals(5, count("select count(*) from article a join source s on s.id = a.source_id where s.name = ?",
                    "jobs-" + tag));
        }
    }

    @Nested
    class Runner {

        String exportParams() throws Exception {
            return JSON.writeValueAsString(Map.of("format", "jsonl", "include", "raw", "baseUri", baseUri()));
        }

        @Test
        void aJobWhoseRunnerDiedIsResumedAndGivesTheSameFile() throws Exception {
            long job = insertJob("export", world.project(), world.supervisor().id(), "running", exportParams(), null, 1,
                    "dead-host/1/abcdef12", "1 hour", null);
            assertTrue(runner.recover().contains(job));
            JsonNode j = awaitDone(job);
            assertEquals(2, j.get("attempt").asInt(), "claimed a second time");
            assertArrayEquals(streamed(Map.of("format", "jsonl", "include", "raw")), download(job));
        }

        @Test
        void aRunningJobWithAFreshHeartbeatIsLeftAlone() throws Exception {
            long job = insertJob("export", world.project(), world.supervisor().id(), "running", exportParams(), null, 1,
                    "busy-host/1/abcdef12", "1 second", null);
            assertFalse(runner.recover().contains(job));
            assertEquals(1, count("select count(*) from job where id = ? and state = 'running' and attempt = 1", job));
            try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                    "update job set state = 'failed', error = 'test over' where id = ?")) {
                st.setLong(1, job);
                st.executeUpdate();
            }
        }

        @Test
        void anImportWhoseUploadIsGoneFailsWithWhy() throws Exception {
            long job = insertJob("annotation-import", world.project(), world.supervisor().id(), "running",
                    "{\"format\": \"crosscheck\"}", "/nonexistent/upload-1.input", 1, "dead-host/2/abcdef12", "1 hour", null);
            assertTrue(runner.recover().contains(job));
            JsonNode j = await(job, world.supervisor().token());
            assertEquals("failed", j.get("state").asText());
            assertTrue(j.get("error").asText().contains("dead-host/2/abcdef12"), j.toString());
            assertTrue(j.get("error").asText().contains("uploaded file is gone"), j.toString());
        }

        @Test
        void aJobThatKeepsLosingItsRunnerFailsAfterThreeAttempts() throws Exception {
            long job = insertJob("export", world.project(), world.supervisor().id(), "running", exportParams(), null,
                    JobRunner.MAX_ATTEMPTS, "dead-host/3/abcdef12", "1 hour", null);
            assertTrue(runner.recover().contains(job));
            JsonNode j = await(job, world.supervisor().token());
            assertEquals("failed", j.get("state").asText());
            assertTrue(j.get("error").asText().contains("gave up after 3 attempts"), j.toString());
        }

        @Test
        void twoRunnersNeverClaimOneJob() throws Exception {
            List<Long> jobs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                jobs.add(insertJob("export", world.project(), world.supervisor().id(), "queued",
                        JSON.writeValueAsString(Map.of("format", "csv", "layer", "stance", "baseUri", baseUri())), null, 0,
                        null, "0 seconds", null));
            }
            Map<String, List<Long>> claimed = new HashMap<>();
            List<Thread> threads = new ArrayList<>();
            List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
            for (String name : List.of("test-runner-a", "test-runner-b")) {
                List<Long> mine = java.util.Collections.synchronizedList(new ArrayList<>());
                claimed.put(name, mine);
                Thread t = new Thread(() -> {
                    try {
                        for (var j = store.claim(name); j.isPresent(); j = store.claim(name)) {
                            mine.add(j.get().id());
                            // This "runner" does no work: it gives the job up as failed at once.
                            store.fail(j.get().id(), j.get().attempt(), "claimed by " + name, java.time.Duration.ofHours(1));
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                });
                threads.add(t);
            }
            threads.forEach(Thread::start);
            long concurrency = 0;
            while (threads.stream().anyMatch(Thread::isAlive)) {
                concurrency = Math.max(concurrency, count("select count(*) from job where runner = ? and state = 'running'",
                        runner.instance()));
                Thread.sleep(5);
            }
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(List.of(), errors);
            for (long job : jobs) {
                await(job, world.supervisor().token());
            }
            List<Long> a = claimed.get("test-runner-a");
            List<Long> b = claimed.get("test-runner-b");
            assertTrue(a.stream().noneMatch(b::contains), "a job claimed by both test runners");
            String ids = jobs.toString().replace("[", "{").replace("]", "}");
            assertEquals(jobs.size(), count("select count(*) from job where id = any(?::bigint[]) and attempt = 1", ids),
                    "every job was claimed exactly once (by a test runner or by the service's own)");
            assertTrue(concurrency <= 2, "the service ran " + concurrency + " jobs at once (crosscheck.job.concurrency 2)");
            if (a.size() + b.size() == jobs.size()) {
                return; // the service's runner found none: still a valid race between the two test runners
            }
            assertTrue(count("select count(*) from job where id = any(?::bigint[]) and state = 'done'", ids) > 0);
        }
    }
}
