package io.crosscheck.common;

import io.crosscheck.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.crosscheck.testing.Fixtures.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Deny by default, proved over every endpoint the OpenAPI document lists (so endpoints added later are covered
 * without touching this test): no token and a bad token are 401 problem+json everywhere under /api/v1.
 */
@QuarkusTest
class AuthMatrixTest {

    record Endpoint(String method, String path, String contentType) {
        Endpoint(String method, String path) {
            this(method, path, "application/json");
        }

        String concretePath() {
            return path.replaceAll("\\{[^}]+}", "1");
        }
    }

    static List<Endpoint> apiEndpoints() {
        JsonPath openapi = given().accept("application/json").when().get("/q/openapi?format=json")
                .then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = openapi.getMap("paths");
        List<Endpoint> endpoints = new ArrayList<>();
        paths.forEach((path, operations) -> {
            if (path.startsWith("/api/v1")) {
                operations.forEach((method, operation) -> {
                    if (List.of("get", "post", "put", "delete", "patch").contains(method)) {
                        endpoints.add(new Endpoint(method.toUpperCase(), path, requestContentType(operation)));
                    }
                });
            }
        });
        assertFalse(endpoints.isEmpty(), "the OpenAPI document lists the API");
        return endpoints;
    }

    /** The body type the operation consumes, so that content negotiation (415) cannot answer before security. */
    @SuppressWarnings("unchecked")
    static String requestContentType(Object operation) {
        Object body = ((Map<String, Object>) operation).get("requestBody");
        if (body instanceof Map<?, ?> b && b.get("content") instanceof Map<?, ?> content && !content.isEmpty()) {
            return (String) content.keySet().iterator().next();
        }
        return "application/json";
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointWithoutTokenIs401() {
        return apiEndpoints().stream().map(e -> DynamicTest.dynamicTest(e.method() + " " + e.path(), () ->
                given().contentType(e.contentType()).body("{}".getBytes()).when().request(e.method(), e.concretePath())
                        .then().statusCode(401).contentType("application/problem+json")
                        .header("WWW-Authenticate", "Bearer")));
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointWithABadTokenIs401() {
        return apiEndpoints().stream().map(e -> DynamicTest.dynamicTest(e.method() + " " + e.path(), () ->
                given().header("Authorization", "Bearer not-a-real-token").contentType(e.contentType()).body("{}".getBytes())
                        .when().request(e.method(), e.concretePath())
                        .then().statusCode(401).contentType("application/problem+json")));
    }

    @Test
    void nonBearerSchemeIs401() {
        given().header("Authorization", "Basic YWRtaW46YWRtaW4=").when().get("/api/v1/me")
                .then().statusCode(401).contentType("application/problem+json");
    }

    /** Endpoints reserved for supervisors and admins: an annotator gets 403, a supervisor gets past the role check. */
    @TestFactory
    Stream<DynamicTest> supervisorEndpointsForbidAnnotators() {
        String annotator = Fixtures.annotator().token();
        String supervisor = Fixtures.supervisor().token();
        List<Endpoint> supervisorOnly = List.of(
                new Endpoint("GET", "/api/v1/sources"), new Endpoint("POST", "/api/v1/sources"),
                new Endpoint("GET", "/api/v1/sources/{id}"),
                new Endpoint("GET", "/api/v1/articles"), new Endpoint("POST", "/api/v1/articles"),
                new Endpoint("GET", "/api/v1/articles/{id}"),
                new Endpoint("GET", "/api/v1/projects"), new Endpoint("POST", "/api/v1/projects"),
                new Endpoint("GET", "/api/v1/projects/{id}"), new Endpoint("POST", "/api/v1/projects/{id}/items"),
                new Endpoint("GET", "/api/v1/projects/{id}/items"), new Endpoint("GET", "/api/v1/audit"),
                new Endpoint("GET", "/api/v1/projects/{id}/members"), new Endpoint("POST", "/api/v1/projects/{id}/members"),
                new Endpoint("DELETE", "/api/v1/projects/{id}/members/{userId}"),
                new Endpoint("GET", "/api/v1/projects/{id}/progress"),
                new Endpoint("GET", "/api/v1/projects/{id}/items/{articleId}/adjudication/draft"));
        return supervisorOnly.stream().flatMap(e -> Stream.of(
                DynamicTest.dynamicTest("annotator " + e.method() + " " + e.path(), () ->
                        as(annotator).body("{}").when().request(e.method(), e.concretePath())
                                .then().statusCode(403).contentType("application/problem+json")),
                DynamicTest.dynamicTest("supervisor " + e.method() + " " + e.path(), () ->
                        as(supervisor).body("{}").when().request(e.method(), e.concretePath())
                                .then().statusCode(org.hamcrest.Matchers.not(org.hamcrest.Matchers.oneOf(401, 403))))));
    }

    /** Endpoints reserved for admins: supervisors and annotators get 403. */
    @TestFactory
    Stream<DynamicTest> adminEndpointsForbidOthers() {
        String annotator = Fixtures.annotator().token();
        String supervisor = Fixtures.supervisor().token();
        List<Endpoint> adminOnly = List.of(new Endpoint("GET", "/api/v1/users"), new Endpoint("POST", "/api/v1/users"),
                new Endpoint("POST", "/api/v1/users/{id}/token"));
        return adminOnly.stream().flatMap(e -> Stream.of(annotator, supervisor).map(token ->
                DynamicTest.dynamicTest(e.method() + " " + e.path(), () ->
                        as(token).body("{}").when().request(e.method(), e.concretePath())
                                .then().statusCode(403).body("status", equalTo(403)))));
    }

    @Test
    void healthAndTheApiDescriptionArePublic() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void metricsAreForAdminsOnly() {
        given().when().get("/q/metrics").then().statusCode(401);
        given().header("Authorization", "Bearer not-a-token").when().get("/q/metrics").then().statusCode(401);
        as(Fixtures.annotator().token()).when().get("/q/metrics").then().statusCode(403);
        as(Fixtures.supervisor().token()).when().get("/q/metrics").then().statusCode(403);
        as(Fixtures.ADMIN_TOKEN).when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("http_server_requests"));
    }
}
