package io.crosscheck.queue;

import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.Fixtures.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.crosscheck.testing.Fixtures.as;
import static io.crosscheck.testing.Fixtures.asAdmin;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Escalation (SPEC §8): an item whose panel disagrees on the watched layer (per-item α below the threshold) reopens
 * for one more rater at a time, up to the maximum; a unanimous item does not. /items shows each item's raters
 * (capacity) and how many were added (escalations).
 */
@QuarkusTest
class EscalationResourceTest {

    long project;
    long disputed;
    long unanimous;

    @BeforeEach
    void setUp() {
        project = Fixtures.project(Map.of("name", Fixtures.unique("escalate"), "annotatorsPerItem", 2,
                "escalation", Map.of("layer", "stance", "belowAgreement", 0.5, "maxAnnotatorsPerItem", 4),
                "layers", List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "anti")))));
        long source = Fixtures.source();
        disputed = Fixtures.article(source, "Disputed " + Fixtures.unique("t"));
        unanimous = Fixtures.article(source, "Unanimous " + Fixtures.unique("t"));
        Fixtures.addItems(project, List.of(disputed, unanimous));
    }

    /** Claims, labels and submits one item; returns its article, or null on 204. */
    Long rate(TestUser rater, Map<Long, String> labelByArticle) {
        var r = as(rater.token()).when().post("/api/v1/projects/" + project + "/queue/next").then().extract();
        if (r.statusCode() == 204) {
            return null;
        }
        long assignment = r.jsonPath().getLong("assignmentId");
        long article = r.jsonPath().getLong("articleId");
        as(rater.token()).body(Map.of("layer", "stance", "label", labelByArticle.get(article))).when()
                .post("/api/v1/assignments/" + assignment + "/annotations").then().statusCode(201);
        as(rater.token()).when().post("/api/v1/assignments/" + assignment + "/submit").then().statusCode(200);
        return article;
    }

    Map<String, Object> item(long article) {
        JsonPath items = asAdmin().when().get("/api/v1/projects/" + project + "/items").then().statusCode(200)
                .extract().jsonPath();
        return items.getMap("items.find { it.articleId == " + article + " }");
    }

    @Test
    void aDisputedItemGetsOneMoreRaterAtATimeUpToTheMaximum() {
        TestUser first = Fixtures.member(project);
        TestUser second = Fixtures.member(project);
        assertEquals(disputed, rate(first, Map.of(disputed, "pro", unanimous, "pro")));
        assertEquals(unanimous, rate(first, Map.of(disputed, "pro", unanimous, "pro")));
        assertEquals(disputed, rate(second, Map.of(disputed, "anti", unanimous, "pro")));
        assertEquals(unanimous, rate(second, Map.of(disputed, "anti", unanimous, "pro")));
        assertEquals(3, item(disputed).get("capacity"));
        assertEquals(1, item(disputed).get("escalations"));
        assertEquals(2, item(unanimous).get("capacity"), "a unanimous item is not escalated");

        Map<Long, String> third = new HashMap<>(Map.of(disputed, "pro", unanimous, "pro"));
        assertEquals(disputed, rate(Fixtures.member(project), third));
        assertEquals(4, item(disputed).get("capacity"), "still divided (2 pro, 1 anti): one more");
        assertEquals(disputed, rate(Fixtures.member(project), third));
        assertEquals(4, item(disputed).get("capacity"), "the maximum is 4");
        assertEquals(2, item(disputed).get("escalations"));
        assertEquals(null, rate(Fixtures.member(project), third), "nothing left for a fifth rater");
        // The review queue says how many raters each item had and how many were added for disagreement.
        JsonPath queue = asAdmin().queryParam("layer", "stance").when().get("/api/v1/projects/" + project + "/review-queue")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(4, queue.getInt("items.find { it.articleId == " + disputed + " }.raters"));
        assertEquals(2, queue.getInt("items.find { it.articleId == " + disputed + " }.escalations"));
        assertEquals(0, queue.getInt("items.find { it.articleId == " + unanimous + " }.escalations"));
        // … and why: the per-item agreement behind each added rater (2 raters pro/anti: α = 0 with a nominal D_e > 0;
        // then 2 pro, 1 anti), the threshold and the layer.
        String reason = queue.getString("items.find { it.articleId == " + disputed + " }.escalationReason");
        assertTrue(reason.matches("escalated 2 times: per-item α -?[0-9.]+, -?[0-9.]+ < 0\\.5 on stance; 4 raters"), reason);
        assertEquals(null, queue.<Object>get("items.find { it.articleId == " + unanimous + " }.escalationReason"));
        // The exports carry the same per item: jsonl fields, csv columns.
        String jsonl = asAdmin().queryParam("format", "jsonl").when().get("/api/v1/projects/" + project + "/export")
                .then().statusCode(200).extract().asString();
        for (String line : jsonl.split("\n")) {
            JsonPath l = JsonPath.from(line);
            boolean isDisputed = l.getLong("id") == disputed;
            assertEquals(isDisputed ? 4 : 2, l.getInt("raters"));
            assertEquals(isDisputed ? 2 : 0, l.getInt("escalations"));
            assertEquals(isDisputed ? reason : null, l.getString("escalation"));
        }
        String csv = asAdmin().queryParam("format", "csv").queryParam("include", "raw").when()
                .get("/api/v1/projects/" + project + "/export").then().statusCode(200).extract().asString();
        long disputedRows = java.util.Arrays.stream(csv.split("\r\n")).filter(r -> r.contains("," + disputed + ","))
                .peek(r -> assertTrue(r.endsWith(",1,4,\"" + reason + "\""), r)).count(); // quoted: the reason has commas
        assertEquals(4, disputedRows, "one stance label per rater");
    }

    @Test
    void anEscalationLayerTheProjectLacksOrAMaximumNotAboveKIs422() {
        Map<String, Object> body = new HashMap<>(Map.of("name", Fixtures.unique("escalate"), "annotatorsPerItem", 2,
                "escalation", Map.of("layer", "claims", "belowAgreement", 0.5, "maxAnnotatorsPerItem", 4),
                "layers", List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "anti")))));
        asAdmin().body(body).when().post("/api/v1/projects").then().statusCode(422)
                .body("errors.field", hasItem("escalation.layer"));
        body.put("escalation", Map.of("layer", "stance", "belowAgreement", 0.5, "maxAnnotatorsPerItem", 2));
        asAdmin().body(body).when().post("/api/v1/projects").then().statusCode(422)
                .body("errors.field", hasItem("escalation.maxAnnotatorsPerItem"));
    }
}
