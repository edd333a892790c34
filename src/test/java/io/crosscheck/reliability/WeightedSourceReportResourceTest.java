package io.crosscheck.reliability;

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
 * The source report's {@code ?weightBy=lean} (SPEC §8, AllSides-style): two left raters score a source 5, one right
 * rater scores it 1. Counting raters, the mean is 11/3; weighting each lean equally it is (5 + 1) / 2 = 3, and the
 * label shares are half 5, half 1.
 */
@QuarkusTest
class WeightedSourceReportResourceTest {

    long project;
    String source;

    @BeforeEach
    void setUp() {
        project = Fixtures.project(Map.of("name", Fixtures.unique("weighted"), "annotatorsPerItem", 3,
                "raterAttributes", List.of(Map.of("name", "lean", "values", List.of("left", "center", "right"))),
                "layers", List.of(Fixtures.documentLayer("reliability", "interval", List.of("1", "2", "3", "4", "5")),
                        Fixtures.documentLayer("stance", "nominal", List.of("pro", "anti")))));
        source = Fixtures.unique("outlet");
        long sourceId = asAdmin().body(Map.of("name", source)).when().post("/api/v1/sources").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        List<Long> articles = List.of(Fixtures.article(sourceId, "One " + Fixtures.unique("t")),
                Fixtures.article(sourceId, "Two " + Fixtures.unique("t")));
        Fixtures.addItems(project, articles);
        String left1 = Fixtures.unique("l");
        String left2 = Fixtures.unique("l");
        String right = Fixtures.unique("r");
        List<Map<String, Object>> lines = new ArrayList<>();
        for (long a : articles) {
            lines.add(Map.of("articleId", a, "annotator", left1, "layer", "reliability", "label", "5"));
            lines.add(Map.of("articleId", a, "annotator", left2, "layer", "reliability", "label", "5"));
            lines.add(Map.of("articleId", a, "annotator", right, "layer", "reliability", "label", "1"));
        }
        Fixtures.importAnnotationLines(project, lines);
        JsonPath members = asAdmin().queryParam("size", 100).when().get("/api/v1/projects/" + project + "/members")
                .then().extract().jsonPath();
        for (String name : List.of(left1, left2, right)) {
            long id = members.getLong("items.find { it.username == '" + name + "' }.userId");
            asAdmin().body(Map.of("profile", Map.of("lean", name.startsWith("l") ? "left" : "right"))).when()
                    .put("/api/v1/projects/" + project + "/members/" + id).then().statusCode(200);
        }
    }

    @Test
    void eachLeanCountsOnceWhateverItsNumberOfRaters() {
        JsonPath r = asAdmin().queryParam("weightBy", "lean").queryParam("replicates", 200).when()
                .get("/api/v1/projects/" + project + "/sources/report").then().statusCode(200).extract().jsonPath();
        String row = "sources.find { it.source == '" + source + "' }.weightedBy.";
        assertEquals("lean", r.getString(row + "attribute"));
        String reliability = row + "layers.find { it.layer == 'reliability' }.";
        assertEquals(3.0, r.getDouble(reliability + "meanScore.value"), 1e-9);
        assertEquals(0.5, r.getDouble(reliability + "distribution.'5'"), 1e-9);
        assertEquals(0.5, r.getDouble(reliability + "distribution.'1'"), 1e-9);
        assertEquals(0.0, r.getDouble(reliability + "distribution.'3'"), 1e-9);
        assertEquals(Map.of("left", 2, "center", 0, "right", 1), r.getMap(reliability + "ratersByGroup"));
        // nominal layer: shares only, and nobody labeled stance here
        assertNull(r.get(row + "layers.find { it.layer == 'stance' }.meanScore"));
        assertNull(r.get(row + "layers.find { it.layer == 'stance' }.distribution.pro"));
    }

    @Test
    void withoutWeightByThereIsNoWeightedSectionAndAnUnknownAttributeIs400() {
        asAdmin().queryParam("replicates", 100).when().get("/api/v1/projects/" + project + "/sources/report").then()
                .statusCode(200).body("sources[0].weightedBy", equalTo(null));
        asAdmin().queryParam("weightBy", "age").when().get("/api/v1/projects/" + project + "/sources/report").then()
                .statusCode(400).contentType("application/problem+json").body("parameter", equalTo("weightBy"));
    }
}
