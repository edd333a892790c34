package io.crosscheck.seeds;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.crosscheck.testing.Fixtures.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo seeds: after a load the review queue and source report are non-empty and the world-fact error is there. */
@QuarkusTest
class DemoSeedTest {

    static final String MACHINE_TITLE =
            "Kim Jong Un and Vladimir Putin to Attend Beijing Military Parade in Diplomatic Show of Strength";

    @Inject
    SeedLoader loader;

    @Test
    void thePracticeProjectHasTheDemoCodebookAndOpenItemsForANewMember() {
        loader.load();
        SeedLoader.DemoResult practice = loader.loadPractice();
        assertFalse(loader.loadPractice().created(), "a second load must not create the project again");
        String base = "/api/v1/projects/" + practice.projectId();
        asAdmin().when().get(base).then().statusCode(200)
                .body("layers.find { it.name == 'claims' }.guidelines", org.hamcrest.Matchers.containsString("world-fact-error"))
                .body("layers.find { it.name == 'stance' }.labels[0].key", equalTo("p"));
        io.crosscheck.testing.Fixtures.TestUser newcomer = io.crosscheck.testing.Fixtures.member(practice.projectId());
        io.crosscheck.testing.Fixtures.as(newcomer.token()).when().get(base + "/schema").then().statusCode(200)
                .body("progress.available", equalTo(5));
    }

    @Test
    void thePracticeProjectIsBlindForRealNoOutletOrBylineReachesTheAnnotator() {
        loader.load();
        SeedLoader.DemoResult practice = loader.loadPractice();
        io.crosscheck.testing.Fixtures.TestUser newcomer = io.crosscheck.testing.Fixtures.member(practice.projectId());
        String next = "/api/v1/projects/" + practice.projectId() + "/queue/next";
        int seen = 0;
        while (true) {
            var response = io.crosscheck.testing.Fixtures.as(newcomer.token()).when().post(next).then().extract();
            if (response.statusCode() == 204) {
                break;
            }
            JsonPath item = response.jsonPath();
            String shown = item.getString("article.title") + "\n" + item.getString("article.text");
            for (String giveaway : List.of("CNN", "cnn.com", "Nectar Gan", "Yong Xiong", "Gawon Bae", "Rewritten Article")) {
                assertFalse(shown.toLowerCase(java.util.Locale.ROOT).contains(giveaway.toLowerCase(java.util.Locale.ROOT)),
                        "the annotator was shown '" + giveaway + "'");
            }
            assertEquals(item.getInt("article.length"), shown.substring(shown.indexOf('\n') + 1).codePoints().count());
            io.crosscheck.testing.Fixtures.as(newcomer.token()).when()
                    .post("/api/v1/assignments/" + item.getLong("assignmentId") + "/skip").then().statusCode(200);
            seen++;
        }
        assertEquals(5, seen);
    }

    @Test
    void demoProjectShowsQueueReportAndTheFormerPresidentError() {
        loader.load();
        SeedLoader.DemoResult demo = loader.loadDemo();
        assertFalse(loader.loadDemo().created(), "a second load must not create the project again");
        String base = "/api/v1/projects/" + demo.projectId();

        asAdmin().when().get(base + "/review-queue").then().statusCode(200)
                .body("total", equalTo(5)).body("items[0].annotators.size()", equalTo(3));
        // Three coders of three leans on a balanced panel, and agreement by lean (the README tour).
        asAdmin().when().get(base).then().body("panel.balanceBy", equalTo("lean"));
        asAdmin().queryParam("layer", "stance").queryParam("groupBy", "lean").when().get(base + "/agreement").then()
                .statusCode(200).body("groups.group", equalTo(List.of("left", "center", "right")))
                .body("groups.raters", equalTo(List.of(1, 1, 1))).body("betweenGroups.size()", equalTo(3))
                .body("betweenGroups[0].pairs", equalTo(1));

        JsonPath report = asAdmin().when().get(base + "/sources/report").then().statusCode(200)
                .body("sources.size()", equalTo(5)).extract().jsonPath();
        String machine = "sources.find { it.source == 'Machine rewrite' }.";
        assertEquals(1, report.getInt(machine + "adjudicatedItems"));
        assertTrue(report.getDouble(machine + "unsupportedClaimsPer1000Words.value") > 0);
        assertTrue(report.getBoolean(machine + "unsupportedClaimsPer1000Words.tentative"));

        long article = asAdmin().queryParam("storyKey", "beijing-parade-2025").queryParam("size", 100)
                .when().get("/api/v1/articles").then().statusCode(200).extract().jsonPath()
                .getLong("items.find { it.title == '" + MACHINE_TITLE + "' }.id");
        String text = asAdmin().when().get("/api/v1/articles/" + article).then().extract().path("text");
        // The first occurrence, in code points (what seeds/demo-build.py computed: 2836).
        int start = text.codePointCount(0, text.indexOf("former US President"));
        assertEquals(2836, start);
        JsonPath report004 = asAdmin().when().get(base + "/items/" + article + "/disagreements").then().statusCode(200)
                .extract().jsonPath();
        List<Map<String, Object>> spans = report004.getList(
                "layers.find { it.layer == 'claims' }.clusters.spans.flatten()");
        assertTrue(spans.stream().anyMatch(s -> "former US President".equals(s.get("quote"))
                && ((Number) s.get("start")).intValue() == start && ((Number) s.get("end")).intValue() == start + 19
                && "world-fact-error".equals(s.get("label"))), "the former US President span: " + spans);

        asAdmin().when().get(base + "/items/" + article + "/adjudication").then().statusCode(200)
                .body("annotations.findAll { it.label == 'world-fact-error' }.quote",
                        equalTo(List.of("former US President", "former US President")));

        asAdmin().when().get(base + "/stories/beijing-parade-2025").then().statusCode(200)
                .body("versions.size()", equalTo(5))
                .body("claims.find { it.inVersions.size() == 2 }.quote", equalTo(
                        "his first international level meeting with other leaders"))
                .body("singleVersionClaims.quote", hasItem("former US President"))
                .body("claims.size()", greaterThan(3));
        asAdmin().when().get(base + "/annotators").then().statusCode(200).body("total", equalTo(3));
        // The demo's coders came in through the annotation import, which makes them members.
        asAdmin().when().get(base + "/members").then().statusCode(200)
                .body("items.username", equalTo(List.of("coder-a", "coder-b", "coder-c")));
    }
}
