package io.crosscheck.annotations;

import io.crosscheck.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class AnnotationImportResourceTest {

    static final String NDJSON = "application/x-ndjson";
    // "😀" is one code point but two UTF-16 units: offsets after it differ between the two counts.
    static final String TEXT = "😀 Former US President spoke. 😀😀 Markets fell.";

    @Inject
    DataSource dataSource;

    long projectId;
    long articleId;
    String coderA;
    String coderB;
    String coderC;

    @BeforeEach
    void setUp() {
        projectId = Fixtures.project(2, List.of(
                Fixtures.documentLayer("stance", "nominal", List.of("pro", "neutral", "anti")),
                Map.of("name", "claims", "scope", "span", "measurement", "nominal",
                        "labels", List.of("unsupported", "world-fact-error"),
                        "attributes", List.of(Map.of("name", "severity", "type", "int"), Map.of("name", "asOf", "type", "date"),
                                Map.of("name", "evidence", "type", "string")))));
        articleId = Fixtures.article(Fixtures.source(), TEXT + " " + Fixtures.unique("x"));
        coderA = Fixtures.unique("coder-a");
        coderB = Fixtures.unique("coder-b");
        coderC = Fixtures.unique("coder-c");
    }

    static JsonPath importLines(long projectId, String body) {
        return given().header("Authorization", "Bearer " + Fixtures.ADMIN_TOKEN).contentType(NDJSON).body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/api/v1/projects/" + projectId + "/annotations/import")
                .then().statusCode(200).contentType("application/json").extract().jsonPath();
    }

    String line(String annotator, String layer, String rest) {
        return "{\"articleId\": " + articleId + ", \"annotator\": \"" + annotator + "\", \"layer\": \"" + layer + "\""
                + (rest.isEmpty() ? "" : ", " + rest) + "}\n";
    }

    @Nested
    class GoodLines {

        @Test
        void importStoresDocumentAndSpanLabelsAsSubmittedImportedWork() throws SQLException {
            JsonPath report = importLines(projectId,
                    line(coderA, "stance", "\"label\": \"pro\"")
                            + line(coderB, "stance", "\"label\": \"anti\"")
                            // "Former US President" starts at code point 2 (UTF-16 index 3).
                            + line(coderA, "claims", "\"label\": \"world-fact-error\", \"start\": 2, \"end\": 21, "
                            + "\"quote\": \"Former US President\", \"attributes\": {\"severity\": 2, \"asOf\": \"2025-08-28\"}")
                            + line(coderB, "claims", "\"label\": \"unsupported\", \"start\": 32, \"end\": 44"));
            assertEquals(4, report.getInt("created"));
            assertEquals(0, report.getInt("duplicates"));
            assertEquals(0, report.getInt("failed"));
            assertEquals(1, report.getInt("itemsAdded"));
            assertEquals(2, report.getInt("assignmentsCreated"));

            List<Map<String, Object>> rows = query("select u.username, s.status, s.imported, s.lease_expires_at, s.ended_at "
                    + "from assignment s join app_user u on u.id = s.annotator_id where s.project_id = ? order by u.username", projectId);
            assertEquals(2, rows.size());
            for (Map<String, Object> row : rows) {
                assertEquals("submitted", row.get("status"));
                assertEquals(true, row.get("imported"));
                assertNull(row.get("lease_expires_at"));
            }
            // The quote is derived from the text when the line omits it.
            List<Map<String, Object>> spans = query("select label, start_offset, end_offset, quote from annotation "
                    + "where project_id = ? and start_offset is not null order by start_offset", projectId);
            assertEquals("Former US President", spans.get(0).get("quote"));
            assertEquals("Markets fell", spans.get(1).get("quote"));
        }

        @Test
        void lineWithoutLabelRecordsThatTheAnnotatorDidTheItem() throws SQLException {
            JsonPath report = importLines(projectId, line(coderC, "claims", ""));
            assertEquals(1, report.getInt("created"));
            assertEquals(1, report.getInt("assignmentsCreated"));
            assertEquals(1, query("select 1 from assignment where project_id = ? and status = 'submitted'", projectId).size());
            assertEquals(0, query("select 1 from annotation where project_id = ?", projectId).size());
            // Doing the same again changes nothing.
            JsonPath again = importLines(projectId, line(coderC, "claims", ""));
            assertEquals(0, again.getInt("created"));
            assertEquals(1, again.getInt("duplicates"));
        }

        @Test
        void unknownAnnotatorsBecomeAnnotatorsWithoutToken() throws SQLException {
            importLines(projectId, line(coderA, "stance", "\"label\": \"pro\""));
            List<Map<String, Object>> users = query("select role, token_hash from app_user where username = ?", coderA);
            assertEquals(1, users.size());
            assertEquals("annotator", users.get(0).get("role"));
            assertNull(users.get(0).get("token_hash"));
        }

        @Test
        void identicalLineIsADuplicateInTheSameFileAndInALaterImport() {
            String span = line(coderA, "claims", "\"label\": \"unsupported\", \"start\": 2, \"end\": 8, \"attributes\": {\"severity\": 1}");
            String doc = line(coderA, "stance", "\"label\": \"neutral\"");
            JsonPath first = importLines(projectId, span + doc + span + doc);
            assertEquals(2, first.getInt("created"));
            assertEquals(2, first.getInt("duplicates"));
            JsonPath second = importLines(projectId, span + doc);
            assertEquals(0, second.getInt("created"));
            assertEquals(2, second.getInt("duplicates"));
            assertEquals(0, second.getInt("assignmentsCreated"));
        }

        @Test
        void laterImportAddsToTheSameImportedAssignment() throws SQLException {
            importLines(projectId, line(coderA, "stance", "\"label\": \"pro\""));
            JsonPath report = importLines(projectId, line(coderA, "claims", "\"label\": \"unsupported\", \"start\": 2, \"end\": 8"));
            assertEquals(1, report.getInt("created"));
            assertEquals(0, report.getInt("assignmentsCreated"));
            assertEquals(1, query("select 1 from assignment where project_id = ?", projectId).size());
            assertEquals(2, query("select 1 from annotation where project_id = ?", projectId).size());
        }

        @Test
        void importedWorkFillsQueueSlotsButNeverPastCapacity() throws SQLException {
            importLines(projectId, line(coderA, "stance", "\"label\": \"pro\"") + line(coderB, "stance", "\"label\": \"pro\"")
                    + line(coderC, "stance", "\"label\": \"anti\""));
            List<Map<String, Object>> item = query("select capacity, active_count, submitted_count, is_full from project_item "
                    + "where project_id = ?", projectId);
            assertEquals(2, item.get(0).get("capacity"));
            assertEquals(2, item.get(0).get("active_count"));
            assertEquals(2, item.get(0).get("submitted_count"));
            assertEquals(true, item.get(0).get("is_full"));
            // All three annotators' work is stored even though k is 2.
            assertEquals(3, query("select 1 from assignment where project_id = ? and imported", projectId).size());
        }

        @Test
        void importedWorkTakesOnlyFreeSlotsSoALiveLeaseCanStillBeSubmitted() throws SQLException {
            Fixtures.addItems(projectId, List.of(articleId));
            Fixtures.TestUser holder = Fixtures.annotator();
            // A live queue lease holds one of the two slots (as the queue's claim leaves it: active 1, submitted 0).
            execute("update project_item set active_count = 1 where project_id = ? and article_id = ?", projectId, articleId);
            execute("insert into assignment (project_id, item_id, article_id, annotator_id, status, lease_expires_at) "
                    + "select ?, i.id, i.article_id, ?, 'leased', now() + interval '10 minutes' from project_item i "
                    + "where i.project_id = ? and i.article_id = ?", projectId, holder.id(), projectId, articleId);
            importLines(projectId, line(coderA, "stance", "\"label\": \"pro\"") + line(coderB, "stance", "\"label\": \"anti\""));
            Map<String, Object> item = query("select active_count, submitted_count from project_item where project_id = ?",
                    projectId).get(0);
            assertEquals(2, item.get("active_count"));
            assertEquals(1, item.get("submitted_count"));
            // The lease holder's submit (submitted + 1, as the queue does it) still satisfies submitted <= active.
            execute("update project_item set submitted_count = submitted_count + 1 where project_id = ?", projectId);
        }

        /**
         * The design (docs/import.md): an existing annotator named on a line gets the work as her own submitted work,
         * marked imported, never as queue work: it is never leased to her, the queue does not offer her that item again,
         * and she cannot heartbeat, skip or resubmit it.
         */
        @Test
        void importedWorkOfAnExistingAnnotatorIsHerSubmittedWorkNeverHerQueueWork() {
            Fixtures.TestUser annotator = Fixtures.annotator();
            importLines(projectId, line(annotator.username(), "stance", "\"label\": \"pro\""));
            JsonPath mine = Fixtures.as(annotator.token()).when().get("/api/v1/assignments?projectId=" + projectId)
                    .then().statusCode(200).extract().jsonPath();
            assertEquals(1, mine.getInt("total"));
            assertEquals(true, mine.getBoolean("items[0].imported"));
            assertEquals("submitted", mine.getString("items[0].status"));
            assertNull(mine.get("items[0].leaseExpiresAt"));
            Fixtures.as(annotator.token()).when().post("/api/v1/projects/" + projectId + "/queue/next")
                    .then().statusCode(204);
            Fixtures.as(annotator.token()).when().post("/api/v1/assignments/" + mine.getLong("items[0].id") + "/heartbeat")
                    .then().statusCode(409).contentType("application/problem+json");
        }

        @Test
        void articleAlreadyAnItemIsNotAddedAgain() {
            Fixtures.addItems(projectId, List.of(articleId));
            JsonPath report = importLines(projectId, line(coderA, "stance", "\"label\": \"pro\""));
            assertEquals(0, report.getInt("itemsAdded"));
            assertEquals(1, report.getInt("created"));
        }

        @Test
        void importIsAudited() {
            importLines(projectId, line(coderA, "stance", "\"label\": \"pro\""));
            Fixtures.asAdmin().queryParam("projectId", projectId).when().get("/api/v1/audit")
                    .then().statusCode(200).body("items.find { it.action == 'import' }.entity", equalTo("annotation"));
        }
    }

    @Nested
    class BadLines {

        @Test
        void badLinesAreReportedWithTheirNumbersAndGoodLinesKept() throws SQLException {
            String body = line(coderA, "stance", "\"label\": \"pro\"")                                  // 1 ok
                    + line(coderA, "nope", "\"label\": \"pro\"")                                        // 2 unknown layer
                    + line(coderA, "stance", "\"label\": \"maybe\"")                                   // 3 unknown label
                    + line(coderA, "claims", "\"label\": \"unsupported\", \"start\": 0, \"end\": 5, \"quote\": \"wrong\"") // 4 quote
                    + line(coderA, "claims", "\"label\": \"unsupported\", \"start\": 5, \"end\": 9999") // 5 past the end
                    + "{\"articleId\": 999999999, \"annotator\": \"x\", \"layer\": \"stance\", \"label\": \"pro\"}\n" // 6 no article
                    + "{not json\n"                                                                     // 7 malformed
                    + line(coderA, "stance", "\"label\": \"pro\", \"colour\": \"red\"")                 // 8 unknown field
                    + line(coderA, "stance", "\"label\": \"anti\"")                                    // 9 second document label
                    + line(coderB, "claims", "\"label\": \"unsupported\", \"start\": 2, \"end\": 8, \"attributes\": {\"severity\": \"high\"}") // 10
                    + line(coderB, "stance", "\"label\": \"pro\", \"start\": 0, \"end\": 3")           // 11 offsets on a document layer
                    + line(coderB, "claims", "\"label\": \"unsupported\"")                             // 12 span without offsets
                    + line(coderB, "claims", "\"label\": \"unsupported\", \"start\": 2, \"end\": 8, \"attributes\": {\"colour\": 1}") // 13
                    + line("bad name!", "stance", "\"label\": \"pro\"")                                // 14 invalid username
                    + line(coderB, "claims", "\"start\": 2, \"end\": 8")                               // 15 offsets without label
                    + line(coderB, "claims", "\"label\": \"unsupported\", \"start\": 8, \"end\": 8")   // 16 empty span
                    + line(coderB, "claims", "\"label\": \"unsupported\", \"start\": 2, \"end\": 8, \"attributes\": {\"asOf\": \"yesterday\"}"); // 17
            JsonPath report = importLines(projectId, body);
            assertEquals(1, report.getInt("created"));
            assertEquals(16, report.getInt("failed"));
            List<Integer> lines = report.getList("errors.line", Integer.class);
            assertEquals(List.of(2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17), lines.stream().sorted().toList());
            assertTrue(detail(report, 2).contains("unknown layer"));
            assertTrue(detail(report, 3).contains("unknown label"));
            assertTrue(detail(report, 4).startsWith("quote:"));
            assertTrue(detail(report, 5).contains("0 <= start < end"));
            assertTrue(detail(report, 6).contains("does not exist"));
            assertTrue(detail(report, 9).contains("already has label 'pro'"));
            assertTrue(detail(report, 10).contains("must be an integer"));
            assertTrue(detail(report, 13).contains("unknown attribute"));
            assertTrue(detail(report, 17).contains("date"));
            // Only the good line was written; the annotator of only-bad lines got no assignment.
            assertEquals(1, query("select 1 from annotation where project_id = ?", projectId).size());
            assertEquals(1, query("select 1 from assignment where project_id = ?", projectId).size());
        }

        @Test
        void offsetsCountCodePointsNotUtf16Units() {
            // In UTF-16 "Former" would start at 3; at code point 3 the text reads "ormer US President ".
            JsonPath report = importLines(projectId,
                    line(coderA, "claims", "\"label\": \"unsupported\", \"start\": 3, \"end\": 22, \"quote\": \"Former US President\"")
                            + line(coderB, "claims", "\"label\": \"unsupported\", \"start\": 29, \"end\": 31, \"quote\": \"😀😀\""));
            assertEquals(1, report.getInt("failed"));
            assertEquals(1, report.getInt("errors[0].line"));
            assertEquals(1, report.getInt("created"));
        }

        @Test
        void lineAgainstAQueueAssignmentOfTheSameAnnotatorFails() throws SQLException {
            Fixtures.addItems(projectId, List.of(articleId));
            Fixtures.TestUser annotator = Fixtures.annotator();
            execute("insert into assignment (project_id, item_id, article_id, annotator_id, status, lease_expires_at) "
                    + "select ?, i.id, i.article_id, ?, 'leased', now() + interval '10 minutes' from project_item i "
                    + "where i.project_id = ? and i.article_id = ?", projectId, annotator.id(), projectId, articleId);
            JsonPath report = importLines(projectId, line(annotator.username(), "stance", "\"label\": \"pro\""));
            assertEquals(1, report.getInt("failed"));
            assertTrue(detail(report, 1).contains("queue assignment"));
        }

        @Test
        void linesNamingTheAdminOrASupervisorAreLineErrorsAndAttributeNothing() throws SQLException {
            Fixtures.TestUser supervisor = Fixtures.supervisor();
            JsonPath report = importLines(projectId, line("admin", "stance", "\"label\": \"pro\"")
                    + line(supervisor.username(), "stance", "\"label\": \"anti\"")
                    + line(coderA, "stance", "\"label\": \"neutral\""));
            assertEquals(1, report.getInt("created"));
            assertEquals(2, report.getInt("failed"));
            assertTrue(detail(report, 1).contains("role admin"), detail(report, 1));
            assertTrue(detail(report, 2).contains("role supervisor"), detail(report, 2));
            assertEquals(0, query("select 1 from assignment a join app_user u on u.id = a.annotator_id "
                    + "where a.project_id = ? and u.role <> 'annotator'", projectId).size());
            assertEquals(0, query("select 1 from project_member m join app_user u on u.id = m.user_id "
                    + "where m.project_id = ? and u.role <> 'annotator'", projectId).size());
        }

        @Test
        void stringAttributePastTheBoundOrWithNulIsALineError() {
            String span = "\"label\": \"unsupported\", \"start\": 32, \"end\": 44, \"attributes\": {\"evidence\": ";
            JsonPath report = importLines(projectId, line(coderA, "claims", span + "\"" + "x".repeat(10_001) + "\"}")
                    + line(coderB, "claims", span + "\"a\\u0000b\"}")
                    + line(coderC, "claims", span + "\"" + "x".repeat(10_000) + "\"}"));
            assertEquals(1, report.getInt("created"));
            assertEquals(2, report.getInt("failed"));
            assertTrue(detail(report, 1).startsWith("attributes.evidence"), detail(report, 1));
            assertTrue(detail(report, 2).startsWith("attributes.evidence"), detail(report, 2));
        }

        @Test
        void emptyBodyCreatesNothing() {
            JsonPath report = importLines(projectId, "\n\n");
            assertEquals(0, report.getInt("created"));
            assertEquals(0, report.getInt("failed"));
        }
    }

    @Nested
    class Refused {

        @Test
        void annotatorGets403() {
            given().header("Authorization", "Bearer " + Fixtures.annotator().token()).contentType(NDJSON).body(new byte[0])
                    .when().post("/api/v1/projects/" + projectId + "/annotations/import")
                    .then().statusCode(403).contentType("application/problem+json");
        }

        @Test
        void noTokenGets401() {
            given().contentType(NDJSON).body(new byte[0]).when().post("/api/v1/projects/" + projectId + "/annotations/import")
                    .then().statusCode(401);
        }

        @Test
        void unknownProjectIs404() {
            given().header("Authorization", "Bearer " + Fixtures.ADMIN_TOKEN).contentType(NDJSON)
                    .body(line(coderA, "stance", "\"label\": \"pro\"").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .when().post("/api/v1/projects/999999999/annotations/import")
                    .then().statusCode(404).contentType("application/problem+json");
        }

        @Test
        void jsonBodyIs415() {
            Fixtures.asAdmin().body(Map.of("articleId", articleId)).when().post("/api/v1/projects/" + projectId + "/annotations/import")
                    .then().statusCode(415).contentType("application/problem+json")
                    .body("detail", containsString("ndjson"));
        }

        @Test
        void supervisorMayImport() {
            given().header("Authorization", "Bearer " + Fixtures.supervisor().token()).contentType(NDJSON)
                    .body(line(coderA, "stance", "\"label\": \"pro\"").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .when().post("/api/v1/projects/" + projectId + "/annotations/import")
                    .then().statusCode(200).body("created", equalTo(1)).body("errors", hasSize(0));
        }
    }

    static String detail(JsonPath report, int line) {
        return report.getString("errors.find { it.line == " + line + " }.detail");
    }

    List<Map<String, Object>> query(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<Map<String, Object>> rows = new java.util.ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new java.util.HashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    void execute(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }
}
