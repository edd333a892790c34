package io.crosscheck.queue;

import io.crosscheck.testing.Db;
import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.Fixtures.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static io.crosscheck.testing.Fixtures.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** queue/next and the assignment endpoints: happy paths, every refusal, blind sources and order. */
@QuarkusTest
class QueueResourceTest {

    private static final List<Map<String, Object>> LAYERS =
            List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "neutral", "anti")));

    @Inject
    DataSource dataSource;

    long source;

    @BeforeEach
    void source() {
        source = Fixtures.source();
    }

    /** A project with k annotators per item and n fresh articles as items, in that order. */
    record TestProject(long id, List<Long> articleIds) {
    }

    TestProject project(int k, int items, boolean blind, String order) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", Fixtures.unique("queue"));
        body.put("annotatorsPerItem", k);
        body.put("blindSources", blind);
        body.put("order", order);
        body.put("layers", LAYERS);
        long id = Fixtures.project(body);
        List<Long> articles = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            articles.add(Fixtures.article(source, "Text " + Fixtures.unique("a") + " about the parade."));
        }
        if (items > 0) {
            Fixtures.addItems(id, articles);
        }
        return new TestProject(id, articles);
    }

    TestProject project(int k, int items) {
        return project(k, items, true, "sequential");
    }

    static io.restassured.response.Response next(TestUser who, long projectId) {
        return as(who.token()).when().post("/api/v1/projects/" + projectId + "/queue/next");
    }

    static long claim(TestUser who, long projectId) {
        return next(who, projectId).then().statusCode(200).extract().jsonPath().getLong("assignmentId");
    }

    static io.restassured.response.Response act(TestUser who, long assignmentId, String action) {
        return as(who.token()).when().post("/api/v1/assignments/" + assignmentId + "/" + action);
    }

    long sqlLong(String sql, Object... params) {
        return new Db(dataSource).scalar(sql, params);
    }

    @Nested
    class Next {

        @Test
        void nextGivesTheFirstItemWithArticleAndLease() {
            TestProject p = project(2, 2);
            TestUser ann = Fixtures.member(p.id());
            next(ann, p.id()).then().statusCode(200).contentType(ContentType.JSON)
                    .body("assignmentId", notNullValue())
                    .body("articleId", equalTo(p.articleIds().get(0).intValue()))
                    .body("article.title", notNullValue())
                    .body("article.text", notNullValue())
                    .body("article.length", notNullValue())
                    .body("leaseExpiresAt", notNullValue());
        }

        @Test
        void blindProjectOmitsTheSource() {
            TestProject p = project(1, 1, true, "sequential");
            next(Fixtures.member(p.id()), p.id()).then().statusCode(200)
                    .body("article", not(hasKey("source")));
        }

        @Test
        void openProjectShowsTheSource() {
            TestProject p = project(1, 1, false, "sequential");
            next(Fixtures.member(p.id()), p.id()).then().statusCode(200)
                    .body("article.source.id", equalTo((int) source))
                    .body("article.source.name", notNullValue())
                    .body("article.source.domain", equalTo("example.org"));
        }

        @Test
        void nextWhileHoldingALiveLeaseReturnsTheSameAssignment() {
            TestProject p = project(1, 3);
            TestUser ann = Fixtures.member(p.id());
            var first = next(ann, p.id()).then().statusCode(200).extract().jsonPath();
            var second = next(ann, p.id()).then().statusCode(200).extract().jsonPath();
            assertEquals(first.getLong("assignmentId"), second.getLong("assignmentId"));
            assertEquals(first.getString("leaseExpiresAt"), second.getString("leaseExpiresAt"));
        }

        @Test
        void itemsComeInTheOrderTheyWereAdded() {
            TestProject p = project(1, 4);
            TestUser ann = Fixtures.member(p.id());
            List<Long> got = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                var body = next(ann, p.id()).then().statusCode(200).extract().jsonPath();
                got.add(body.getLong("articleId"));
                act(ann, body.getLong("assignmentId"), "submit").then().statusCode(200);
            }
            assertEquals(p.articleIds(), got);
            next(ann, p.id()).then().statusCode(204);
        }

        @Test
        void aFullItemIsNotOfferedToAFurtherAnnotator() {
            TestProject p = project(2, 1);
            claim(Fixtures.member(p.id()), p.id());
            claim(Fixtures.member(p.id()), p.id());
            next(Fixtures.member(p.id()), p.id()).then().statusCode(204);
        }

        @Test
        void anAnnotatorNeverGetsAnItemTwice() {
            TestProject p = project(3, 1);
            TestUser ann = Fixtures.member(p.id());
            act(ann, claim(ann, p.id()), "submit").then().statusCode(200);
            next(ann, p.id()).then().statusCode(204);
        }

        @Test
        void emptyProjectAnswers204() {
            TestProject p = project(1, 0);
            next(Fixtures.member(p.id()), p.id()).then().statusCode(204);
        }

        @Test
        void unknownProjectIs404() {
            next(Fixtures.annotator(), 987_654_321L).then().statusCode(404)
                    .contentType("application/problem+json").body("status", equalTo(404));
        }

        @Test
        void nonNumericProjectIdIs404() {
            as(Fixtures.annotator().token()).when().post("/api/v1/projects/abc/queue/next").then().statusCode(404);
        }

        @Test
        void withoutTokenIs401() {
            given().when().post("/api/v1/projects/" + project(1, 1).id() + "/queue/next").then().statusCode(401)
                    .contentType("application/problem+json");
        }

        @Test
        void withABadTokenIs401() {
            as("not-a-token").when().post("/api/v1/projects/" + project(1, 1).id() + "/queue/next").then().statusCode(401);
        }

        @Test
        void supervisorMayNotClaim() {
            next(Fixtures.supervisor(), project(1, 1).id()).then().statusCode(403)
                    .contentType("application/problem+json");
        }

        @Test
        void adminMayNotClaim() {
            Fixtures.asAdmin().when().post("/api/v1/projects/" + project(1, 1).id() + "/queue/next").then().statusCode(403);
        }

        @Test
        void projectRoutesStillWorkBesideTheQueue() {
            Fixtures.asAdmin().when().get("/api/v1/projects/" + project(1, 1).id()).then().statusCode(200);
        }
    }

    @Nested
    class Members {

        @Test
        void aNonMemberIsToldTheProjectDoesNotExist() {
            TestProject p = project(1, 1);
            next(Fixtures.annotator(), p.id()).then().statusCode(404).contentType("application/problem+json")
                    .body("detail", equalTo("Project " + p.id() + " does not exist"));
            assertEquals(0, sqlLong("select count(*) from assignment where project_id = ?", p.id()));
        }

        @Test
        void theDatabaseClaimRefusesANonMemberToo() {
            TestProject p = project(1, 1);
            TestUser outsider = Fixtures.annotator();
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "select outcome from queue_next(?, ?, 60000, 0)")) {
                ps.setLong(1, p.id());
                ps.setLong(2, outsider.id());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertEquals("no_project", rs.getString(1));
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Test
        void anOpenProjectLetsEveryAnnotatorInAndRecordsThemAsMembers() {
            Map<String, Object> body = new HashMap<>();
            body.put("name", Fixtures.unique("open"));
            body.put("annotatorsPerItem", 1);
            body.put("access", "open");
            body.put("layers", LAYERS);
            long id = Fixtures.project(body);
            Fixtures.addItems(id, List.of(Fixtures.article(source, "Open text " + Fixtures.unique("a"))));
            TestUser anyone = Fixtures.annotator();
            next(anyone, id).then().statusCode(200);
            Fixtures.asAdmin().when().get("/api/v1/projects/" + id + "/members").then().statusCode(200)
                    .body("items.username", equalTo(List.of(anyone.username())));
            Fixtures.asAdmin().when().get("/api/v1/projects/" + id).then().body("access", equalTo("open"));
        }

        @Test
        void removingAMemberEndsTheirLeaseAndFreesTheSlot() {
            TestProject p = project(1, 1);
            TestUser ann = Fixtures.member(p.id());
            long id = claim(ann, p.id());
            Fixtures.asAdmin().when().delete("/api/v1/projects/" + p.id() + "/members/" + ann.id())
                    .then().statusCode(204);
            act(ann, id, "submit").then().statusCode(409);
            next(ann, p.id()).then().statusCode(404);
            assertEquals(0, sqlLong("select active_count from project_item where project_id = ?", p.id()));
            next(Fixtures.member(p.id()), p.id()).then().statusCode(200);
        }
    }

    @Nested
    class RandomOrder {

        @Test
        void randomProjectFollowsTheShuffledOrderRotatedPerAnnotator() {
            int n = 30;
            TestProject p = project(2, n, true, "random");
            TestUser a = Fixtures.member(p.id());
            TestUser b = Fixtures.member(p.id());
            List<Long> seqA = drain(a, p.id());
            List<Long> seqB = drain(b, p.id());
            assertEquals(n, seqA.size());
            assertEquals(n, seqB.size());
            assertNotEquals(p.articleIds(), seqA, "random order must not be the insertion order");
            List<Long> shuffled = shuffledOrder(p.id());
            assertEquals(expectedRotation(shuffled, p.id(), a.id()), seqA);
            assertEquals(expectedRotation(shuffled, p.id(), b.id()), seqB);
        }

        @Test
        void itemsAddedBehindAnAnnotatorsPlaceInTheLapAreStillOffered() {
            // The random claim continues after the annotator's latest item; items added later land at random places
            // in the shuffled order, many behind that point, and must still come round exactly once.
            TestProject p = project(1, 10, true, "random");
            TestUser a = Fixtures.member(p.id());
            List<Long> got = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                var body = next(a, p.id()).then().statusCode(200).extract().jsonPath();
                got.add(body.getLong("articleId"));
                act(a, body.getLong("assignmentId"), "submit").then().statusCode(200);
            }
            List<Long> added = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                added.add(Fixtures.article(source, "Later text " + Fixtures.unique("a") + " about the parade."));
            }
            Fixtures.addItems(p.id(), added);
            got.addAll(drain(a, p.id()));
            List<Long> all = new ArrayList<>(p.articleIds());
            all.addAll(added);
            assertEquals(all.size(), got.size(), "every item once: " + got);
            assertEquals(new HashSet<>(all), new HashSet<>(got));
        }

        List<Long> drain(TestUser who, long projectId) {
            List<Long> got = new ArrayList<>();
            while (true) {
                var r = next(who, projectId);
                if (r.statusCode() == 204) {
                    return got;
                }
                var body = r.then().statusCode(200).extract().jsonPath();
                got.add(body.getLong("articleId"));
                act(who, body.getLong("assignmentId"), "submit").then().statusCode(200);
            }
        }

        /** (shuffle_key, id, article_id) of the project's items, in shuffled order. */
        List<Long> shuffledOrder(long projectId) {
            List<Long> rows = new ArrayList<>();
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "select shuffle_key, article_id from project_item where project_id = ? order by shuffle_key, id")) {
                ps.setLong(1, projectId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(((long) rs.getInt(1) << 32) | rs.getLong(2));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return rows;
        }

        List<Long> expectedRotation(List<Long> keyed, long projectId, long annotatorId) {
            int offset = QueueService.rotation(projectId, annotatorId);
            List<Long> after = new ArrayList<>();
            List<Long> before = new ArrayList<>();
            for (long packed : keyed) {
                int key = (int) (packed >>> 32);
                long article = packed & 0xFFFFFFFFL;
                (key >= offset ? after : before).add(article);
            }
            after.addAll(before);
            return after;
        }
    }

    @Nested
    class Heartbeat {

        @Test
        void heartbeatExtendsTheLease() {
            TestProject p = project(1, 1);
            TestUser ann = Fixtures.member(p.id());
            var claimed = next(ann, p.id()).then().statusCode(200).extract().jsonPath();
            String before = claimed.getString("leaseExpiresAt");
            act(ann, claimed.getLong("assignmentId"), "heartbeat").then().statusCode(200)
                    .contentType(ContentType.JSON)
                    .body("status", equalTo("leased"))
                    .body("leaseExpiresAt", notNullValue());
            long extended = sqlLong("select extract(epoch from lease_expires_at - ?::timestamptz) * 1000000 "
                    + "from assignment where id = ?", java.time.OffsetDateTime.parse(before), claimed.getLong("assignmentId"));
            assertTrue(extended >= 0, "the new expiry is not earlier than the old one");
        }

        @Test
        void heartbeatOnASubmittedAssignmentIs409() {
            TestProject p = project(1, 1);
            TestUser ann = Fixtures.member(p.id());
            long id = claim(ann, p.id());
            act(ann, id, "submit").then().statusCode(200);
            act(ann, id, "heartbeat").then().statusCode(409).contentType("application/problem+json")
                    .body("status", equalTo(409));
        }

        @Test
        void heartbeatOnSomeoneElsesAssignmentIs404() {
            TestProject p = project(1, 1);
            long id = claim(Fixtures.member(p.id()), p.id());
            act(Fixtures.member(p.id()), id, "heartbeat").then().statusCode(404).contentType("application/problem+json");
        }

        @Test
        void heartbeatOnAnUnknownAssignmentIs404() {
            act(Fixtures.annotator(), 987_654_321L, "heartbeat").then().statusCode(404);
        }

        @Test
        void heartbeatBySupervisorIs403() {
            TestProject p = project(1, 1);
            long id = claim(Fixtures.member(p.id()), p.id());
            act(Fixtures.supervisor(), id, "heartbeat").then().statusCode(403);
        }

        @Test
        void heartbeatWithoutTokenIs401() {
            given().when().post("/api/v1/assignments/1/heartbeat").then().statusCode(401);
        }
    }

    @Nested
    class Skip {

        @Test
        void skipFreesTheSlotAndTheItemIsNeverOfferedAgain() {
            TestProject p = project(1, 2);
            TestUser ann = Fixtures.member(p.id());
            var first = next(ann, p.id()).then().statusCode(200).extract().jsonPath();
            assertEquals(p.articleIds().get(0), first.getLong("articleId"));
            act(ann, first.getLong("assignmentId"), "skip").then().statusCode(200)
                    .body("status", equalTo("skipped")).body("leaseExpiresAt", nullValue());
            // The skipper moves on to the second item …
            var second = next(ann, p.id()).then().statusCode(200).extract().jsonPath();
            assertEquals(p.articleIds().get(1), second.getLong("articleId"));
            act(ann, second.getLong("assignmentId"), "submit").then().statusCode(200);
            next(ann, p.id()).then().statusCode(204);
            // … and the freed slot goes to someone else.
            next(Fixtures.member(p.id()), p.id()).then().statusCode(200)
                    .body("articleId", equalTo(p.articleIds().get(0).intValue()));
        }

        @Test
        void skipIsAudited() {
            TestProject p = project(1, 1);
            TestUser ann = Fixtures.member(p.id());
            long id = claim(ann, p.id());
            act(ann, id, "skip").then().statusCode(200);
            assertEquals(1, sqlLong("select count(*) from audit_event where action = 'skip' and entity = 'assignment' "
                    + "and entity_id = ? and actor_id = ?", id, ann.id()));
        }

        @Test
        void skipTwiceIs409() {
            TestProject p = project(1, 1);
            TestUser ann = Fixtures.member(p.id());
            long id = claim(ann, p.id());
            act(ann, id, "skip").then().statusCode(200);
            act(ann, id, "skip").then().statusCode(409).body("status", equalTo(409))
                    .body("assignmentStatus", equalTo("skipped"));
        }

        @Test
        void skipAfterSubmitIs409() {
            TestProject p = project(1, 1);
            TestUser ann = Fixtures.member(p.id());
            long id = claim(ann, p.id());
            act(ann, id, "submit").then().statusCode(200);
            act(ann, id, "skip").then().statusCode(409);
            assertEquals(1, sqlLong("select active_count from project_item where project_id = ?", p.id()));
        }

        @Test
        void skipOfSomeoneElsesAssignmentIs404AndChangesNothing() {
            TestProject p = project(1, 1);
            TestUser owner = Fixtures.member(p.id());
            long id = claim(owner, p.id());
            act(Fixtures.member(p.id()), id, "skip").then().statusCode(404);
            as(owner.token()).when().get("/api/v1/assignments/" + id).then().statusCode(200).body("status", equalTo("leased"));
        }

        @Test
        void skipBySupervisorIs403() {
            act(Fixtures.supervisor(), 1, "skip").then().statusCode(403);
        }
    }

    @Nested
    class Submit {

        @Test
        void submitCountsTheItemAndEndsTheLease() {
            TestProject p = project(2, 1);
            TestUser ann = Fixtures.member(p.id());
            long id = claim(ann, p.id());
            act(ann, id, "submit").then().statusCode(200).contentType(ContentType.JSON)
                    .body("status", equalTo("submitted"))
                    .body("leaseExpiresAt", nullValue())
                    .body("endedAt", notNullValue());
            assertEquals(1, sqlLong("select submitted_count from project_item where project_id = ?", p.id()));
            assertEquals(1, sqlLong("select active_count from project_item where project_id = ?", p.id()));
            assertEquals(1, sqlLong("select count(*) from audit_event where action = 'submit' and entity_id = ?", id));
        }

        @Test
        void submittingTwiceIs409() {
            TestProject p = project(1, 1);
            TestUser ann = Fixtures.member(p.id());
            long id = claim(ann, p.id());
            act(ann, id, "submit").then().statusCode(200);
            act(ann, id, "submit").then().statusCode(409).contentType("application/problem+json")
                    .body("status", equalTo(409)).body("assignmentStatus", equalTo("submitted"));
            assertEquals(1, sqlLong("select submitted_count from project_item where project_id = ?", p.id()));
        }

        @Test
        void submitAfterSkipIs409() {
            TestProject p = project(1, 1);
            TestUser ann = Fixtures.member(p.id());
            long id = claim(ann, p.id());
            act(ann, id, "skip").then().statusCode(200);
            act(ann, id, "submit").then().statusCode(409);
        }

        @Test
        void submitOfSomeoneElsesAssignmentIs404() {
            TestProject p = project(1, 1);
            long id = claim(Fixtures.member(p.id()), p.id());
            act(Fixtures.member(p.id()), id, "submit").then().statusCode(404).contentType("application/problem+json");
            assertEquals(0, sqlLong("select submitted_count from project_item where project_id = ?", p.id()));
        }

        @Test
        void submitByAdminIs403() {
            Fixtures.asAdmin().when().post("/api/v1/assignments/1/submit").then().statusCode(403);
        }

        @Test
        void submitWithoutTokenIs401() {
            given().when().post("/api/v1/assignments/1/submit").then().statusCode(401);
        }
    }

    @Nested
    class Read {

        @Test
        void ownerReadsTheAssignment() {
            TestProject p = project(1, 1);
            TestUser ann = Fixtures.member(p.id());
            long id = claim(ann, p.id());
            as(ann.token()).when().get("/api/v1/assignments/" + id).then().statusCode(200).contentType(ContentType.JSON)
                    .body("id", equalTo((int) id))
                    .body("projectId", equalTo((int) p.id()))
                    .body("articleId", equalTo(p.articleIds().get(0).intValue()))
                    .body("annotatorId", equalTo((int) ann.id()))
                    .body("status", equalTo("leased"));
        }

        @Test
        void anotherAnnotatorGets404() {
            TestProject p = project(1, 1);
            long id = claim(Fixtures.member(p.id()), p.id());
            as(Fixtures.member(p.id()).token()).when().get("/api/v1/assignments/" + id).then().statusCode(404)
                    .contentType("application/problem+json");
        }

        @Test
        void supervisorReadsAnyAssignment() {
            TestProject p = project(1, 1);
            long id = claim(Fixtures.member(p.id()), p.id());
            as(Fixtures.supervisor().token()).when().get("/api/v1/assignments/" + id).then().statusCode(200);
        }

        @Test
        void unknownAssignmentIs404() {
            Fixtures.asAdmin().when().get("/api/v1/assignments/987654321").then().statusCode(404);
        }

        @Test
        void readWithoutTokenIs401() {
            given().when().get("/api/v1/assignments/1").then().statusCode(401);
        }

        @Test
        void listShowsOnlyTheCallersOwnFilteredByProjectAndStatus() {
            TestProject p = project(2, 3);
            TestUser ann = Fixtures.member(p.id());
            TestUser other = Fixtures.member(p.id());
            act(ann, claim(ann, p.id()), "submit").then().statusCode(200);
            long leased = claim(ann, p.id());
            claim(other, p.id());
            as(ann.token()).queryParam("projectId", p.id()).when().get("/api/v1/assignments").then().statusCode(200)
                    .body("total", equalTo(2))
                    .body("items.annotatorId", everyItem(equalTo((int) ann.id())));
            as(ann.token()).queryParam("projectId", p.id()).queryParam("status", "leased")
                    .when().get("/api/v1/assignments").then().statusCode(200)
                    .body("total", equalTo(1)).body("items[0].id", equalTo((int) leased));
            as(ann.token()).queryParam("projectId", p.id()).queryParam("status", "submitted")
                    .when().get("/api/v1/assignments").then().statusCode(200)
                    .body("total", equalTo(1)).body("items[0].status", equalTo("submitted"));
        }

        @Test
        void supervisorListsByAnnotator() {
            TestProject p = project(2, 2);
            TestUser ann = Fixtures.member(p.id());
            TestUser other = Fixtures.member(p.id());
            claim(ann, p.id());
            long theirs = claim(other, p.id());
            as(Fixtures.supervisor().token()).queryParam("projectId", p.id()).queryParam("annotatorId", other.id())
                    .when().get("/api/v1/assignments").then().statusCode(200)
                    .body("total", equalTo(1)).body("items.id", hasItem((int) theirs));
            as(Fixtures.supervisor().token()).queryParam("projectId", p.id())
                    .when().get("/api/v1/assignments").then().statusCode(200).body("total", equalTo(2));
        }

        @Test
        void annotatorAskingForAnotherAnnotatorsListIs403() {
            TestUser ann = Fixtures.annotator();
            as(ann.token()).queryParam("annotatorId", ann.id() + 1).when().get("/api/v1/assignments")
                    .then().statusCode(403).contentType("application/problem+json");
        }

        @Test
        void unknownStatusFilterIs400() {
            as(Fixtures.annotator().token()).queryParam("status", "done").when().get("/api/v1/assignments")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem("status"));
        }

        @Test
        void nonNumericProjectFilterIs400() {
            as(Fixtures.annotator().token()).queryParam("projectId", "abc").when().get("/api/v1/assignments")
                    .then().statusCode(400).body("errors.field", hasItem("projectId"));
        }

        @Test
        void pageSizeOutOfRangeIs400() {
            as(Fixtures.annotator().token()).queryParam("size", 0).when().get("/api/v1/assignments")
                    .then().statusCode(400);
        }

        @Test
        void listWithoutTokenIs401() {
            given().when().get("/api/v1/assignments").then().statusCode(401);
        }
    }
}
