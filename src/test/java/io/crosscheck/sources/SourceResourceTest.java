package io.crosscheck.sources;

import io.crosscheck.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.crosscheck.testing.Fixtures.as;
import static io.crosscheck.testing.Fixtures.asAdmin;
import static io.crosscheck.testing.Fixtures.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class SourceResourceTest {

    @Test
    void supervisorCreatesAndReadsASource() {
        var supervisor = Fixtures.supervisor();
        String name = unique("CNN");
        long id = as(supervisor.token()).body(Map.of("name", name, "domain", "cnn.com", "kind", "outlet"))
                .when().post("/api/v1/sources")
                .then().statusCode(201).body("id", notNullValue()).body("name", equalTo(name))
                .extract().jsonPath().getLong("id");
        as(supervisor.token()).when().get("/api/v1/sources/" + id)
                .then().statusCode(200).body("domain", equalTo("cnn.com")).body("kind", equalTo("outlet"));
    }

    @Test
    void kindDefaultsToOutlet() {
        asAdmin().body(Map.of("name", unique("s")))
                .when().post("/api/v1/sources")
                .then().statusCode(201).body("kind", equalTo("outlet"));
    }

    @Test
    void duplicateNameIs409WithExistingId() {
        String name = unique("dup");
        long id = asAdmin().body(Map.of("name", name)).when().post("/api/v1/sources")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        asAdmin().body(Map.of("name", name)).when().post("/api/v1/sources")
                .then().statusCode(409).contentType("application/problem+json")
                .body("existingId", equalTo((int) id));
    }

    @Test
    void unknownKindIs400() {
        asAdmin().body(Map.of("name", unique("s"), "kind", "tabloid"))
                .when().post("/api/v1/sources")
                .then().statusCode(400).body("errors.field", hasItem("kind"));
    }

    @Test
    void unknownSourceIs404() {
        asAdmin().when().get("/api/v1/sources/987654321")
                .then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404)).body("title", equalTo("Not Found"));
    }

    @Test
    void annotatorsMayNotListSources() {
        as(Fixtures.annotator().token()).when().get("/api/v1/sources").then().statusCode(403);
    }
}
