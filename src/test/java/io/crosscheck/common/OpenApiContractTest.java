package io.crosscheck.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.Fixtures.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.crosscheck.testing.Fixtures.ADMIN_TOKEN;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code /q/openapi} is true: every documented operation is called — without a token, with each role's token, with
 * real ids and with deliberately bad inputs (unknown and malformed ids, malformed, empty, oversized and mistyped
 * bodies, malformed query values, a missing or stale If-Match) — and every status the server really answers must be
 * documented for that operation. The description's own shape is checked too (operationIds, problem+json errors,
 * typed success bodies, the bearer scheme, anchored patterns, no internal fields).
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiContractTest {

    private static final Pattern PATH_VARIABLE = Pattern.compile("\\{([^}]+)}");
    private static final Set<String> INTERNAL_FIELDS = Set.of("layersOrTaxonomy", "sourceGiven", "annotationsOrFrom",
            "articlesOrStory", "namesOrIds");

    private JsonNode api;
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final Map<String, Long> ids = new LinkedHashMap<>();
    private String storyKey;

    /** The fixture world, made once (in the first test: RestAssured knows the test port only per test). */
    @BeforeEach
    void world() throws Exception {
        if (api != null) {
            return;
        }
        byte[] document = given().accept("application/json").when().get("/q/openapi?format=json")
                .then().statusCode(200).extract().asByteArray();
        // Kept for the linter (docs/api.md says how).
        java.nio.file.Files.write(java.nio.file.Path.of("target", "openapi.json"), document);
        TestUser supervisor = Fixtures.supervisor();
        long projectId = Fixtures.project(1, List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "con"))));
        TestUser annotator = Fixtures.member(projectId);
        long sourceId = Fixtures.source();
        storyKey = Fixtures.unique("story");
        long articleId = Fixtures.article(sourceId, "A text to annotate " + storyKey, storyKey);
        Fixtures.addItems(projectId, List.of(articleId));
        long assignmentId = Fixtures.as(annotator.token()).when().post("/api/v1/projects/" + projectId + "/queue/next")
                .then().statusCode(200).extract().jsonPath().getLong("assignmentId");
        long annotationId = Fixtures.as(annotator.token()).body(Map.of("layer", "stance", "label", "pro"))
                .when().post("/api/v1/assignments/" + assignmentId + "/annotations")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        tokens.put("admin", ADMIN_TOKEN);
        tokens.put("supervisor", supervisor.token());
        tokens.put("annotator", annotator.token());
        ids.put("project", projectId);
        ids.put("article", articleId);
        ids.put("source", sourceId);
        ids.put("assignment", assignmentId);
        ids.put("annotation", annotationId);
        ids.put("member", annotator.id());
        ids.put("user", Fixtures.annotator().id());
        ids.put("job", doneExportJob(supervisor, projectId));
        api = new ObjectMapper().readTree(document);
    }

    /** An export job of the supervisor's, finished, so its result can be fetched (by the supervisor and the admin). */
    private static long doneExportJob(TestUser supervisor, long projectId) throws InterruptedException {
        long job = Fixtures.as(supervisor.token()).body(Map.of("format", "csv")).when()
                .post("/api/v1/projects/" + projectId + "/exports").then().statusCode(202).extract().jsonPath().getLong("jobId");
        for (int i = 0; i < 600; i++) {
            String state = Fixtures.as(supervisor.token()).when().get("/api/v1/jobs/" + job).then().statusCode(200)
                    .extract().path("state");
            if ("done".equals(state)) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("export job " + job + " did not finish");
    }

    /** One documented operation. */
    record Op(String method, String path, JsonNode node) {
        Set<String> documented() {
            Set<String> codes = new TreeSet<>();
            node.path("responses").fieldNames().forEachRemaining(codes::add);
            return codes;
        }

        List<JsonNode> parameters(String in) {
            List<JsonNode> found = new ArrayList<>();
            node.path("parameters").forEach(p -> {
                if (in.equals(p.path("in").asText())) {
                    found.add(p);
                }
            });
            return found;
        }

        boolean hasBody() {
            return node.has("requestBody");
        }

        String bodyType() {
            Iterator<String> types = node.path("requestBody").path("content").fieldNames();
            return types.hasNext() ? types.next() : "application/json";
        }

        @Override
        public String toString() {
            return method.toUpperCase() + " " + path;
        }
    }

    private List<Op> operations() {
        List<Op> ops = new ArrayList<>();
        api.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (Set.of("get", "put", "post", "delete", "patch", "options").contains(op.getKey())) {
                ops.add(new Op(op.getKey(), path.getKey(), op.getValue()));
            }
        }));
        // Deletions last, so the other operations still find what they read.
        ops.sort(Comparator.comparing((Op o) -> o.method().equals("delete")).thenComparing(Op::path));
        return ops;
    }

    @Test
    void everyStatusTheServerAnswersIsDocumentedForItsOperation() {
        List<String> undocumented = new ArrayList<>();
        int calls = 0;
        for (Op op : operations()) {
            Set<String> documented = op.documented();
            Map<String, Response> answers = new LinkedHashMap<>();
            answers.put("no token", call(op, null, realIds(op), null, true));
            for (var role : tokens.entrySet()) {
                answers.put(role.getKey(), call(op, role.getValue(), realIds(op), null, true));
            }
            if (!op.parameters("path").isEmpty()) {
                answers.put("unknown ids", call(op, ADMIN_TOKEN, fixedIds(op, "999999999"), null, true));
                answers.put("malformed ids", call(op, ADMIN_TOKEN, fixedIds(op, "abc"), null, true));
            }
            for (JsonNode query : op.parameters("query")) {
                String name = query.path("name").asText();
                answers.put("malformed ?" + name, call(op, ADMIN_TOKEN, realIds(op), Map.of(name, "abc"), true));
                answers.put("nonsense ?" + name, call(op, ADMIN_TOKEN, realIds(op), Map.of(name, "-1e999"), true));
            }
            JsonNode example = exampleBody(op);
            if (example != null) {
                byte[] bytes = example.toString().getBytes(StandardCharsets.UTF_8);
                for (var role : tokens.entrySet()) {
                    answers.put("example body as " + role.getKey(), given().header("Authorization", "Bearer " + role.getValue())
                            .header("If-Match", "1").contentType(op.bodyType()).body(bytes)
                            .request(op.method(), url(op, realIds(op))));
                }
            }
            if (op.hasBody()) {
                answers.put("malformed body", send(op, realIds(op), op.bodyType(), "{\"a\":".getBytes(StandardCharsets.UTF_8)));
                answers.put("empty object", send(op, realIds(op), op.bodyType(), "{}".getBytes(StandardCharsets.UTF_8)));
                answers.put("wrong media type", send(op, realIds(op), "text/plain", "hello".getBytes(StandardCharsets.UTF_8)));
                if (op.bodyType().equals("application/json")) {
                    // Past the 2 MiB JSON limit (the bulk limits of NDJSON imports are pinned by the import tests).
                    byte[] huge = new byte[2 * 1024 * 1024 + 1024];
                    java.util.Arrays.fill(huge, (byte) ' ');
                    answers.put("oversized body", send(op, realIds(op), op.bodyType(), huge));
                }
            }
            if (op.parameters("header").stream().anyMatch(h -> h.path("name").asText().equalsIgnoreCase("If-Match"))) {
                answers.put("stale If-Match", given().header("Authorization", "Bearer " + tokens.get("annotator"))
                        .header("If-Match", "\"999999\"").contentType("application/json")
                        .body(Map.of("label", "con")).request(op.method(), url(op, realIds(op))));
            }
            for (var answer : answers.entrySet()) {
                calls++;
                String status = String.valueOf(answer.getValue().statusCode());
                if (!documented.contains(status)) {
                    undocumented.add(op + " (" + answer.getKey() + "): answered " + status + ", documented " + documented
                            + " — " + abbreviate(answer.getValue().asString()));
                }
            }
        }
        assertTrue(calls > 100, "only " + calls + " calls made: the document lists too few operations");
        if (!undocumented.isEmpty()) {
            fail(undocumented.size() + " answers not in the API description:\n" + String.join("\n", undocumented));
        }
    }

    @Test
    void theDescriptionIsWellFormedAndSaysWhatClientsNeed() {
        List<String> problems = new ArrayList<>();
        Set<String> operationIds = new HashSet<>();
        for (Op op : operations()) {
            String id = op.node().path("operationId").asText(null);
            if (id == null || !operationIds.add(id)) {
                problems.add(op + ": operationId missing or not unique: " + id);
            }
            op.node().path("responses").fields().forEachRemaining(r -> {
                int code = Integer.parseInt(r.getKey());
                JsonNode content = r.getValue().path("content");
                if (code >= 400 && !content.path(Problem.MEDIA_TYPE).path("schema").path("$ref").asText()
                        .endsWith("/Problem")) {
                    problems.add(op + " " + code + ": not application/problem+json with the Problem schema");
                }
                if (code >= 200 && code < 300 && code != 204 && !op.method().equals("options")) {
                    content.fields().forEachRemaining(media -> {
                        JsonNode schema = media.getValue().path("schema");
                        if (schema.isMissingNode() || schema.isEmpty()) {
                            problems.add(op + " " + code + " " + media.getKey() + ": success body with schema {}");
                        }
                    });
                    if (content.isEmpty()) {
                        problems.add(op + " " + code + ": success without a body type");
                    }
                }
            });
            for (JsonNode header : op.parameters("header")) {
                if (header.path("name").asText().equalsIgnoreCase("If-Match")) {
                    if (!header.path("required").asBoolean() || !op.documented().contains("428")) {
                        problems.add(op + ": If-Match must be required and 428 documented");
                    }
                }
            }
            if (!op.documented().contains("503")) {
                problems.add(op + ": 503 (database unreachable) not documented");
            }
        }
        JsonNode bearer = api.path("components").path("securitySchemes").path("bearer");
        assertEquals("bearer", bearer.path("scheme").asText());
        if (bearer.has("bearerFormat")) {
            problems.add("bearer scheme claims bearerFormat " + bearer.path("bearerFormat") + " for opaque tokens");
        }
        String text = api.toString();
        for (String field : INTERNAL_FIELDS) {
            if (text.contains("\"" + field + "\"")) {
                problems.add("internal field in the description: " + field);
            }
        }
        Matcher patterns = Pattern.compile("\"pattern\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(text);
        while (patterns.find()) {
            String pattern = patterns.group(1);
            if (!pattern.startsWith("^") || !pattern.endsWith("$")) {
                problems.add("unanchored pattern " + pattern);
            }
        }
        Op export = operations().stream().filter(o -> o.path().endsWith("/export") && o.method().equals("get"))
                .findFirst().orElseThrow();
        JsonNode exportContent = export.node().path("responses").path("200").path("content");
        for (String type : List.of("application/x-ndjson", "text/csv", "application/ld+json", "text/plain")) {
            if (!exportContent.has(type)) {
                problems.add("export does not document " + type);
            }
        }
        for (JsonNode p : export.parameters("query")) {
            if (Set.of("format", "include", "status").contains(p.path("name").asText()) && !p.path("schema").has("enum")) {
                problems.add("export ?" + p.path("name").asText() + " has no enum");
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    private Response call(Op op, String token, Map<String, String> pathValues, Map<String, String> query, boolean body) {
        RequestSpecification request = given();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (op.parameters("header").stream().anyMatch(h -> h.path("name").asText().equalsIgnoreCase("If-Match"))) {
            request.header("If-Match", "1");
        }
        if (query != null) {
            query.forEach((name, value) -> request.queryParam(name, value));
        }
        if (body && op.hasBody()) {
            request.contentType(op.bodyType()).body("{}".getBytes(StandardCharsets.UTF_8));
        }
        return request.request(op.method(), url(op, pathValues));
    }

    private Response send(Op op, Map<String, String> pathValues, String contentType, byte[] body) {
        return given().header("Authorization", "Bearer " + ADMIN_TOKEN).header("If-Match", "1")
                .contentType(contentType).body(body).request(op.method(), url(op, pathValues));
    }

    private static String url(Op op, Map<String, String> values) {
        Matcher m = PATH_VARIABLE.matcher(op.path());
        StringBuilder url = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(url, Matcher.quoteReplacement(values.get(m.group(1))));
        }
        m.appendTail(url);
        return url.toString();
    }

    /** The ids of the fixture world, chosen by the variable's name and the collection it follows. */
    private Map<String, String> realIds(Op op) {
        Map<String, String> values = new LinkedHashMap<>();
        Matcher m = PATH_VARIABLE.matcher(op.path());
        while (m.find()) {
            String name = m.group(1);
            String before = op.path().substring(0, m.start());
            String collection = before.substring(before.lastIndexOf('/', before.length() - 2) + 1, before.length() - 1);
            String value = switch (name) {
                case "projectId" -> ids.get("project").toString();
                case "articleId" -> ids.get("article").toString();
                case "assignmentId" -> ids.get("assignment").toString();
                case "annotationId" -> ids.get("annotation").toString();
                case "userId" -> ids.get("member").toString();
                case "storyKey" -> storyKey;
                default -> switch (collection) {
                    case "projects" -> ids.get("project").toString();
                    case "sources" -> ids.get("source").toString();
                    case "articles" -> ids.get("article").toString();
                    case "users" -> ids.get("user").toString();
                    case "assignments" -> ids.get("assignment").toString();
                    case "annotations" -> ids.get("annotation").toString();
                    case "jobs" -> ids.get("job").toString();
                    default -> throw new IllegalStateException("no fixture for {" + name + "} in " + op.path());
                };
            };
            values.put(name, value);
        }
        return values;
    }

    /** The first example of the request body's schema (ApiDescriptionFilter gives the main ones one). */
    private JsonNode exampleBody(Op op) {
        String ref = op.node().path("requestBody").path("content").path("application/json").path("schema").path("$ref").asText("");
        if (ref.isEmpty()) {
            return null;
        }
        JsonNode examples = api.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1)).path("examples");
        return examples.isArray() && !examples.isEmpty() ? examples.get(0) : null;
    }

    private static Map<String, String> fixedIds(Op op, String value) {
        Map<String, String> values = new LinkedHashMap<>();
        Matcher m = PATH_VARIABLE.matcher(op.path());
        while (m.find()) {
            values.put(m.group(1), value);
        }
        return values;
    }

    private static String abbreviate(String body) {
        return body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }
}
