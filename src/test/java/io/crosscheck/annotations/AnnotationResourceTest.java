package io.crosscheck.annotations;

import io.crosscheck.testing.Db;
import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.Work;
import io.crosscheck.testing.Fixtures.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class AnnotationResourceTest {

    static final String PROBLEM = "application/problem+json";
    // Code points: 0 😀, 1 space, 2..21 "Former US President", 29..31 "😀😀", 32..44 "Markets fell".
    static final String TEXT = "😀 Former US President spoke. 😀😀 Markets fell.";

    @Inject
    DataSource dataSource;

    Db db;
    long projectId;
    long articleId;
    TestUser annotator;
    TestUser other;
    TestUser supervisor;
    /** The annotator's lease from the queue, submitted or skipped through the API where a test needs it. */
    Work work;
    long assignmentId;
    long otherAssignmentId;

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        projectId = Fixtures.project(3, List.of(
                Fixtures.documentLayer("stance", "nominal", List.of("pro", "neutral", "anti")),
                Map.of("name", "claims", "scope", "span", "measurement", "nominal",
                        "labels", List.of("unsupported", "world-fact-error"),
                        "attributes", List.of(Map.of("name", "severity", "type", "int"),
                                Map.of("name", "asOf", "type", "date"), Map.of("name", "checked", "type", "boolean"),
                                Map.of("name", "evidence", "type", "string")))));
        articleId = Fixtures.article(Fixtures.source(), TEXT + " " + Fixtures.unique("x"));
        Fixtures.addItems(projectId, List.of(articleId));
        annotator = Fixtures.annotator();
        other = Fixtures.annotator();
        supervisor = Fixtures.supervisor();
        work = Work.claimed(projectId, articleId, annotator);
        assignmentId = work.assignmentId();
        otherAssignmentId = Work.claimed(projectId, articleId, other).assignmentId();
    }

    static Map<String, Object> span(String label, int start, int end, String quote) {
        Map<String, Object> body = new HashMap<>();
        body.put("layer", "claims");
        body.put("label", label);
        body.put("start", start);
        body.put("end", end);
        body.put("quote", quote);
        return body;
    }

    static Map<String, Object> formerPresident() {
        return span("world-fact-error", 2, 21, "Former US President");
    }

    static Map<String, Object> stance(String label) {
        return Map.of("layer", "stance", "label", label);
    }

    static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(body);
        copy.put(key, value);
        return copy;
    }

    ValidatableResponse post(TestUser user, long assignment, Object body) {
        return Fixtures.as(user.token()).body(body).when().post("/api/v1/assignments/" + assignment + "/annotations").then();
    }

    long create(Map<String, Object> body) {
        return post(annotator, assignmentId, body).statusCode(201).extract().jsonPath().getLong("id");
    }

    ValidatableResponse put(TestUser user, long id, String ifMatch, Object body) {
        var request = Fixtures.as(user.token()).body(body);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.when().put("/api/v1/annotations/" + id).then();
    }

    ValidatableResponse delete(TestUser user, long id, String ifMatch) {
        var request = Fixtures.as(user.token());
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.when().delete("/api/v1/annotations/" + id).then();
    }

    static void unprocessable(ValidatableResponse response, String field) {
        response.statusCode(422).contentType(PROBLEM).body("errors.field", hasItem(field));
    }

    @Nested
    class Create {

        @Test
        void postSpanIs201WithIdVersionLocationAndEtag() {
            post(annotator, assignmentId, with(formerPresident(), "attributes", Map.of("severity", 2, "asOf", "2025-08-28", "checked", true)))
                    .statusCode(201).contentType("application/json")
                    .header("Location", containsString("/api/v1/annotations/"))
                    .header("ETag", "\"1\"")
                    .body("id", notNullValue()).body("version", equalTo(1))
                    .body("layer", equalTo("claims")).body("label", equalTo("world-fact-error"))
                    .body("start", equalTo(2)).body("end", equalTo(21)).body("quote", equalTo("Former US President"))
                    .body("attributes.severity", equalTo(2)).body("assignmentId", equalTo((int) assignmentId))
                    .body("annotatorId", equalTo((int) annotator.id())).body("articleId", equalTo((int) articleId));
        }

        @Test
        void offsetsCountCodePointsAfterAstralCharacters() {
            post(annotator, assignmentId, span("unsupported", 29, 31, "😀😀")).statusCode(201);
            post(annotator, assignmentId, span("unsupported", 32, 44, "Markets fell")).statusCode(201);
        }

        @Test
        void postSpanWithUtf16OffsetsIs422() {
            // UTF-16 would put "Former US President" at 3..22.
            unprocessable(post(annotator, assignmentId, span("unsupported", 3, 22, "Former US President")), "quote");
        }

        @Test
        void postSpanWithWrongQuoteIs422() {
            post(annotator, assignmentId, span("unsupported", 2, 21, "former US president"))
                    .statusCode(422).contentType(PROBLEM).body("errors[0].field", equalTo("quote"))
                    .body("detail", containsString("Former US President"));
        }

        @Test
        void postSpanWithoutQuoteIs422() {
            unprocessable(post(annotator, assignmentId, with(formerPresident(), "quote", null)), "quote");
        }

        @Test
        void postSpanWithoutStartIs422() {
            unprocessable(post(annotator, assignmentId, with(formerPresident(), "start", null)), "start");
        }

        @Test
        void postSpanWithoutEndIs422() {
            unprocessable(post(annotator, assignmentId, with(formerPresident(), "end", null)), "end");
        }

        @Test
        void postSpanPastTheEndIs422() {
            unprocessable(post(annotator, assignmentId, span("unsupported", 40, 100_000, "x")), "end");
        }

        @Test
        void postEmptySpanIs422() {
            unprocessable(post(annotator, assignmentId, span("unsupported", 5, 5, "")), "start");
        }

        @Test
        void postNegativeStartIs422() {
            unprocessable(post(annotator, assignmentId, span("unsupported", -1, 2, "x")), "start");
        }

        @Test
        void postUnknownLayerIs422() {
            unprocessable(post(annotator, assignmentId, with(formerPresident(), "layer", "framing")), "layer");
        }

        @Test
        void postUnknownLabelIs422() {
            unprocessable(post(annotator, assignmentId, with(formerPresident(), "label", "fake")), "label");
        }

        @Test
        void postUnknownAttributeIs422() {
            unprocessable(post(annotator, assignmentId, with(formerPresident(), "attributes", Map.of("colour", "red"))),
                    "attributes.colour");
        }

        @Test
        void postAttributeOfWrongTypeIs422() {
            unprocessable(post(annotator, assignmentId, with(formerPresident(), "attributes", Map.of("severity", "high"))),
                    "attributes.severity");
            unprocessable(post(annotator, assignmentId, with(formerPresident(), "attributes", Map.of("severity", 1.5))),
                    "attributes.severity");
            unprocessable(post(annotator, assignmentId, with(formerPresident(), "attributes", Map.of("asOf", "28/08/2025"))),
                    "attributes.asOf");
            unprocessable(post(annotator, assignmentId, with(formerPresident(), "attributes", Map.of("checked", "yes"))),
                    "attributes.checked");
        }

        @Test
        void stringAttributeIsBoundedInCodePoints() {
            // 10,000 code points (20,000 UTF-16 units) is the default bound: stored; one more is a 422 naming the field.
            String atBound = "\uD83D\uDE00".repeat(10_000);
            post(annotator, assignmentId, with(formerPresident(), "attributes", Map.of("evidence", atBound)))
                    .statusCode(201);
            unprocessable(post(annotator, assignmentId, with(formerPresident(), "attributes",
                    Map.of("evidence", atBound + "x"))), "attributes.evidence");
            unprocessable(post(annotator, assignmentId, with(formerPresident(), "attributes",
                    Map.of("evidence", "x".repeat(1_900_000)))), "attributes.evidence");
        }

        @Test
        void stringAttributeWithNulIs422() {
            unprocessable(post(annotator, assignmentId, with(formerPresident(), "attributes",
                    Map.of("evidence", "before\u0000after"))), "attributes.evidence");
        }

        @Test
        void postDocumentLabelWithOffsetsIs422() {
            unprocessable(post(annotator, assignmentId, with(stance("pro"), "start", 0)), "start");
        }

        @Test
        void postWithoutLabelIs400() {
            post(annotator, assignmentId, Map.of("layer", "stance")).statusCode(400).contentType(PROBLEM)
                    .body("errors.field", hasItem("label"));
        }

        @Test
        void postUnknownFieldIs400() {
            post(annotator, assignmentId, with(stance("pro"), "colour", "red")).statusCode(400).contentType(PROBLEM);
        }

        @Test
        void postMalformedJsonIs400() {
            post(annotator, assignmentId, "{\"layer\": ").statusCode(400).contentType(PROBLEM);
        }

        @Test
        void secondDocumentLabelReplacesTheFirstWith200() {
            long id = post(annotator, assignmentId, stance("pro")).statusCode(201).extract().jsonPath().getLong("id");
            post(annotator, assignmentId, stance("anti")).statusCode(200)
                    .body("id", equalTo((int) id)).body("label", equalTo("anti")).body("version", equalTo(2))
                    .header("ETag", "\"2\"");
            Fixtures.as(annotator.token()).when().get("/api/v1/assignments/" + assignmentId + "/annotations")
                    .then().statusCode(200).body("items", hasSize(1)).body("items[0].label", equalTo("anti"));
        }

        @Test
        void postToAnotherAnnotatorsAssignmentIs404() {
            post(annotator, otherAssignmentId, stance("pro")).statusCode(404).contentType(PROBLEM);
        }

        @Test
        void postToUnknownAssignmentIs404() {
            post(annotator, 999_999_999L, stance("pro")).statusCode(404).contentType(PROBLEM);
        }

        @Test
        void supervisorWritingSomeoneElsesAssignmentIs403() {
            post(supervisor, assignmentId, stance("pro")).statusCode(403).contentType(PROBLEM);
        }

        @Test
        void postWithoutTokenIs401() {
            given().contentType("application/json").body(Map.of("layer", "stance", "label", "pro"))
                    .when().post("/api/v1/assignments/" + assignmentId + "/annotations").then().statusCode(401);
        }

        @Test
        void postAfterSubmitIs409() {
            work.submit();
            post(annotator, assignmentId, stance("pro")).statusCode(409).contentType(PROBLEM)
                    .body("status", equalTo("submitted"));
        }

        @Test
        void postAfterSkipIs409() {
            work.skip();
            post(annotator, assignmentId, stance("pro")).statusCode(409).contentType(PROBLEM);
        }

        @Test
        void postOnALapsedLeaseIs409() {
            db.lapse(assignmentId);
            post(annotator, assignmentId, stance("pro")).statusCode(409).contentType(PROBLEM)
                    .body("status", equalTo("expired"));
        }
    }

    @Nested
    class ReadAndBlind {

        @Test
        void annotatorReadsOwnAnnotationWithEtag() {
            long id = create(formerPresident());
            Fixtures.as(annotator.token()).when().get("/api/v1/annotations/" + id)
                    .then().statusCode(200).header("ETag", "\"1\"").body("quote", equalTo("Former US President"));
        }

        @Test
        void anotherAnnotatorGets404OnTheAnnotationBeforeAndAfterSubmit() {
            long id = create(formerPresident());
            Fixtures.as(other.token()).when().get("/api/v1/annotations/" + id).then().statusCode(404).contentType(PROBLEM);
            work.submit();
            Fixtures.as(other.token()).when().get("/api/v1/annotations/" + id).then().statusCode(404);
            Fixtures.as(other.token()).when().get("/api/v1/assignments/" + assignmentId + "/annotations")
                    .then().statusCode(404).contentType(PROBLEM);
        }

        @Test
        void anotherAnnotatorGets404OnTheAssignmentsList() {
            create(formerPresident());
            Fixtures.as(other.token()).when().get("/api/v1/assignments/" + assignmentId + "/annotations")
                    .then().statusCode(404).contentType(PROBLEM);
        }

        @Test
        void listShowsOnlyTheAssignmentsOwnAnnotations() {
            create(formerPresident());
            create(stance("pro"));
            post(other, otherAssignmentId, stance("anti")).statusCode(201);
            Fixtures.as(annotator.token()).when().get("/api/v1/assignments/" + assignmentId + "/annotations")
                    .then().statusCode(200).body("total", equalTo(2)).body("items", hasSize(2))
                    .body("items.annotatorId", everyItemIs((int) annotator.id()));
        }

        @Test
        void supervisorsAndAdminsReadEverything() {
            long id = create(formerPresident());
            Fixtures.as(supervisor.token()).when().get("/api/v1/annotations/" + id).then().statusCode(200);
            Fixtures.asAdmin().when().get("/api/v1/annotations/" + id).then().statusCode(200);
            Fixtures.as(supervisor.token()).when().get("/api/v1/assignments/" + assignmentId + "/annotations")
                    .then().statusCode(200).body("items", hasSize(1));
        }

        @Test
        void unknownAnnotationIs404() {
            Fixtures.as(annotator.token()).when().get("/api/v1/annotations/999999999").then().statusCode(404).contentType(PROBLEM);
        }

        @Test
        void listWithBadPageSizeIs400() {
            Fixtures.as(annotator.token()).queryParam("size", 0).when().get("/api/v1/assignments/" + assignmentId + "/annotations")
                    .then().statusCode(400).contentType(PROBLEM);
        }
    }

    @Nested
    class UpdateAndDelete {

        @Test
        void putWithCurrentVersionIs200AndBumpsTheVersion() {
            long id = create(formerPresident());
            put(annotator, id, "1", span("unsupported", 32, 44, "Markets fell")).statusCode(200)
                    .header("ETag", "\"2\"").body("version", equalTo(2)).body("label", equalTo("unsupported"))
                    .body("start", equalTo(32));
        }

        @Test
        void putAcceptsTheQuotedEtag() {
            long id = create(formerPresident());
            put(annotator, id, "\"1\"", formerPresident()).statusCode(200).body("version", equalTo(2));
        }

        @Test
        void putWithStaleVersionIs412() {
            long id = create(formerPresident());
            put(annotator, id, "1", formerPresident()).statusCode(200);
            put(annotator, id, "1", span("unsupported", 2, 21, "Former US President")).statusCode(412)
                    .contentType(PROBLEM).body("currentVersion", equalTo(2));
            Fixtures.as(annotator.token()).when().get("/api/v1/annotations/" + id).then().body("label", equalTo("world-fact-error"));
        }

        @Test
        void putWithoutIfMatchIs428() {
            long id = create(formerPresident());
            put(annotator, id, null, formerPresident()).statusCode(428).contentType(PROBLEM);
        }

        @Test
        void putWithAnIfMatchThatIsNoVersionIs400() {
            long id = create(formerPresident());
            put(annotator, id, "abc", formerPresident()).statusCode(400).contentType(PROBLEM);
        }

        @Test
        void putMovingToAnotherLayerIs422() {
            long id = create(formerPresident());
            unprocessable(put(annotator, id, "1", stance("pro")), "layer");
        }

        @Test
        void putWithWrongQuoteIs422() {
            long id = create(formerPresident());
            unprocessable(put(annotator, id, "1", span("unsupported", 2, 21, "nope")), "quote");
        }

        @Test
        void putWithoutLayerKeepsTheLayer() {
            long id = create(formerPresident());
            put(annotator, id, "1", with(formerPresident(), "layer", null)).statusCode(200).body("layer", equalTo("claims"));
        }

        @Test
        void putByAnotherAnnotatorIs404() {
            long id = create(formerPresident());
            put(other, id, "1", formerPresident()).statusCode(404).contentType(PROBLEM);
        }

        @Test
        void putBySupervisorIs403() {
            long id = create(formerPresident());
            put(supervisor, id, "1", formerPresident()).statusCode(403).contentType(PROBLEM);
        }

        @Test
        void putAfterSubmitIs409() {
            long id = create(formerPresident());
            work.submit();
            put(annotator, id, "1", formerPresident()).statusCode(409).contentType(PROBLEM);
        }

        @Test
        void deleteWithCurrentVersionIs204AndTheAnnotationIsGone() {
            long id = create(formerPresident());
            delete(annotator, id, "1").statusCode(204);
            Fixtures.as(annotator.token()).when().get("/api/v1/annotations/" + id).then().statusCode(404);
        }

        @Test
        void deleteWithStaleVersionIs412() {
            long id = create(formerPresident());
            put(annotator, id, "1", formerPresident()).statusCode(200);
            delete(annotator, id, "1").statusCode(412).contentType(PROBLEM);
        }

        @Test
        void deleteWithoutIfMatchIs428() {
            long id = create(formerPresident());
            delete(annotator, id, null).statusCode(428).contentType(PROBLEM);
        }

        @Test
        void deleteByAnotherAnnotatorIs404() {
            long id = create(formerPresident());
            delete(other, id, "1").statusCode(404).contentType(PROBLEM);
        }

        @Test
        void deleteAfterSubmitIs409() {
            long id = create(formerPresident());
            work.submit();
            delete(annotator, id, "1").statusCode(409).contentType(PROBLEM);
            Fixtures.as(annotator.token()).when().get("/api/v1/annotations/" + id).then().statusCode(200);
        }

        @Test
        void deleteOnALapsedLeaseIs409() {
            long id = create(formerPresident());
            db.lapse(assignmentId);
            delete(annotator, id, "1").statusCode(409).contentType(PROBLEM);
        }
    }

    @Nested
    class Batch {

        ValidatableResponse batch(TestUser user, long assignment, List<?> annotations) {
            Map<String, Object> body = new HashMap<>();
            body.put("annotations", annotations);
            return Fixtures.as(user.token()).body(body).when()
                    .post("/api/v1/assignments/" + assignment + "/annotations/batch").then();
        }

        @Test
        void batchCreatesEverythingIn201InRequestOrder() {
            batch(annotator, assignmentId, List.of(formerPresident(), stance("neutral"), span("unsupported", 29, 31, "😀😀")))
                    .statusCode(201).contentType("application/json")
                    .body("created", equalTo(3)).body("replaced", equalTo(0))
                    .body("items", hasSize(3)).body("items[0].quote", equalTo("Former US President"))
                    .body("items[1].label", equalTo("neutral")).body("items[2].start", equalTo(29))
                    .body("items[0].version", equalTo(1)).body("items[0].createdAt", notNullValue());
            Fixtures.as(annotator.token()).when().get("/api/v1/assignments/" + assignmentId + "/annotations")
                    .then().body("total", equalTo(3));
        }

        @Test
        void batchWithOneInvalidAnnotationIs422NamingItsIndexAndStoresNothing() throws SQLException {
            batch(annotator, assignmentId, List.of(formerPresident(), span("unsupported", 2, 21, "wrong"), stance("maybe"),
                    Map.of("layer", "stance")))
                    .statusCode(422).contentType(PROBLEM)
                    .body("errors.field", hasItem("annotations[1].quote"))
                    .body("errors.field", hasItem("annotations[2].label"))
                    .body("errors.field", hasItem("annotations[3].label"))
                    .body("errors", hasSize(3));
            assertEquals(0, db.query("select 1 from annotation where assignment_id = ?", assignmentId).size());
        }

        @Test
        void batchWithTwoLabelsForOneDocumentLayerIs422() {
            batch(annotator, assignmentId, List.of(stance("pro"), stance("anti")))
                    .statusCode(422).body("errors[0].field", equalTo("annotations[1].layer"));
        }

        @Test
        void batchReplacesAStoredDocumentLabel() {
            long id = create(stance("pro"));
            batch(annotator, assignmentId, List.of(stance("anti"))).statusCode(201)
                    .body("created", equalTo(0)).body("replaced", equalTo(1))
                    .body("items[0].id", equalTo((int) id)).body("items[0].version", equalTo(2));
        }

        @Test
        void emptyBatchIs400() {
            batch(annotator, assignmentId, List.of()).statusCode(400).contentType(PROBLEM);
        }

        @Test
        void batchOnAnotherAnnotatorsAssignmentIs404() {
            batch(annotator, otherAssignmentId, List.of(stance("pro"))).statusCode(404).contentType(PROBLEM);
        }

        @Test
        void batchAfterSubmitIs409() {
            work.submit();
            batch(annotator, assignmentId, List.of(stance("pro"))).statusCode(409).contentType(PROBLEM);
        }
    }

    @Nested
    class Audited {

        @Test
        void createUpdateAndDeleteAreInTheAuditLog() {
            long id = create(formerPresident());
            put(annotator, id, "1", span("unsupported", 2, 21, "Former US President")).statusCode(200);
            delete(annotator, id, "2").statusCode(204);
            var events = Fixtures.as(supervisor.token()).queryParam("projectId", projectId).queryParam("size", 1000)
                    .when().get("/api/v1/audit").then().statusCode(200).extract().jsonPath();
            List<String> actions = events.getList("items.findAll { it.entity == 'annotation' && it.entityId == " + id + " }.action");
            assertEquals(List.of("delete", "update", "create"), actions);
            assertEquals(annotator.username(), events.getString("items.find { it.entityId == " + id + " }.actor"));
        }

        @Test
        void aBatchIsOneAuditEventListingTheCreatedIds() {
            List<Integer> ids = Fixtures.as(annotator.token()).body(Map.of("annotations", List.of(formerPresident(), stance("pro"))))
                    .when().post("/api/v1/assignments/" + assignmentId + "/annotations/batch").then().statusCode(201)
                    .extract().jsonPath().getList("items.id", Integer.class);
            Fixtures.as(supervisor.token()).queryParam("projectId", projectId).when().get("/api/v1/audit")
                    .then().statusCode(200).body("items.findAll { it.action == 'create-batch' }", hasSize(1))
                    .body("items.find { it.action == 'create-batch' }.detail", containsString(ids.get(0) + ", " + ids.get(1)));
        }

        @Test
        void annotatorsGet403OnTheAuditLog() {
            Fixtures.as(annotator.token()).queryParam("projectId", projectId).when().get("/api/v1/audit")
                    .then().statusCode(403).contentType(PROBLEM);
        }

        @Test
        void refusedWritesLeaveNoAuditEvent() {
            post(annotator, assignmentId, with(formerPresident(), "quote", "wrong")).statusCode(422);
            Fixtures.as(supervisor.token()).queryParam("projectId", projectId).when().get("/api/v1/audit")
                    .then().statusCode(200).body("items.findAll { it.entity == 'annotation' }", hasSize(0))
                    .body("items.find { it.entity == 'annotation' }", nullValue());
        }
    }

    static org.hamcrest.Matcher<Iterable<? extends Integer>> everyItemIs(int value) {
        return org.hamcrest.Matchers.everyItem(equalTo(value));
    }
}
