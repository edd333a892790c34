package io.crosscheck.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.crosscheck.testing.Db;
import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.Work;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JSONL keeps one JSON type per field across lines (#12.6), the property Arrow and Hugging Face {@code datasets}
 * need for typed columns: a typed reader here records the JSON type of every field path on every line (array
 * positions merged, nulls allowed) and fails when a path has two. Stored attribute values of the wrong JSON type
 * (a string "3" for an int, 1 for a number) come out as the layer declares them.
 */
@QuarkusTest
class JsonlTypesTest {

    @Inject
    DataSource dataSource;

    @Test
    void everyFieldHasOneTypeOnEveryLine() throws Exception {
        long source = Fixtures.source();
        String text = "Prices rose sharply today. " + Fixtures.unique("x");
        long a1 = Fixtures.article(source, text);
        long a2 = Fixtures.article(source, "Markets fell. " + Fixtures.unique("y"));
        Map<String, Object> claims = new HashMap<>(Fixtures.spanLayer("claims", List.of("unsupported")));
        claims.put("attributes", List.of(Map.of("name", "severity", "type", "int"),
                Map.of("name", "confidence", "type", "number"), Map.of("name", "checked", "type", "boolean")));
        Map<String, Object> framing = new HashMap<>(Fixtures.spanLayer("framing", List.of("loaded")));
        framing.put("attributes", List.of(Map.of("name", "severity", "type", "string")));
        long project = Fixtures.project(2, List.of(claims, framing));
        Fixtures.addItems(project, List.of(a1, a2));
        var ann1 = Fixtures.annotator();
        var ann2 = Fixtures.annotator();
        Work.claimed(project, a1, ann1).span("claims", "unsupported", 0, 6, text, "{\"severity\": 2, \"confidence\": 1}")
                .span("framing", "loaded", 7, 11, text, "{\"severity\": \"high\"}").submit();
        Work.imported(project, a1, ann2)
                .span("claims", "unsupported", 0, 6, text, "{\"severity\": 3, \"confidence\": 0.5, \"checked\": true}").submit();
        Work.claimed(project, a2, ann1).span("claims", "unsupported", 0, 7, "Markets fell. ", null)
                .span("framing", "loaded", 8, 12, "Markets fell. ", "{\"severity\": \"4\"}").submit();
        // The API refuses values of the wrong JSON type, so the stored values the export must retype ("3" for an int,
        // "true" for a boolean, 4 for a string) can only be made in the table, as data written before the checks (or
        // by another writer) holds them. Only the attributes are rewritten: the work itself is the API's.
        retype(project, a1, ann2.id(), "claims", "{\"severity\": \"3\", \"confidence\": 0.5, \"checked\": \"true\"}");
        retype(project, a2, ann1.id(), "framing", "{\"severity\": 4}");

        String jsonl = Fixtures.asAdmin().get("/api/v1/projects/" + project + "/export?format=jsonl")
                .then().statusCode(200).extract().asString();
        Map<String, TreeSet<String>> types = new TreeMap<>();
        List<JsonNode> annotations = new ArrayList<>();
        for (String line : jsonl.split("\n")) {
            JsonNode node = W3cSuite.JSON.readTree(line);
            record("", node, types);
            node.get("raw").forEach(w -> w.get("annotations").forEach(annotations::add));
        }
        types.forEach((path, seen) -> assertEquals(1, seen.size(), path + " has types " + seen));
        assertEquals(5, annotations.size());
        for (JsonNode a : annotations) {
            for (String key : iterate(a.get("attributes"))) {
                assertTrue(key.startsWith(a.get("layer").asText() + ".") || !key.contains("."),
                        "an attribute name typed differently on two layers is keyed by layer: " + key);
            }
        }
        JsonNode first = annotations.stream().filter(a -> a.get("attributes").path("confidence").asDouble() == 1.0)
                .findFirst().orElseThrow().get("attributes");
        assertEquals(2, first.get("claims.severity").asLong());
        assertTrue(first.get("confidence").isDouble(), "a number attribute is a float even when stored as 1");
        JsonNode second = annotations.stream().filter(a -> a.get("attributes").path("checked").isBoolean()).findFirst()
                .orElseThrow().get("attributes");
        assertEquals(3, second.get("claims.severity").asLong(), "the stored string \"3\" read as the declared int");
        JsonNode framing4 = annotations.stream().filter(a -> a.get("layer").asText().equals("framing")
                && a.get("attributes").path("framing.severity").asText().equals("4")).findFirst().orElseThrow();
        assertTrue(framing4.get("attributes").get("framing.severity").isTextual(), "string attribute stored as 4");
    }

    /** Overwrites the stored attributes of the annotator's one annotation of the layer on the article. */
    private void retype(long project, long article, long annotator, String layer, String attributes) {
        assertEquals(1, new Db(dataSource).update("update annotation a set attributes = ?::jsonb from layer l"
                        + " where l.id = a.layer_id and l.name = ? and a.project_id = ? and a.article_id = ? and a.annotator_id = ?",
                attributes, layer, project, article, annotator), "one annotation retyped");
    }

    static List<String> iterate(JsonNode object) {
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** The typed reader: the JSON type of each field path ("raw[].annotations[].attributes.x"), nulls skipped. */
    static void record(String path, JsonNode node, Map<String, TreeSet<String>> types) {
        if (node.isNull()) {
            return;
        }
        JsonNodeType t = node.getNodeType();
        String type = node.isIntegralNumber() ? "int" : node.isNumber() ? "float" : t.name();
        types.computeIfAbsent(path, k -> new TreeSet<>()).add(type);
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> record(path + "." + e.getKey(), e.getValue(), types));
        } else if (node.isArray()) {
            node.forEach(e -> record(path + "[]", e, types));
        }
    }
}
