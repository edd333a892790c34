package io.crosscheck.agreement;

import io.crosscheck.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.crosscheck.testing.Fixtures.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@code /agreement?groupBy=lean} (SPEC §8): two left raters who always agree, two right raters who always agree,
 * and the two sides always opposed. Within each side α = 1 and κ = 1; between the sides every cross pair has κ = −1
 * (each rater's marginals are 50/50, observed agreement 0: κ = (0 − ½)/(1 − ½)). The group without raters is there,
 * with nothing defined.
 */
@QuarkusTest
class GroupedAgreementResourceTest {

    long project;
    String left1;
    String left2;
    String right1;
    String right2;

    @BeforeEach
    void setUp() {
        project = Fixtures.project(Map.of("name", Fixtures.unique("groups"), "annotatorsPerItem", 4,
                "raterAttributes", List.of(Map.of("name", "lean", "values", List.of("left", "center", "right"))),
                "layers", List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "anti")))));
        long source = Fixtures.source();
        List<Long> articles = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            articles.add(Fixtures.article(source, "Grouped item " + i + " " + Fixtures.unique("t")));
        }
        Fixtures.addItems(project, articles);
        left1 = Fixtures.unique("l1");
        left2 = Fixtures.unique("l2");
        right1 = Fixtures.unique("r1");
        right2 = Fixtures.unique("r2");
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String leftLabel = i % 2 == 0 ? "pro" : "anti";
            String rightLabel = i % 2 == 0 ? "anti" : "pro";
            for (String l : List.of(left1, left2)) {
                lines.add(Map.of("articleId", articles.get(i), "annotator", l, "layer", "stance", "label", leftLabel));
            }
            for (String r : List.of(right1, right2)) {
                lines.add(Map.of("articleId", articles.get(i), "annotator", r, "layer", "stance", "label", rightLabel));
            }
        }
        Fixtures.importAnnotationLines(project, lines);
        JsonPath members = asAdmin().queryParam("size", 100).when().get("/api/v1/projects/" + project + "/members")
                .then().extract().jsonPath();
        for (String name : List.of(left1, left2, right1, right2)) {
            long id = members.getLong("items.find { it.username == '" + name + "' }.userId");
            asAdmin().body(Map.of("profile", Map.of("lean", name.startsWith("l") ? "left" : "right"))).when()
                    .put("/api/v1/projects/" + project + "/members/" + id).then().statusCode(200);
        }
    }

    @Test
    void withinEachGroupTheyAgreeAndBetweenTheGroupsTheyAreOpposed() {
        JsonPath r = asAdmin().queryParam("layer", "stance").queryParam("groupBy", "lean")
                .when().get("/api/v1/projects/" + project + "/agreement").then().statusCode(200)
                .body("layer", equalTo("stance")).body("annotators", equalTo(4)).body("groupBy", equalTo("lean"))
                .body("groups.group", equalTo(List.of("left", "center", "right")))
                .extract().jsonPath();
        assertEquals(1.0, r.getDouble("groups[0].agreement.krippendorffAlpha"), 1e-9);
        assertEquals(1.0, r.getDouble("groups[0].agreement.meanPairwiseCohenKappa"), 1e-9);
        assertEquals(2, r.getInt("groups[0].raters"));
        assertEquals(0, r.getInt("groups[1].raters"));
        assertNull(r.get("groups[1].agreement.krippendorffAlpha"));
        assertEquals(1.0, r.getDouble("groups[2].agreement.krippendorffAlpha"), 1e-9);
        assertEquals(4, r.getInt("betweenGroups.find { it.a == 'left' && it.b == 'right' }.pairs"));
        assertEquals(-1.0, r.getDouble("betweenGroups.find { it.a == 'left' && it.b == 'right' }.meanPairwiseCohenKappa"), 1e-9);
        assertEquals(0, r.getInt("betweenGroups.find { it.a == 'left' && it.b == 'center' }.pairs"));
        // the overall figure is the usual one: four raters, two camps, α well below zero agreement
        assertEquals(r.getDouble("krippendorffAlpha"), asAdmin().queryParam("layer", "stance").when()
                .get("/api/v1/projects/" + project + "/agreement").then().extract().jsonPath().getDouble("krippendorffAlpha"), 1e-12);
    }

    @Test
    void anUnknownAttributeIs400() {
        asAdmin().queryParam("layer", "stance").queryParam("groupBy", "age").when()
                .get("/api/v1/projects/" + project + "/agreement").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("groupBy"));
    }

    @Test
    void everyLayerAtOnceIsAListOfGroupedReports() {
        asAdmin().queryParam("groupBy", "lean").when().get("/api/v1/projects/" + project + "/agreement")
                .then().statusCode(200).body("size()", equalTo(1)).body("[0].groups.size()", equalTo(3));
    }
}
