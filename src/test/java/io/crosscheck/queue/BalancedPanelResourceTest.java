package io.crosscheck.queue;

import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.Fixtures.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.crosscheck.testing.Fixtures.as;
import static io.crosscheck.testing.Fixtures.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Balanced panels (SPEC §8), one claim at a time: a claim that would break an item's balance is not made, the item
 * waits for a rater who fits, and with k above the number of values no value is ever two ahead of another.
 * QueueConcurrencyTest and QueueTwoInstancesIT hammer the same rule with many threads and two instances.
 */
@QuarkusTest
class BalancedPanelResourceTest {

    static final String PROBLEM = "application/problem+json";
    static final List<String> LEANS = List.of("left", "center", "right");

    long project(int k) {
        return Fixtures.project(Map.of("name", Fixtures.unique("panel"), "annotatorsPerItem", k,
                "raterAttributes", List.of(Map.of("name", "lean", "values", LEANS), Map.of("name", "note")),
                "panel", Map.of("balanceBy", "lean"),
                "layers", List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "anti")))));
    }

    List<Long> items(long project, int n) {
        long source = Fixtures.source();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(Fixtures.article(source, "Panel item " + i + " " + Fixtures.unique("x")));
        }
        Fixtures.addItems(project, ids);
        return ids;
    }

    TestUser rater(long project, String lean) {
        TestUser u = Fixtures.member(project);
        asAdmin().body(Map.of("profile", Map.of("lean", lean))).when()
                .put("/api/v1/projects/" + project + "/members/" + u.id()).then().statusCode(200);
        return u;
    }

    /** The article the rater is given, or null on 204; the lease is submitted at once. */
    Long claimAndSubmit(long project, TestUser rater) {
        var r = as(rater.token()).when().post("/api/v1/projects/" + project + "/queue/next").then().extract();
        if (r.statusCode() == 204) {
            return null;
        }
        assertEquals(200, r.statusCode(), r.body().asString());
        as(rater.token()).when().post("/api/v1/assignments/" + r.jsonPath().getLong("assignmentId") + "/submit")
                .then().statusCode(200);
        return r.jsonPath().getLong("articleId");
    }

    @Test
    void theProjectShowsItsPanelAndABalanceByWithoutValuesIs422() {
        asAdmin().when().get("/api/v1/projects/" + project(2)).then().statusCode(200)
                .body("panel.balanceBy", equalTo("lean"));
        Map<String, Object> body = new HashMap<>(Map.of("name", Fixtures.unique("panel"), "annotatorsPerItem", 2,
                "raterAttributes", List.of(Map.of("name", "note")), "panel", Map.of("balanceBy", "note"),
                "layers", List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "anti")))));
        asAdmin().body(body).when().post("/api/v1/projects").then().statusCode(422).contentType(PROBLEM)
                .body("errors.field", hasItem("panel.balanceBy"));
        body.put("panel", Map.of("balanceBy", "age"));
        asAdmin().body(body).when().post("/api/v1/projects").then().statusCode(422).contentType(PROBLEM);
    }

    @Test
    void aSecondRaterOfTheSameLeanIsPassedToTheNextItemAndTheItemWaitsForAnotherLean() {
        long project = project(2);
        List<Long> items = items(project, 2);
        TestUser left1 = rater(project, "left");
        TestUser left2 = rater(project, "left");
        TestUser left3 = rater(project, "left");
        TestUser center = rater(project, "center");
        assertEquals(items.get(0), claimAndSubmit(project, left1));
        assertEquals(items.get(1), claimAndSubmit(project, left2), "item 1 already has a left rater");
        assertEquals(null, claimAndSubmit(project, left3), "both items wait for a rater of another lean");
        assertEquals(items.get(0), claimAndSubmit(project, center));
        assertEquals(items.get(1), claimAndSubmit(project, rater(project, "right")));
    }

    @Test
    void aRaterWithoutAValueFitsNoPanel() {
        long project = project(2);
        items(project, 1);
        TestUser unprofiled = Fixtures.member(project);
        as(unprofiled.token()).when().post("/api/v1/projects/" + project + "/queue/next").then().statusCode(204);
    }

    @Test
    void withKAboveTheNumberOfValuesNoLeanIsEverTwoAheadOfAnother() {
        long project = project(5);
        long item = items(project, 1).get(0);
        Map<String, Integer> placed = new HashMap<>();
        // Raters arrive in an unfriendly order: all the lefts first, then the centers, then the rights.
        List<String> arrivals = new ArrayList<>();
        for (String lean : LEANS) {
            for (int i = 0; i < 3; i++) {
                arrivals.add(lean);
            }
        }
        // Each rater asks once: of the lefts only the first fits (then the others wait for a center and a right),
        // and so on; two latecomers then fill the fifth place and find the item full.
        arrivals.add("left");
        arrivals.add("center");
        for (String lean : arrivals) {
            Long got = claimAndSubmit(project, rater(project, lean));
            if (got != null) {
                assertEquals(item, got);
                placed.merge(lean, 1, Integer::sum);
                int max = LEANS.stream().mapToInt(l -> placed.getOrDefault(l, 0)).max().orElseThrow();
                int min = LEANS.stream().mapToInt(l -> placed.getOrDefault(l, 0)).min().orElseThrow();
                // While the panel is filling, a lean may lead by one, never by two.
                assertTrue(max - min <= 1, "panel " + placed);
            }
        }
        assertEquals(Map.of("left", 2, "center", 1, "right", 2), placed);
    }
}
