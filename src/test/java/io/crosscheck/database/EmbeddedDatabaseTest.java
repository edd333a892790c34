package io.crosscheck.database;

import io.crosscheck.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The newcomer's path: no DB_URL, so the application starts its own embedded PostgreSQL, migrates it and serves.
 * CI sets DB_URL for everything else; this class forces the embedded default so that path never rots.
 */
@QuarkusTest
@TestProfile(EmbeddedDatabaseTest.Embedded.class)
class EmbeddedDatabaseTest {

    public static class Embedded implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.url", "embedded",
                    "quarkus.datasource.username", "postgres",
                    "crosscheck.data-dir", "target/embedded-test-data");
        }
    }

    @Test
    void startsOnTheEmbeddedServerAndServesTheApi() {
        assertTrue(EmbeddedDatabase.isRunning(), "the embedded PostgreSQL was started");
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        long source = Fixtures.source();
        String text = "Stored in the embedded database 👍 " + Fixtures.unique("x");
        long article = Fixtures.article(source, text);
        Fixtures.asAdmin().when().get("/api/v1/articles/" + article).then().statusCode(200)
                .body("length", equalTo(text.codePointCount(0, text.length())));
    }
}
