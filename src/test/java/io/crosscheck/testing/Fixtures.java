package io.crosscheck.testing;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;

/**
 * Test data made through the real API, with fresh names so tests run in any order on a shared database.
 * Every helper asserts the status it expects, so a broken fixture fails loudly where it is used.
 */
public final class Fixtures {

    /** The admin token of the test profile ({@code %test.crosscheck.admin-token}). */
    public static final String ADMIN_TOKEN = "test-admin-token";

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private Fixtures() {
    }

    /** A name no other test (or earlier run on the same database) uses. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "-" + COUNTER.incrementAndGet();
    }

    public static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    /** A request with an NDJSON body (REST Assured has no encoder for the type, so the body goes as bytes). */
    public static RequestSpecification ndjson(String token, String body) {
        return given().header("Authorization", "Bearer " + token).contentType("application/x-ndjson")
                .body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public static RequestSpecification asAdmin() {
        return as(ADMIN_TOKEN);
    }

    /** A user created by the admin; returns its id and its clear token. */
    public record TestUser(long id, String username, String token) {
    }

    public static TestUser user(String role) {
        String name = unique(role);
        var body = asAdmin().body(Map.of("username", name, "role", role))
                .when().post("/api/v1/users")
                .then().statusCode(201).extract().jsonPath();
        return new TestUser(body.getLong("id"), name, body.getString("token"));
    }

    public static TestUser supervisor() {
        return user("supervisor");
    }

    public static TestUser annotator() {
        return user("annotator");
    }

    public static long source() {
        return asAdmin().body(Map.of("name", unique("source"), "domain", "example.org", "kind", "outlet"))
                .when().post("/api/v1/sources")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    public static long article(long sourceId, String text) {
        return article(sourceId, text, null);
    }

    public static long article(long sourceId, String text, String storyKey) {
        var body = new java.util.HashMap<String, Object>();
        body.put("sourceId", sourceId);
        body.put("title", "Title " + unique("t"));
        body.put("text", text);
        body.put("storyKey", storyKey);
        return asAdmin().body(body).when().post("/api/v1/articles")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    /** A project with the given layers (list of layer maps as in the SPEC) and k annotators per item. */
    public static long project(int annotatorsPerItem, List<Map<String, Object>> layers) {
        return project(Map.of("name", unique("project"), "annotatorsPerItem", annotatorsPerItem, "layers", layers));
    }

    public static long project(Map<String, Object> body) {
        return asAdmin().body(body).when().post("/api/v1/projects")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    /** A project on the built-in taxonomy. */
    public static long defaultTaxonomyProject(int annotatorsPerItem) {
        return project(Map.of("name", unique("project"), "annotatorsPerItem", annotatorsPerItem, "taxonomy", "default"));
    }

    public static Map<String, Object> documentLayer(String name, String measurement, List<String> labels) {
        return Map.of("name", name, "scope", "document", "measurement", measurement, "labels", labels);
    }

    public static Map<String, Object> spanLayer(String name, List<String> labels) {
        return Map.of("name", name, "scope", "span", "measurement", "nominal", "labels", labels);
    }

    /** Makes the users members of the project (only members claim work). */
    public static void members(long projectId, TestUser... users) {
        asAdmin().body(Map.of("userIds", java.util.Arrays.stream(users).map(TestUser::id).toList()))
                .when().post("/api/v1/projects/" + projectId + "/members").then().statusCode(200);
    }

    /** A fresh annotator who is a member of the project. */
    public static TestUser member(long projectId) {
        TestUser annotator = annotator();
        members(projectId, annotator);
        return annotator;
    }

    public static void addItems(long projectId, List<Long> articleIds) {
        asAdmin().body(Map.of("articleIds", articleIds)).when().post("/api/v1/projects/" + projectId + "/items")
                .then().statusCode(200);
    }

    /** Imports annotation lines (maps as in the SPEC's NDJSON import) as the admin; every line must be accepted. */
    public static void importAnnotationLines(long projectId, List<Map<String, Object>> lines) {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        StringBuilder body = new StringBuilder();
        for (Map<String, Object> line : lines) {
            try {
                body.append(json.writeValueAsString(line)).append('\n');
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException(e);
            }
        }
        given().header("Authorization", "Bearer " + ADMIN_TOKEN).contentType("application/x-ndjson")
                .body(body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/api/v1/projects/" + projectId + "/annotations/import")
                .then().statusCode(200).body("failed", org.hamcrest.Matchers.equalTo(0));
    }
}
