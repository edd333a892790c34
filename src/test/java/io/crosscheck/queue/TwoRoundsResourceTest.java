package io.crosscheck.queue;

import io.crosscheck.testing.Db;
import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.Fixtures.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.crosscheck.testing.Fixtures.as;
import static io.crosscheck.testing.Fixtures.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two rounds (SPEC §8): once an item's panel has submitted, queue/next offers each of its raters round 2 with the
 * others' round-1 judgements (anonymous, masked like the text in a blind project); the revision is an assignment of
 * its own, so round 1 is never overwritten; /agreement?round=, the review queue and the exports report each round.
 */
@QuarkusTest
class TwoRoundsResourceTest {

    static final String TEXT = "Reporter Jane Roe writes that the parade was the largest ever held.";

    @Inject
    DataSource dataSource;

    long project;
    long first;
    long second;
    TestUser a;
    TestUser b;
    TestUser c;

    @BeforeEach
    void setUp() {
        project = Fixtures.project(Map.of("name", Fixtures.unique("rounds"), "annotatorsPerItem", 3, "rounds", 2,
                "blindSources", true,
                "layers", List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "neutral", "anti")),
                        Fixtures.spanLayer("claims", List.of("unsupported")))));
        long source = asAdmin().body(Map.of("name", Fixtures.unique("outlet"), "kind", "outlet",
                        "redact", List.of("Jane Roe")))
                .when().post("/api/v1/sources").then().statusCode(201).extract().jsonPath().getLong("id");
        first = Fixtures.article(source, TEXT + " " + Fixtures.unique("one"));
        second = Fixtures.article(source, TEXT + " " + Fixtures.unique("two"));
        Fixtures.addItems(project, List.of(first, second));
        a = Fixtures.member(project);
        b = Fixtures.member(project);
        c = Fixtures.member(project);
    }

    ExtractableResponse<Response> next(TestUser who) {
        return as(who.token()).when().post("/api/v1/projects/" + project + "/queue/next").then().extract();
    }

    /** Claims the next task, which must be round {@code round} on {@code article}; returns the response. */
    JsonPath claim(TestUser who, long article, int round) {
        var r = next(who);
        assertEquals(200, r.statusCode(), r.body().asString());
        JsonPath j = r.jsonPath();
        assertEquals(article, j.getLong("articleId"));
        assertEquals(round, j.getInt("round"));
        return j;
    }

    void label(TestUser who, long assignment, String stance) {
        as(who.token()).body(Map.of("layer", "stance", "label", stance)).when()
                .post("/api/v1/assignments/" + assignment + "/annotations").then()
                .statusCode(org.hamcrest.Matchers.oneOf(200, 201)); // 200: a document label replaced
    }

    void submit(TestUser who, long assignment) {
        as(who.token()).when().post("/api/v1/assignments/" + assignment + "/submit").then().statusCode(200);
    }

    /** Round 1 of one item for one rater: the stance, and for rater a a claim span over the redacted byline. */
    void roundOne(TestUser who, long article, String stance) {
        long id = claim(who, article, 1).getLong("assignmentId");
        label(who, id, stance);
        if (who == a) {
            String shown = "████████ writes";
            as(who.token()).body(Map.of("layer", "claims", "label", "unsupported", "start", 9, "end", 24,
                    "quote", shown)).when().post("/api/v1/assignments/" + id + "/annotations").then().statusCode(201);
        }
        submit(who, id);
    }

    @Test
    void eachRaterRevisesOnceBesideTheirRoundOneAndEveryFigureSaysWhichRound() throws Exception {
        roundOne(a, first, "pro");
        roundOne(a, second, "pro");
        assertEquals(204, next(a).statusCode(), "no round 2 before the panel of an item has submitted");
        roundOne(b, first, "anti");
        roundOne(b, second, "pro");
        roundOne(c, first, "anti");

        // c completed the first item's panel: its revision comes before new work (the second item's round 1).
        JsonPath task = claim(c, first, 2);
        long cRevision = task.getLong("assignmentId");
        List<Map<String, Object>> others = task.getList("others");
        assertEquals(2, others.size());
        assertEquals(List.of("rater A", "rater B"), task.getList("others.rater"));
        assertEquals(List.of(List.of("pro", "unsupported", "████████ writes"), List.of("anti")),
                others.stream().map(o -> ((List<Map<String, Object>>) o.get("annotations")).stream()
                        .map(n -> n.containsKey("quote") && n.get("quote") != null ? List.of(n.get("label"), n.get("quote"))
                                : List.of(n.get("label"))).flatMap(List::stream).toList()).toList(),
                "a's stance and span (its quote masked like the text), b's stance; in round-1 order");
        String body = next(c).body().asString();
        assertEquals(cRevision, JsonPath.from(body).getLong("assignmentId"), "next is idempotent in round 2 too");
        for (TestUser other : List.of(a, b)) {
            assertFalse(body.contains(other.username()), "no names of the other raters");
            assertFalse(body.contains("\"annotatorId\""), "no user ids");
        }
        assertFalse(body.contains("Jane Roe"), "blind: the redacted byline stays masked in the others' quotes");
        // The revision starts as a copy of c's own round-1 judgement: keeping it is a plain submit.
        assertEquals(List.of("anti"), as(c.token()).when().get("/api/v1/assignments/" + cRevision + "/annotations")
                .then().statusCode(200).extract().jsonPath().getList("items.label"));
        submit(c, cRevision);

        roundOne(c, second, "pro");
        long cSecond = claim(c, second, 2).getLong("assignmentId");
        as(c.token()).when().post("/api/v1/assignments/" + cSecond + "/skip").then().statusCode(200);
        assertEquals(204, next(c).statusCode(), "a skipped revision is not offered again; round 1 stands");

        // a revises: pro becomes anti (a document label replaces the earlier one), in the first item's round 2.
        long aRevision = claim(a, first, 2).getLong("assignmentId");
        label(a, aRevision, "anti");
        submit(a, aRevision);
        long aSecond = claim(a, second, 2).getLong("assignmentId");
        submit(a, aSecond);

        // b lets the first revision lapse: it is over, like any expired lease; the next revision is offered instead.
        long bRevision = claim(b, first, 2).getLong("assignmentId");
        new Db(dataSource).lapse(bRevision);
        long bSecond = claim(b, second, 2).getLong("assignmentId");
        assertNotEquals(bRevision, bSecond);
        submit(b, bSecond);
        assertEquals(204, next(b).statusCode());

        Db db = new Db(dataSource);
        assertEquals(0, db.scalar("select count(*) from project_item where project_id = ? and "
                + "(active_count <> 3 or submitted_count <> 3 or capacity <> 3)", project),
                "round-2 leases take no slot: the items' counters describe their round-1 panel");
        assertEquals(6, db.scalar("select count(*) from assignment where project_id = ? and round = 1 and status = 'submitted'", project));
        assertEquals(List.of("pro"), as(a.token()).when().get("/api/v1/assignments/"
                        + db.scalar("select id from assignment where project_id = ? and article_id = ? and annotator_id = ? and round = 1",
                        project, first, a.id()) + "/annotations").then().statusCode(200).extract().jsonPath()
                .getList("items.findAll { it.layer == 'stance' }.label"), "round 1 is never overwritten");

        // Agreement per round: round 1 (default) pro/anti/anti and pro×3; round 2 anti/anti (a, c) and pro/pro (a, b).
        JsonPath one = agreement(null);
        assertEquals(one.getDouble("percentAgreement"), agreement("1").getDouble("percentAgreement"));
        assertEquals(2, one.getInt("items"));
        assertEquals(3, one.getInt("annotators"));
        assertTrue(one.getDouble("percentAgreement") < 1.0);
        JsonPath two = agreement("2");
        assertEquals(1.0, two.getDouble("percentAgreement"), 1e-9);
        assertEquals(2, two.getInt("items"));
        asAdmin().queryParam("layer", "stance").queryParam("round", "3").when()
                .get("/api/v1/projects/" + project + "/agreement").then().statusCode(400);

        // The review queue shows both rounds' figures for an item.
        JsonPath queue = asAdmin().queryParam("layer", "stance").when().get("/api/v1/projects/" + project + "/review-queue")
                .then().statusCode(200).extract().jsonPath();
        String row = "items.find { it.articleId == " + first + " }";
        assertEquals(List.of(1, 2), queue.getList(row + ".rounds.round"));
        assertEquals(List.of(3, 2), queue.getList(row + ".rounds.raters"));
        assertEquals(queue.getDouble(row + ".agreement"), queue.getDouble(row + ".rounds[0].agreement"), 1e-12);
        assertTrue(queue.getDouble(row + ".rounds[0].agreement") < 1.0);
        assertEquals(1.0, queue.getDouble(row + ".rounds[1].agreement"), 1e-12);

        // The exports carry the round of each annotation: jsonl keeps raw (round 1) and adds revisions (round 2).
        String jsonl = asAdmin().queryParam("format", "jsonl").queryParam("include", "raw").when()
                .get("/api/v1/projects/" + project + "/export").then().statusCode(200).extract().asString();
        JsonPath line = null;
        for (String l : jsonl.split("\n")) {
            if (JsonPath.from(l).getLong("id") == first) {
                line = JsonPath.from(l);
            }
        }
        assertEquals(List.of(1, 1, 1), line.getList("raw.round"));
        assertEquals(List.of(2, 2), line.getList("revisions.round"));
        assertEquals(3, line.getInt("raters"));
        assertEquals(List.of("pro"), line.getList("raw.find { it.annotator == '" + a.username()
                + "' }.annotations.findAll { it.layer == 'stance' }.label"));
        assertEquals(List.of("anti"), line.getList("revisions.find { it.annotator == '" + a.username()
                + "' }.annotations.findAll { it.layer == 'stance' }.label"));
        String csv = asAdmin().queryParam("format", "csv").queryParam("include", "raw").when()
                .get("/api/v1/projects/" + project + "/export").then().statusCode(200).extract().asString();
        List<String> aFirst = new ArrayList<>();
        for (String l : csv.split("\r\n")) {
            if (l.contains("," + first + ",") && l.contains("," + a.username() + ",stance,")) {
                aFirst.add(l.replaceAll("^.*,stance,([a-z]+),.*,(\\d),3,$", "$1/$2"));
            }
        }
        assertEquals(List.of("pro/1", "anti/2"), aFirst);
        assertEquals(2, asAdmin().when().get("/api/v1/projects/" + project + "/progress").then().statusCode(200)
                .extract().jsonPath().getInt("complete"));
    }

    JsonPath agreement(String round) {
        var spec = asAdmin().queryParam("layer", "stance");
        if (round != null) {
            spec = spec.queryParam("round", round);
        }
        return spec.when().get("/api/v1/projects/" + project + "/agreement").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aOneRoundProjectNeverOffersRoundTwo() {
        long single = Fixtures.project(1, List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "anti"))));
        long article = Fixtures.article(Fixtures.source(), "One round " + Fixtures.unique("x"));
        Fixtures.addItems(single, List.of(article));
        TestUser rater = Fixtures.member(single);
        var r = as(rater.token()).when().post("/api/v1/projects/" + single + "/queue/next").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(1, r.getInt("round"));
        assertNull(r.get("others"));
        as(rater.token()).when().post("/api/v1/assignments/" + r.getLong("assignmentId") + "/submit").then().statusCode(200);
        as(rater.token()).when().post("/api/v1/projects/" + single + "/queue/next").then().statusCode(204);
        asAdmin().body(Map.of("name", Fixtures.unique("r"), "annotatorsPerItem", 1, "rounds", 3,
                        "layers", List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "anti")))))
                .when().post("/api/v1/projects").then().statusCode(400);
    }
}
