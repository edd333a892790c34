package io.crosscheck.projects;

import io.crosscheck.testing.Db;
import io.crosscheck.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
class ProjectLayersResourceTest {

    static final String PROBLEM = "application/problem+json";

    @Inject
    DataSource dataSource;

    long projectId;
    long articleId;

    static Map<String, Object> layer(String name, String scope, String measurement, List<String> labels,
                                     List<Map<String, Object>> attributes) {
        return Map.of("name", name, "scope", scope, "measurement", measurement, "labels", labels, "attributes", attributes);
    }

    static Map<String, Object> stance(List<String> labels) {
        return layer("stance", "document", "nominal", labels, List.of());
    }

    static Map<String, Object> reliability(List<String> labels) {
        return layer("reliability", "document", "ordinal", labels, List.of());
    }

    static Map<String, Object> claims(List<String> labels, List<Map<String, Object>> attributes) {
        return layer("claims", "span", "nominal", labels, attributes);
    }

    static final List<Map<String, Object>> SEVERITY = List.of(Map.of("name", "severity", "type", "int"));

    List<Map<String, Object>> original() {
        return List.of(stance(List.of("pro", "neutral", "anti")), reliability(List.of("1", "2", "3")),
                claims(List.of("unsupported", "contradicted"), SEVERITY));
    }

    @BeforeEach
    void setUp() {
        projectId = Fixtures.project(2, original());
        articleId = Fixtures.article(Fixtures.source(), "The president spoke at length. " + Fixtures.unique("x"));
    }

    ValidatableResponse putLayers(List<Map<String, Object>> layers) {
        return Fixtures.asAdmin().body(Map.of("layers", layers)).when().put("/api/v1/projects/" + projectId + "/layers").then();
    }

    void annotate(String... lines) {
        StringBuilder body = new StringBuilder();
        for (String line : lines) {
            body.append("{\"articleId\": ").append(articleId).append(", \"annotator\": \"").append(Fixtures.unique("coder"))
                    .append("\", ").append(line).append("}\n");
        }
        given().header("Authorization", "Bearer " + Fixtures.ADMIN_TOKEN).contentType("application/x-ndjson")
                .body(body.toString().getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/projects/" + projectId + "/annotations/import")
                .then().statusCode(200).body("failed", equalTo(0));
    }

    static List<Map<String, Object>> replace(List<Map<String, Object>> layers, int index, Map<String, Object> layer) {
        List<Map<String, Object>> copy = new ArrayList<>(layers);
        copy.set(index, layer);
        return copy;
    }

    void conflict(ValidatableResponse response, String detailPart) {
        response.statusCode(409).contentType(PROBLEM).body("detail", containsString(detailPart));
        // Refused changes change nothing.
        Fixtures.asAdmin().when().get("/api/v1/projects/" + projectId).then().statusCode(200)
                .body("schemaVersion", equalTo(1)).body("layers", hasSize(3))
                .body("layers[1].labels.value", equalTo(List.of("1", "2", "3")));
    }

    @Nested
    class GuidelinesAndLabelDescriptions {

        Map<String, Object> describedStance(String guidelines, String proDescription) {
            return Map.of("name", "stance", "scope", "document", "measurement", "nominal", "guidelines", guidelines,
                    "labels", List.of(Map.of("value", "pro", "description", proDescription, "key", "p"),
                            "neutral", Map.of("value", "anti", "key", "a")));
        }

        @Test
        void labelsGivenAsObjectsKeepTheirDescriptionsAndKeysAndTheLayerItsGuidelines() {
            annotate("\"layer\": \"stance\", \"label\": \"pro\"");
            putLayers(replace(original(), 0, describedStance("# Stance\nThe article's overall position.", "In favour")))
                    .statusCode(200).body("schemaVersion", equalTo(2))
                    .body("layers[0].guidelines", equalTo("# Stance\nThe article's overall position."))
                    .body("layers[0].labels.value", equalTo(List.of("pro", "neutral", "anti")))
                    .body("layers[0].labels.description", equalTo(java.util.Arrays.asList("In favour", null, null)))
                    .body("layers[0].labels.key", equalTo(java.util.Arrays.asList("p", null, "a")));
        }

        @Test
        void changingOnlyTheGuidelinesIsANewSchemaVersion() {
            putLayers(replace(original(), 0, describedStance("v1", "In favour"))).statusCode(200)
                    .body("schemaVersion", equalTo(2));
            putLayers(replace(original(), 0, describedStance("v1", "In favour"))).statusCode(200)
                    .body("schemaVersion", equalTo(2));
            putLayers(replace(original(), 0, describedStance("v2", "In favour"))).statusCode(200)
                    .body("schemaVersion", equalTo(3)).body("layers[0].guidelines", equalTo("v2"));
            putLayers(replace(original(), 0, describedStance("v2", "Supports the policy"))).statusCode(200)
                    .body("schemaVersion", equalTo(4)).body("layers[0].labels[0].description", equalTo("Supports the policy"));
        }

        @Test
        void aKeyGivenToTwoLabelsOfALayerIs422() {
            Map<String, Object> layer = Map.of("name", "stance", "scope", "document", "measurement", "nominal",
                    "labels", List.of(Map.of("value", "pro", "key", "x"), Map.of("value", "anti", "key", "x")));
            putLayers(replace(original(), 0, layer)).statusCode(422).contentType(PROBLEM)
                    .body("detail", containsString("key 'x'"));
        }

        @Test
        void aKeyOfMoreThanOneCharacterIs400() {
            Map<String, Object> layer = Map.of("name", "stance", "scope", "document", "measurement", "nominal",
                    "labels", List.of(Map.of("value", "pro", "key", "pp")));
            putLayers(replace(original(), 0, layer)).statusCode(400).contentType(PROBLEM);
        }
    }

    @Nested
    class Allowed {

        @Test
        void addingLayersLabelsAndAttributesToAnAnnotatedProjectIs200AndBumpsSchemaVersion() {
            annotate("\"layer\": \"stance\", \"label\": \"pro\"", "\"layer\": \"reliability\", \"label\": \"2\"",
                    "\"layer\": \"claims\", \"label\": \"unsupported\", \"start\": 4, \"end\": 13, \"attributes\": {\"severity\": 2}");
            List<Map<String, Object>> layers = new ArrayList<>(List.of(
                    stance(List.of("pro", "neutral", "anti", "mixed")),
                    reliability(List.of("0", "1", "2", "3", "4")),
                    claims(List.of("unsupported", "contradicted", "world-fact-error"),
                            List.of(Map.of("name", "severity", "type", "int"), Map.of("name", "asOf", "type", "date"))),
                    layer("framing", "span", "nominal", List.of("Economic"), List.of())));
            putLayers(layers).statusCode(200).contentType("application/json")
                    .body("schemaVersion", equalTo(2)).body("layers", hasSize(4))
                    .body("layers[0].labels.value", equalTo(List.of("pro", "neutral", "anti", "mixed")))
                    .body("layers[1].labels.value", equalTo(List.of("0", "1", "2", "3", "4")))
                    .body("layers[2].attributes.name", equalTo(List.of("asOf", "severity")))
                    .body("layers[3].name", equalTo("framing"));
            // Stored annotations are untouched and still readable through the new schema.
            annotate("\"layer\": \"stance\", \"label\": \"mixed\"");
        }

        @Test
        void theSameLayerListAgainChangesNothing() {
            putLayers(original()).statusCode(200).body("schemaVersion", equalTo(1));
        }

        @Test
        void removingAndChangingUnusedThingsIsAllowed() {
            annotate("\"layer\": \"stance\", \"label\": \"pro\"");
            putLayers(List.of(
                    stance(List.of("anti", "pro")),
                    layer("reliability", "document", "interval", List.of("3", "1"), List.of()),
                    layer("claims", "document", "nominal", List.of("unsupported"), List.of())))
                    .statusCode(200).body("schemaVersion", equalTo(2))
                    .body("layers[0].labels.value", equalTo(List.of("anti", "pro")))
                    .body("layers[1].measurement", equalTo("interval"))
                    .body("layers[2].scope", equalTo("document")).body("layers[2].attributes", hasSize(0));
        }

        @Test
        void removingAnUnusedLayerAndReorderingLayersIsAllowed() {
            annotate("\"layer\": \"stance\", \"label\": \"pro\"");
            putLayers(List.of(claims(List.of("unsupported", "contradicted"), SEVERITY), stance(List.of("pro", "neutral", "anti"))))
                    .statusCode(200).body("layers.name", equalTo(List.of("claims", "stance"))).body("schemaVersion", equalTo(2));
        }

        @Test
        void reorderingLabelsOfAUsedNominalLayerIsAllowed() {
            annotate("\"layer\": \"stance\", \"label\": \"pro\"");
            putLayers(replace(original(), 0, stance(List.of("anti", "neutral", "pro")))).statusCode(200)
                    .body("layers[0].labels.value", equalTo(List.of("anti", "neutral", "pro")));
        }

        @Test
        void supervisorMayChangeLayers() {
            Fixtures.as(Fixtures.supervisor().token()).body(Map.of("layers", original()))
                    .when().put("/api/v1/projects/" + projectId + "/layers").then().statusCode(200);
        }

        @Test
        void layerChangeIsAudited() {
            putLayers(replace(original(), 0, stance(List.of("pro", "neutral", "anti", "mixed")))).statusCode(200);
            Fixtures.asAdmin().queryParam("projectId", projectId).when().get("/api/v1/audit").then().statusCode(200)
                    .body("items.find { it.action == 'update-layers' }.entityId", equalTo((int) projectId));
        }
    }

    @Nested
    class Refused {

        @Test
        void removingAUsedLayerIs409() {
            annotate("\"layer\": \"reliability\", \"label\": \"2\"");
            conflict(putLayers(List.of(original().get(0), original().get(2))), "layer 'reliability' is removed");
        }

        @Test
        void removingAUsedLabelIs409() {
            annotate("\"layer\": \"stance\", \"label\": \"neutral\"");
            conflict(putLayers(replace(original(), 0, stance(List.of("pro", "anti")))), "label 'neutral' of layer 'stance'");
        }

        @Test
        void changingTheScopeOfAUsedLayerIs409() {
            annotate("\"layer\": \"claims\", \"label\": \"unsupported\", \"start\": 0, \"end\": 3");
            conflict(putLayers(replace(original(), 2, layer("claims", "document", "nominal",
                    List.of("unsupported", "contradicted"), SEVERITY))), "changes scope");
        }

        @Test
        void changingTheMeasurementOfAUsedLayerIs409() {
            annotate("\"layer\": \"reliability\", \"label\": \"2\"");
            conflict(putLayers(replace(original(), 1, layer("reliability", "document", "interval", List.of("1", "2", "3"),
                    List.of()))), "changes measurement");
        }

        @Test
        void reorderingLabelsOfAUsedOrdinalLayerIs409() {
            annotate("\"layer\": \"reliability\", \"label\": \"2\"");
            conflict(putLayers(replace(original(), 1, reliability(List.of("3", "2", "1")))), "reordered");
        }

        @Test
        void removingAUsedAttributeIs409() {
            annotate("\"layer\": \"claims\", \"label\": \"unsupported\", \"start\": 0, \"end\": 3, \"attributes\": {\"severity\": 3}");
            conflict(putLayers(replace(original(), 2, claims(List.of("unsupported", "contradicted"), List.of()))),
                    "attribute 'severity'");
        }

        @Test
        void changingTheTypeOfAUsedAttributeIs409() {
            annotate("\"layer\": \"claims\", \"label\": \"unsupported\", \"start\": 0, \"end\": 3, \"attributes\": {\"severity\": 3}");
            conflict(putLayers(replace(original(), 2, claims(List.of("unsupported", "contradicted"),
                    List.of(Map.of("name", "severity", "type", "string"))))), "changes type");
        }

        @Test
        void removingALabelUsedOnlyByGoldIs409() {
            Fixtures.addItems(projectId, List.of(articleId));
            Db db = new Db(dataSource);
            db.update("insert into adjudication (project_id, item_id, article_id, version, adjudicator_id) "
                    + "select ?, i.id, i.article_id, 1, (select min(id) from app_user) from project_item i "
                    + "where i.project_id = ? and i.article_id = ?", projectId, projectId, articleId);
            db.update("insert into gold_annotation (adjudication_id, layer_id, label) select d.id, l.id, 'anti' "
                    + "from adjudication d join layer l on l.project_id = d.project_id and l.name = 'stance' "
                    + "where d.project_id = ?", projectId);
            conflict(putLayers(replace(original(), 0, stance(List.of("pro", "neutral")))), "label 'anti'");
        }

        @Test
        void everyBlockerIsNamed() {
            annotate("\"layer\": \"stance\", \"label\": \"neutral\"", "\"layer\": \"reliability\", \"label\": \"2\"");
            putLayers(List.of(stance(List.of("pro", "anti")), claims(List.of("unsupported"), SEVERITY)))
                    .statusCode(409).body("blockers", hasSize(2));
        }

        @Test
        void emptyLayerListIs400() {
            putLayers(List.of()).statusCode(400).contentType(PROBLEM);
        }

        @Test
        void invalidLayerIs400() {
            putLayers(List.of(Map.of("name", "x", "scope", "paragraph", "measurement", "nominal", "labels", List.of("a"))))
                    .statusCode(400).contentType(PROBLEM);
        }

        @Test
        void duplicateLayerNamesAre422() {
            putLayers(List.of(original().get(0), original().get(0))).statusCode(422).contentType(PROBLEM);
        }

        @Test
        void nonNumericIntervalLabelsAre422() {
            putLayers(replace(original(), 1, layer("reliability", "document", "interval", List.of("low", "high"), List.of())))
                    .statusCode(422).contentType(PROBLEM);
        }

        @Test
        void unknownProjectIs404() {
            Fixtures.asAdmin().body(Map.of("layers", original())).when().put("/api/v1/projects/999999999/layers")
                    .then().statusCode(404).contentType(PROBLEM);
        }

        @Test
        void annotatorGets403() {
            Fixtures.as(Fixtures.annotator().token()).body(Map.of("layers", original()))
                    .when().put("/api/v1/projects/" + projectId + "/layers").then().statusCode(403).contentType(PROBLEM);
        }
    }

    @Nested
    class Items {

        @Test
        void addingAnArticleTwiceIsANoOp() {
            Fixtures.asAdmin().body(Map.of("articleIds", List.of(articleId, articleId))).when()
                    .post("/api/v1/projects/" + projectId + "/items").then().statusCode(200).body("added", equalTo(1));
            Fixtures.asAdmin().body(Map.of("articleIds", List.of(articleId))).when()
                    .post("/api/v1/projects/" + projectId + "/items").then().statusCode(200).body("added", equalTo(0));
            Fixtures.asAdmin().when().get("/api/v1/projects/" + projectId + "/items").then().statusCode(200)
                    .body("total", equalTo(1));
        }

        @Test
        void removingAnItemWithWorkIs409() {
            annotate("\"layer\": \"stance\", \"label\": \"pro\"");
            Fixtures.asAdmin().when().delete("/api/v1/projects/" + projectId + "/items/" + articleId)
                    .then().statusCode(409).contentType(PROBLEM);
            Fixtures.asAdmin().when().get("/api/v1/projects/" + projectId + "/items").then().body("total", equalTo(1));
        }

        @Test
        void removingAnItemWithoutWorkIs204() {
            Fixtures.addItems(projectId, List.of(articleId));
            Fixtures.asAdmin().when().delete("/api/v1/projects/" + projectId + "/items/" + articleId).then().statusCode(204);
            Fixtures.asAdmin().when().get("/api/v1/projects/" + projectId + "/items").then().body("total", equalTo(0));
        }

        @Test
        void removingAnArticleThatIsNoItemIs404() {
            Fixtures.asAdmin().when().delete("/api/v1/projects/" + projectId + "/items/" + articleId)
                    .then().statusCode(404).contentType(PROBLEM);
        }
    }
}
