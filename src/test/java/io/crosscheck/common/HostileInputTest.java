package io.crosscheck.common;

import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.Fixtures.TestUser;
import io.crosscheck.testing.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.crosscheck.testing.Fixtures.as;
import static io.crosscheck.testing.Fixtures.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Hostile input, table by table: every request here once answered a 500, a 404 or an empty body. Each must now get a
 * 4xx application/problem+json that names what is wrong, and change nothing.
 */
@QuarkusTest
class HostileInputTest {

    static final String TEXT = "Some text here.";

    /** Ids the tables point at, made once through the API: a project, its one item and an annotator's lease on it. */
    private static final class Data {
        static final long PROJECT = Fixtures.project(1, List.of(
                Fixtures.documentLayer("stance", "nominal", List.of("pro", "con")),
                Map.of("name", "claims", "scope", "span", "measurement", "nominal", "labels", List.of("claim"),
                        "attributes", List.of(Map.of("name", "weight", "type", "number"),
                                Map.of("name", "count", "type", "int"), Map.of("name", "note", "type", "string")))));
        static final long ARTICLE = Fixtures.article(Fixtures.source(), TEXT);
        static final TestUser ANNOTATOR;
        static final long ASSIGNMENT;

        static {
            Fixtures.addItems(PROJECT, List.of(ARTICLE));
            ANNOTATOR = Fixtures.member(PROJECT);
            ASSIGNMENT = as(ANNOTATOR.token()).when().post("/api/v1/projects/" + PROJECT + "/queue/next")
                    .then().statusCode(200).extract().jsonPath().getLong("assignmentId");
        }
    }

    private static String resolve(String path) {
        return path.replace("{project}", Long.toString(Data.PROJECT)).replace("{article}", Long.toString(Data.ARTICLE))
                .replace("{assignment}", Long.toString(Data.ASSIGNMENT));
    }

    /** A raw JSON body, written as the attacker wrote it (Java's {@code \\u0000} is JSON's escape {@code \u0000}). */
    record BodyCase(String what, String path, String json, int status, String field) {
        @Override
        public String toString() {
            return what;
        }
    }

    private static String project(String nameJson, String extra, String layersJson) {
        return "{\"name\":" + nameJson + ",\"annotatorsPerItem\":1" + extra + ",\"layers\":" + layersJson + "}";
    }

    private static String project(String nameJson) {
        return project(nameJson, "", "[" + STANCE + "]");
    }

    private static String fresh() {
        return "\"" + Fixtures.unique("hostile") + "\"";
    }

    private static String intervalLayer(String label) {
        return "[{\"name\":\"score\",\"scope\":\"document\",\"measurement\":\"interval\",\"labels\":[\"1\"," + label + "]}]";
    }

    static final String STANCE = "{\"name\":\"stance\",\"scope\":\"document\",\"measurement\":\"nominal\",\"labels\":[\"pro\",\"con\"]}";

    private static String span(String fields) {
        return spanFrom("0", fields);
    }

    private static String spanFrom(String start, String fields) {
        return "{\"layer\":\"claims\",\"label\":\"claim\",\"start\":" + start + ",\"end\":4,\"quote\":\"Some\"" + fields + "}";
    }

    static final String PROJECTS = "/api/v1/projects";
    static final String ANNOTATIONS = "/api/v1/assignments/{assignment}/annotations";

    /** Bodies the admin sends to create things: text PostgreSQL cannot store, duplicate keys, loose types, bad numbers. */
    static Stream<BodyCase> adminBodies() {
        return Stream.of(
                new BodyCase("NUL in a project name", PROJECTS, project("\"a\\u0000b\""), 422, "name"),
                new BodyCase("lone surrogate in a project name", PROJECTS, project("\"a\\ud800b\""), 422, "name"),
                new BodyCase("lone low surrogate in a label", PROJECTS, project(fresh(), "",
                        "[{\"name\":\"s\",\"scope\":\"document\",\"measurement\":\"nominal\",\"labels\":[\"a\\udc00\"]}]"),
                        422, "layers[0].labels[0]"),
                new BodyCase("NUL in a source name", "/api/v1/sources", "{\"name\":\"x\\u0000y\"}", 422, "name"),
                new BodyCase("NUL in an article text", "/api/v1/articles",
                        "{\"sourceName\":\"s\",\"title\":\"t\",\"text\":\"a\\u0000b\"}", 422, "text"),
                new BodyCase("duplicate key", PROJECTS, "{\"name\":\"a\",\"name\":\"b\",\"annotatorsPerItem\":1,\"taxonomy\":\"default\"}", 400, null),
                new BodyCase("null attribute of a layer", PROJECTS, project(fresh(), "",
                        "[{\"name\":\"s\",\"scope\":\"document\",\"measurement\":\"nominal\",\"labels\":[\"a\"],\"attributes\":[null]}]"),
                        400, "layers[0].attributes[0]"),
                new BodyCase("null layer", PROJECTS, project(fresh(), "", "[null]"), 400, "layers[0]"),
                new BodyCase("string for an int", PROJECTS, "{\"name\":" + fresh() + ",\"annotatorsPerItem\":\"1\",\"taxonomy\":\"default\"}", 400, "annotatorsPerItem"),
                new BodyCase("fraction for an int", PROJECTS, "{\"name\":" + fresh() + ",\"annotatorsPerItem\":1.5,\"taxonomy\":\"default\"}", 400, "annotatorsPerItem"),
                new BodyCase("boolean for an int", PROJECTS, "{\"name\":" + fresh() + ",\"annotatorsPerItem\":true,\"taxonomy\":\"default\"}", 400, "annotatorsPerItem"),
                new BodyCase("string for a boolean", PROJECTS, project(fresh(), ",\"blindSources\":\"false\"", "[" + STANCE + "]"), 400, "blindSources"),
                new BodyCase("number for a boolean", PROJECTS, project(fresh(), ",\"blindSources\":0", "[" + STANCE + "]"), 400, "blindSources"),
                new BodyCase("boolean for a string", PROJECTS, project("false"), 400, "name"),
                new BodyCase("number for a string", PROJECTS, project("12"), 400, "name"),
                new BodyCase("string for an id", "/api/v1/articles", "{\"sourceId\":\"1\",\"title\":\"t\",\"text\":\"x\"}", 400, "sourceId"),
                new BodyCase("fraction for an id", "/api/v1/articles", "{\"sourceId\":1.5,\"title\":\"t\",\"text\":\"x\"}", 400, "sourceId"),
                new BodyCase("NaN literal", PROJECTS, "{\"name\":" + fresh() + ",\"annotatorsPerItem\":NaN,\"taxonomy\":\"default\"}", 400, null),
                new BodyCase("interval label NaN", PROJECTS, project(fresh(), "", intervalLayer("\"NaN\"")), 422, "layers[0].labels"),
                new BodyCase("interval label Infinity", PROJECTS, project(fresh(), "", intervalLayer("\"Infinity\"")), 422, "layers[0].labels"),
                new BodyCase("interval label -Infinity", PROJECTS, project(fresh(), "", intervalLayer("\"-Infinity\"")), 422, "layers[0].labels"),
                new BodyCase("interval label hex", PROJECTS, project(fresh(), "", intervalLayer("\"0x1p3\"")), 422, "layers[0].labels"),
                new BodyCase("interval label with type suffix", PROJECTS, project(fresh(), "", intervalLayer("\"1d\"")), 422, "layers[0].labels"),
                new BodyCase("interval label float suffix", PROJECTS, project(fresh(), "", intervalLayer("\"2f\"")), 422, "layers[0].labels"),
                new BodyCase("interval label past double", PROJECTS, project(fresh(), "", intervalLayer("\"1e400\"")), 422, "layers[0].labels"),
                new BodyCase("interval label with spaces", PROJECTS, project(fresh(), "", intervalLayer("\" 2 \"")), 422, "layers[0].labels"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adminBodies")
    void hostileBodyIsAProblemAndStoresNothing(BodyCase c) {
        refusedStoringNothing(asAdmin(), c);
    }

    /** Bodies an annotator sends for a span: loose types, text PostgreSQL cannot store, numbers a double cannot hold. */
    static Stream<BodyCase> annotatorBodies() {
        return Stream.of(
                new BodyCase("string for an offset", ANNOTATIONS, spanFrom("\"0\"", ""), 400, "start"),
                new BodyCase("fraction for an offset", ANNOTATIONS, spanFrom("0.5", ""), 400, "start"),
                new BodyCase("boolean for a label", ANNOTATIONS, "{\"layer\":\"stance\",\"label\":false}", 400, "label"),
                new BodyCase("number for a label", ANNOTATIONS, "{\"layer\":\"stance\",\"label\":1}", 400, "label"),
                new BodyCase("duplicate key", ANNOTATIONS, "{\"layer\":\"stance\",\"layer\":\"claims\",\"label\":\"pro\"}", 400, null),
                new BodyCase("NUL in a string attribute", ANNOTATIONS, span(",\"attributes\":{\"note\":\"a\\u0000\"}"), 422, "attributes.note"),
                new BodyCase("lone surrogate in a string attribute", ANNOTATIONS, span(",\"attributes\":{\"note\":\"\\ud800\"}"), 422, "attributes.note"),
                new BodyCase("number attribute past double", ANNOTATIONS, span(",\"attributes\":{\"weight\":1e400}"), 422, "attributes.weight"),
                new BodyCase("number attribute NaN literal", ANNOTATIONS, span(",\"attributes\":{\"weight\":NaN}"), 400, null),
                new BodyCase("number attribute Infinity literal", ANNOTATIONS, span(",\"attributes\":{\"weight\":Infinity}"), 400, null),
                new BodyCase("number attribute as the string NaN", ANNOTATIONS, span(",\"attributes\":{\"weight\":\"NaN\"}"), 422, "attributes.weight"),
                new BodyCase("int attribute as a fraction", ANNOTATIONS, span(",\"attributes\":{\"count\":1.5}"), 422, "attributes.count"),
                new BodyCase("an int past 32 bits for an offset", ANNOTATIONS, spanFrom("3000000000", ""), 400, null),
                new BodyCase("a number of 5000 digits", ANNOTATIONS, span(",\"attributes\":{\"weight\":" + "9".repeat(5000) + "}"), 400, null),
                new BodyCase("nesting 5000 deep", ANNOTATIONS, span(",\"attributes\":{\"note\":" + "[".repeat(5000) + "]".repeat(5000) + "}"), 400, null),
                new BodyCase("null annotation in a batch", ANNOTATIONS + "/batch", "{\"annotations\":[null]}", 422, "annotations[0]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("annotatorBodies")
    void hostileAnnotationIsAProblemAndStoresNothing(BodyCase c) {
        refusedStoringNothing(as(Data.ANNOTATOR.token()), c);
    }

    private void refusedStoringNothing(RequestSpecification sender, BodyCase c) {
        long before = count();
        var response = sender.body(c.json()).when().post(resolve(c.path()))
                .then().statusCode(c.status()).contentType(Problem.MEDIA_TYPE).body("status", equalTo(c.status()));
        if (c.field() != null) {
            response.body("errors.field", hasItem(c.field()));
        }
        assertEquals(before, count(), "a refused request stores nothing");
    }

    /** Query values that do not convert once answered 404, as if the list did not exist. */
    static Stream<Arguments> unreadableQueries() {
        return Stream.of(
                Arguments.of("/api/v1/sources?page=abc", "page"),
                Arguments.of("/api/v1/sources?size=1.5", "size"),
                Arguments.of("/api/v1/sources?page=3000000000", "page"),
                Arguments.of("/api/v1/articles?sourceId=abc", "sourceId"),
                Arguments.of("/api/v1/audit?projectId=x", "projectId"),
                Arguments.of("/api/v1/projects/{project}/items?page=-", "page"),
                Arguments.of("/api/v1/projects/{project}/review-queue?sourceId=abc", "sourceId"),
                Arguments.of("/api/v1/projects/{project}/review-queue?maxAgreement=NaN", "maxAgreement"));
    }

    /** URIs that say something other than what they were read as: a matrix parameter, bad escapes, NUL. */
    static Stream<Arguments> ambiguousUris() {
        return Stream.of(
                Arguments.of("/api/v1/sources/1;x", "path"),
                Arguments.of("/api/v1/projects/{project};v=2/items", "path"),
                Arguments.of("/api/v1/articles?storyKey=a%00b", "storyKey"),
                Arguments.of("/api/v1/projects/{project}/stories/a%00b", "path"),
                Arguments.of("/api/v1/articles?storyKey=%C3", "storyKey"),
                Arguments.of("/api/v1/articles?storyKey=%ED%A0%80", "storyKey"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"unreadableQueries", "ambiguousUris"})
    void unreadableOrAmbiguousUriIs400NamingTheField(String uri, String field) {
        asAdmin().urlEncodingEnabled(false).when().get(resolve(uri))
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE).body("errors.field", hasItem(field));
    }

    /** {@code POST /users/1;x/token} once rotated user 1's token: the matrix parameter was dropped from the id. */
    @Test
    void matrixParameterInAPathIdChangesNothing() {
        TestUser victim = Fixtures.annotator();
        asAdmin().urlEncodingEnabled(false).when().post("/api/v1/users/" + victim.id() + ";x/token")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE);
        as(victim.token()).when().get("/api/v1/me").then().statusCode(200).body("username", equalTo(victim.username()));
        asAdmin().urlEncodingEnabled(false).when().post("/api/v1/users/" + victim.id() + "%3Bx/token")
                .then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        as(victim.token()).when().get("/api/v1/me").then().statusCode(200);
    }

    /**
     * What the HTTP layer refuses before any resource runs once came back with an empty body: each is a problem
     * now. Sent over a raw socket, since no client sends these bytes. (The malformed URIs reach our check because the
     * test JVM, like CrosscheckMain, turns Quarkus's own off: see HttpLayerProblems.TAKE_OVER_URI_CHECK.)
     */
    static Stream<Arguments> refusedByTheHttpLayer() {
        String auth = "\r\nAuthorization: Bearer " + Fixtures.ADMIN_TOKEN;
        return Stream.of(
                Arguments.of("request line too long", "GET /api/v1/sources?x=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x" + auth, 414),
                Arguments.of("headers too large", "GET /api/v1/sources HTTP/1.1\r\nHost: x" + auth + "\r\nX-Filler: " + "a".repeat(40_000), 431),
                Arguments.of("declared body past the ceiling", "POST /api/v1/articles HTTP/1.1\r\nHost: x" + auth
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + (200L << 20), 413),
                Arguments.of("malformed escape in the path", "GET /api/v1/sources/%zz HTTP/1.1\r\nHost: x" + auth, 400),
                Arguments.of("malformed escape in the query", "GET /api/v1/sources?name=%zz HTTP/1.1\r\nHost: x" + auth, 400),
                Arguments.of("truncated escape", "GET /api/v1/sources?name=a% HTTP/1.1\r\nHost: x" + auth, 400),
                Arguments.of("character a URI cannot hold", "GET /api/v1/sources?name=a|b HTTP/1.1\r\nHost: x" + auth, 400),
                Arguments.of("metrics without a token", "GET /q/metrics HTTP/1.1\r\nHost: x", 401),
                Arguments.of("metrics with a bad token", "GET /q/metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer nope", 401));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedByTheHttpLayer")
    void httpLayerRefusalIsAProblem(String what, String head, int status) throws Exception {
        RawHttp.Reply reply = RawHttp.send(head);
        assertEquals(status, reply.status(), reply.toString());
        assertEquals(Problem.MEDIA_TYPE, reply.contentType(), reply.toString());
        assertEquals(status, new com.fasterxml.jackson.databind.ObjectMapper().readTree(reply.body()).get("status").asInt(), reply.body());
    }

    @Test
    void metricsForANonAdminIsAProblem() throws Exception {
        RawHttp.Reply reply = RawHttp.send("GET /q/metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + Fixtures.annotator().token());
        assertEquals(403, reply.status(), reply.toString());
        assertEquals(Problem.MEDIA_TYPE, reply.contentType(), reply.toString());
    }

    /** Every row a create could have written (projects, layers, labels, sources, articles, annotations). */
    private static long count() {
        long total = 0;
        for (String list : List.of("/api/v1/projects", "/api/v1/sources", "/api/v1/articles")) {
            total += asAdmin().queryParam("size", 1).when().get(list).then().statusCode(200).extract().jsonPath().getLong("total");
        }
        return total + as(Data.ANNOTATOR.token()).when().get(resolve(ANNOTATIONS)).then().statusCode(200)
                .extract().jsonPath().getLong("total");
    }

    @Test
    void wellFormedTextAndDecimalsAreStillAccepted() {
        String name = Fixtures.unique("emoji-😀-é");
        asAdmin().body(project("\"" + name + "\"", "", "[{\"name\":\"score\",\"scope\":\"document\",\"measurement\":\"interval\","
                        + "\"labels\":[\"-1.5\",\"0\",\"2e3\",\"1E-2\",\"7\"]}]"))
                .when().post(PROJECTS)
                .then().statusCode(201).body("name", equalTo(name))
                .body("layers[0].labels.value", org.hamcrest.Matchers.contains("-1.5", "0", "2e3", "1E-2", "7"));
    }

    /** An NDJSON line is read by the same strict mapper: a lone surrogate or a duplicate key fails that line only. */
    @Test
    void strictJsonFailsOneNdjsonLineNotTheImport() {
        long source = Fixtures.source();
        String body = "{\"sourceId\":" + source + ",\"title\":\"t\",\"text\":\"" + Fixtures.unique("ok") + "\"}\n"
                + "{\"sourceId\":" + source + ",\"title\":\"t\",\"text\":\"half \\ud800 a pair\"}\n"
                + "{\"sourceId\":" + source + ",\"title\":\"t\",\"title\":\"u\",\"text\":\"" + Fixtures.unique("dup") + "\"}\n"
                + "{\"sourceId\":\"" + source + "\",\"title\":\"t\",\"text\":\"" + Fixtures.unique("coerced") + "\"}\n";
        Fixtures.ndjson(Fixtures.ADMIN_TOKEN, body).when().post("/api/v1/articles/import")
                .then().statusCode(200).body("created", equalTo(1)).body("failed", equalTo(3))
                .body("errors.line", org.hamcrest.Matchers.contains(2, 3, 4))
                .body("errors[0].detail", org.hamcrest.Matchers.startsWith("text: contains a lone surrogate"));
    }

    /** 1e400 once made the response's ETag differ from the stored version, so the next If-Match got 412. */
    @Test
    void etagOfEveryWriteIsTheStoredVersion() {
        var created = as(Data.ANNOTATOR.token()).body(span(",\"attributes\":{\"weight\":0.1,\"count\":3}"))
                .when().post(resolve(ANNOTATIONS)).then().statusCode(201).extract();
        long id = created.jsonPath().getLong("id");
        String etag = created.header("ETag");
        assertEquals(etag, as(Data.ANNOTATOR.token()).when().get("/api/v1/annotations/" + id).then().statusCode(200).extract().header("ETag"));
        as(Data.ANNOTATOR.token()).header("If-Match", etag).body(span(",\"attributes\":{\"weight\":1e400}"))
                .when().put("/api/v1/annotations/" + id).then().statusCode(422);
        assertEquals(etag, as(Data.ANNOTATOR.token()).when().get("/api/v1/annotations/" + id).then().statusCode(200).extract().header("ETag"),
                "a refused write leaves the version alone");
        String updated = as(Data.ANNOTATOR.token()).header("If-Match", etag).body(span(",\"attributes\":{\"weight\":1e300}"))
                .when().put("/api/v1/annotations/" + id).then().statusCode(200).extract().header("ETag");
        assertEquals(updated, as(Data.ANNOTATOR.token()).when().get("/api/v1/annotations/" + id).then().statusCode(200).extract().header("ETag"));
        as(Data.ANNOTATOR.token()).header("If-Match", updated).when().delete("/api/v1/annotations/" + id).then().statusCode(204);
    }

    /** Every paged list: page × size once overflowed an int and answered 500. */
    static Stream<String> pagedLists() {
        return Stream.of("/api/v1/sources", "/api/v1/users", "/api/v1/projects", "/api/v1/articles",
                "/api/v1/me/projects", "/api/v1/audit", "/api/v1/assignments",
                "/api/v1/projects/{project}/items", "/api/v1/projects/{project}/members",
                "/api/v1/projects/{project}/review-queue", "/api/v1/projects/{project}/annotators",
                "/api/v1/projects/{project}/items/{article}/adjudication/history",
                "/api/v1/assignments/1/annotations");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pagedLists")
    void pageTimesSizePastAnIntIs400(String path) {
        asAdmin().queryParam("page", 3_000_000).queryParam("size", 1000)
                .when().get(resolve(path))
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("status", equalTo(400)).body("errors.field", hasItem("page"));
    }
}
