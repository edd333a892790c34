package io.crosscheck.database;

import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.TcpProxy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.crosscheck.testing.Fixtures.as;
import static io.crosscheck.testing.Fixtures.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * PostgreSQL becomes unreachable while the service runs (the proxy between them is cut: pooled connections break,
 * new ones are refused): every request that needs the database answers 503 problem+json with Retry-After — through
 * the endpoint and through the token lookup of the auth layer alike — and the service answers normally again once
 * the database is back, without a restart.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.Outage.class)
class DatabaseOutageTest {

    public static class Outage implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ProxiedDatabase.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            // Fail fast on a dry pool so each refused request takes a moment, not the default 5 s.
            return Map.of("quarkus.datasource.jdbc.acquisition-timeout", "2s");
        }
    }

    TcpProxy proxy;

    @AfterEach
    void databaseBack() throws IOException {
        proxy.open();
    }

    @Test
    void everyRequestAnswers503WithRetryAfterWhileTheDatabaseIsDownAndWorksAgainAfter() throws Exception {
        Fixtures.TestUser annotator = Fixtures.annotator();
        // The admin's token is now remembered: its next request reaches the endpoint without a token lookup.
        asAdmin().when().get("/api/v1/sources").then().statusCode(200);

        proxy.cut();

        assertOutage(asAdmin().when().get("/api/v1/sources"), "a read in the endpoint");
        assertOutage(asAdmin().body(Map.of("name", Fixtures.unique("outage"))).when().post("/api/v1/sources"),
                "a write in the endpoint");
        // Tokens not remembered must be looked up: the auth layer answers 503 too, never 401 or 500.
        assertOutage(as(annotator.token()).when().get("/api/v1/me"), "a token lookup");
        assertOutage(as("not-a-token-anyone-has").when().get("/api/v1/me"), "a token lookup of an unknown token");

        proxy.open();

        List<Integer> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            int status = asAdmin().when().get("/api/v1/sources").statusCode();
            if (status == 200) {
                break;
            }
            seen.add(status);
            if (status != 503) {
                fail("while reconnecting the service answered " + seen + "; only 503 may come before 200");
            }
            if (System.nanoTime() > deadline) {
                fail("the service did not recover within 60 s of the database coming back: " + seen);
            }
            Thread.sleep(200);
        }
        as(annotator.token()).when().get("/api/v1/me").then().statusCode(200).body("username", equalTo(annotator.username()));
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    private static void assertOutage(Response response, String what) {
        assertEquals(503, response.statusCode(), what + " while the database is down: " + response.asString());
        response.then()
                .header("Retry-After", equalTo("5"))
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(503))
                .body("title", equalTo("Service Unavailable"));
    }
}
