package io.crosscheck.projects;

import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.Fixtures.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.crosscheck.testing.Fixtures.as;
import static io.crosscheck.testing.Fixtures.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * What an annotator may read: {@code /me/projects}, {@code /projects/{id}/schema} and the layers in queue/next — the
 * schema with guidelines, descriptions and keys, and the caller's own progress, never anyone else's work or the source.
 */
@QuarkusTest
class SchemaResourceTest {

    static final String PROBLEM = "application/problem+json";

    static final Map<String, Object> CLAIMS = Map.of("name", "claims", "scope", "span", "measurement", "nominal",
            "guidelines", "Mark **claims** the text does not support.",
            "labels", List.of(Map.of("value", "unsupported", "description", "No support in the text", "key", "u"),
                    "contradicted"),
            "attributes", List.of(Map.of("name", "severity", "type", "int")));
    static final Map<String, Object> STANCE = Fixtures.documentLayer("stance", "nominal", List.of("pro", "anti"));

    long projectId;
    List<Long> articles;

    @BeforeEach
    void project() {
        Map<String, Object> body = new HashMap<>();
        body.put("name", Fixtures.unique("schema"));
        body.put("annotatorsPerItem", 2);
        body.put("blindSources", true);
        body.put("layers", List.of(STANCE, CLAIMS));
        projectId = Fixtures.project(body);
        long source = Fixtures.source();
        articles = List.of(Fixtures.article(source, "One text " + Fixtures.unique("a")),
                Fixtures.article(source, "Two text " + Fixtures.unique("a")),
                Fixtures.article(source, "Three text " + Fixtures.unique("a")));
        Fixtures.addItems(projectId, articles);
    }

    String schema() {
        return "/api/v1/projects/" + projectId + "/schema";
    }

    @Nested
    class Schema {

        @Test
        void aMemberReadsLayersGuidelinesDescriptionsKeysAndAttributes() {
            TestUser ann = Fixtures.member(projectId);
            as(ann.token()).when().get(schema()).then().statusCode(200)
                    .body("id", equalTo((int) projectId)).body("blindSources", equalTo(true))
                    .body("layers.name", equalTo(List.of("stance", "claims")))
                    .body("layers[1].guidelines", equalTo("Mark **claims** the text does not support."))
                    .body("layers[1].labels[0].value", equalTo("unsupported"))
                    .body("layers[1].labels[0].description", equalTo("No support in the text"))
                    .body("layers[1].labels[0].key", equalTo("u"))
                    .body("layers[1].labels[1].value", equalTo("contradicted"))
                    .body("layers[1].attributes[0].name", equalTo("severity"))
                    .body("progress.submitted", equalTo(0)).body("progress.inProgress", equalTo(0))
                    .body("progress.available", equalTo(3));
        }

        @Test
        void aNonMemberAnnotatorIsToldTheProjectDoesNotExist() {
            as(Fixtures.annotator().token()).when().get(schema()).then().statusCode(404).contentType(PROBLEM);
        }

        @Test
        void supervisorsAndAdminsReadAnySchema() {
            as(Fixtures.supervisor().token()).when().get(schema()).then().statusCode(200)
                    .body("layers.name", equalTo(List.of("stance", "claims")));
            asAdmin().when().get(schema()).then().statusCode(200);
        }

        @Test
        void progressCountsOnlyTheCallersOwnWork() {
            TestUser ann = Fixtures.member(projectId);
            TestUser other = Fixtures.member(projectId);
            long mine = as(ann.token()).when().post("/api/v1/projects/" + projectId + "/queue/next")
                    .then().statusCode(200).extract().jsonPath().getLong("assignmentId");
            as(ann.token()).when().post("/api/v1/assignments/" + mine + "/submit").then().statusCode(200);
            as(ann.token()).when().post("/api/v1/projects/" + projectId + "/queue/next").then().statusCode(200);
            // The other member fills the first item (k = 2): it is gone for nobody else but counts for nobody else either.
            as(other.token()).when().post("/api/v1/projects/" + projectId + "/queue/next").then().statusCode(200);

            as(ann.token()).when().get(schema()).then().statusCode(200)
                    .body("progress.submitted", equalTo(1)).body("progress.inProgress", equalTo(1))
                    .body("progress.available", equalTo(1));
            as(other.token()).when().get(schema()).then().statusCode(200)
                    .body("progress.submitted", equalTo(0)).body("progress.inProgress", equalTo(1))
                    .body("progress.available", equalTo(2));
        }

        @Test
        void theSchemaCarriesNoSourceAndNoAnnotations() {
            TestUser ann = Fixtures.member(projectId);
            String body = as(ann.token()).when().get(schema()).then().statusCode(200).extract().asString();
            assertFalse(body.contains("\"source"), body);
            assertFalse(body.contains("\"annotations\""), body);
        }
    }

    @Nested
    class MyProjects {

        @Test
        void anAnnotatorSeesExactlyTheProjectsTheyAreAMemberOf() {
            TestUser ann = Fixtures.member(projectId);
            as(ann.token()).when().get("/api/v1/me/projects").then().statusCode(200)
                    .body("items.id", hasItem((int) projectId))
                    .body("items.find { it.id == " + projectId + " }.progress.available", equalTo(3))
                    .body("items.find { it.id == " + projectId + " }.layers[1].labels[0].key", equalTo("u"));
            // Open projects are every annotator's; members-only ones are not.
            JsonPath outsider = as(Fixtures.annotator().token()).when().get("/api/v1/me/projects")
                    .then().statusCode(200).extract().jsonPath();
            assertFalse(outsider.getList("items.id", Integer.class).contains((int) projectId));
            outsider.getList("items.access", String.class).forEach(a -> assertEquals("open", a));
        }

        @Test
        void anOpenProjectIsListedForEveryAnnotator() {
            Map<String, Object> body = new HashMap<>();
            body.put("name", Fixtures.unique("open"));
            body.put("annotatorsPerItem", 1);
            body.put("access", "open");
            body.put("layers", List.of(STANCE));
            long open = Fixtures.project(body);
            as(Fixtures.annotator().token()).queryParam("size", 1000).when().get("/api/v1/me/projects")
                    .then().statusCode(200).body("items.id", hasItem((int) open));
            as(Fixtures.supervisor().token()).queryParam("size", 1000).when().get("/api/v1/me/projects")
                    .then().statusCode(200).body("items.id", not(hasItem((int) open)));
        }
    }

    @Nested
    class QueueNext {

        @Test
        void nextCarriesTheLayersSoAClientNeedsNoOtherCall() {
            TestUser ann = Fixtures.member(projectId);
            as(ann.token()).when().post("/api/v1/projects/" + projectId + "/queue/next").then().statusCode(200)
                    .body("schemaVersion", equalTo(1))
                    .body("layers.name", equalTo(List.of("stance", "claims")))
                    .body("layers[1].labels[0].description", equalTo("No support in the text"))
                    .body("layers[1].guidelines", equalTo("Mark **claims** the text does not support."));
        }

        @Test
        void nextAfterASchemaChangeCarriesTheNewLayers() {
            TestUser ann = Fixtures.member(projectId);
            as(ann.token()).when().post("/api/v1/projects/" + projectId + "/queue/next").then().statusCode(200)
                    .body("layers[0].labels.value", equalTo(List.of("pro", "anti")));
            asAdmin().body(Map.of("layers", List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "anti", "mixed")),
                    CLAIMS))).when().put("/api/v1/projects/" + projectId + "/layers").then().statusCode(200);
            as(ann.token()).when().post("/api/v1/projects/" + projectId + "/queue/next").then().statusCode(200)
                    .body("schemaVersion", equalTo(2))
                    .body("layers[0].labels.value", equalTo(List.of("pro", "anti", "mixed")));
        }
    }

    @Nested
    class DatasetCard {

        @Test
        void theCardCarriesTheGuidelinesAndLabelDescriptionsTheAnnotatorsWorkedFrom() {
            asAdmin().when().get("/api/v1/projects/" + projectId + "/export/card?format=jsonl").then().statusCode(200)
                    .body("project.layers[1].guidelines", equalTo("Mark **claims** the text does not support."))
                    .body("project.layers[1].labelDescriptions", equalTo(Map.of("unsupported", "No support in the text")))
                    .body("project.layers[1].labels", equalTo(List.of("unsupported", "contradicted")))
                    .body("project.layers[0].labelDescriptions", equalTo(Map.of()));
        }
    }

    @Nested
    class UnknownLabel {

        @Test
        void anUnknownLabelIs422ListingTheLayersLabels() {
            TestUser ann = Fixtures.member(projectId);
            long assignment = as(ann.token()).when().post("/api/v1/projects/" + projectId + "/queue/next")
                    .then().statusCode(200).extract().jsonPath().getLong("assignmentId");
            as(ann.token()).body(Map.of("layer", "stance", "label", "maybe"))
                    .when().post("/api/v1/assignments/" + assignment + "/annotations").then().statusCode(422)
                    .contentType(PROBLEM)
                    .body("detail", equalTo("unknown label 'maybe' on layer 'stance'; its labels are [pro, anti]"))
                    .body("labels", equalTo(List.of("pro", "anti")))
                    .body("errors[0].field", equalTo("label"));
        }
    }
}
