package io.crosscheck.export;

import com.apicatalog.jsonld.JsonLd;
import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.JsonLdErrorCode;
import com.apicatalog.jsonld.document.JsonDocument;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.InputStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The W3C checks shared by the W3C export and protocol tests: the Web Annotation test suite's JSON Schema "must"
 * assertions (src/test/resources/w3c-annotation-tests) and JSON-LD expansion with the stored anno.jsonld context.
 */
final class W3cSuite {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIR = "w3c-annotation-tests/";
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

    private W3cSuite() {
    }

    /** The assertion files a {@code *.test} list names (nested "or" groups flattened). */
    static List<String> assertions(String testList) throws Exception {
        List<String> names = new ArrayList<>();
        try (InputStream in = W3cSuite.class.getClassLoader().getResourceAsStream(DIR + testList)) {
            collect(JSON.readTree(in).get("assertions"), names);
        }
        return names;
    }

    private static void collect(JsonNode node, List<String> names) {
        if (node.isTextual()) {
            String path = node.asText();
            names.add(path.substring(path.lastIndexOf('/') + 1));
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, names));
        } else if (node.isObject()) {
            node.forEach(n -> collect(n, names));
        }
    }

    /** Fails unless the object passes every assertion of the list (all of them expect "valid"). */
    static void assertPasses(String testList, JsonNode object, String what) throws Exception {
        for (String name : assertions(testList)) {
            JsonSchema schema = CACHE.computeIfAbsent(name, n -> SCHEMAS.getSchema(SchemaLocation.of("classpath:" + DIR + n)));
            Set<ValidationMessage> errors = schema.validate(object);
            assertTrue(errors.isEmpty(), what + " fails W3C assertion " + name + ": " + errors + "\n" + object);
        }
    }

    /** The object with the document's {@code @context}, as the suite validates stand-alone objects. */
    static ObjectNode withContext(JsonNode context, JsonNode object) {
        ObjectNode copy = JSON.createObjectNode();
        copy.set("@context", context);
        object.fields().forEachRemaining(e -> copy.set(e.getKey(), e.getValue()));
        return copy;
    }

    /** JSON-LD expansion (titanium, JSON-LD 1.1) with anno.jsonld served from the test resources, no network. */
    static JsonArray expand(String document) throws JsonLdError {
        return JsonLd.expand(JsonDocument.of(new StringReader(document))).loader((url, options) -> {
            if (!url.toString().equals("http://www.w3.org/ns/anno.jsonld")) {
                throw new JsonLdError(JsonLdErrorCode.LOADING_DOCUMENT_FAILED, "no network in tests: " + url);
            }
            return JsonDocument.of(W3cSuite.class.getClassLoader().getResourceAsStream(DIR + "anno.jsonld"));
        }).get();
    }

    /**
     * Checks that expansion dropped nothing: every scalar of the document (outside {@code @context}) comes out of
     * expansion as one value, id or type. A term the context does not define is silently dropped by expansion, which
     * makes the counts differ.
     */
    static void assertExpansionKeepsEverything(String document) throws Exception {
        long before = leaves(JSON.readTree(document));
        long after = expandedLeaves(expand(document));
        assertEquals(before, after, "scalars before and after JSON-LD expansion");
    }

    private static long leaves(JsonNode n) {
        if (n.isObject()) {
            long c = 0;
            var it = n.fields();
            while (it.hasNext()) {
                var e = it.next();
                if (!e.getKey().equals("@context")) {
                    c += leaves(e.getValue());
                }
            }
            return c;
        }
        if (n.isArray()) {
            long c = 0;
            for (JsonNode e : n) {
                c += leaves(e);
            }
            return c;
        }
        return n.isNull() ? 0 : 1;
    }

    private static long expandedLeaves(JsonValue v) {
        if (v instanceof JsonArray a) {
            return a.stream().mapToLong(W3cSuite::expandedLeaves).sum();
        }
        if (v instanceof JsonObject o) {
            if (o.containsKey("@value")) {
                return jsonLeaves(o.get("@value")); // a value's @type is its datatype, not one of the document's scalars
            }
            long c = 0;
            for (var e : o.entrySet()) {
                switch (e.getKey()) {
                    case "@id" -> c++;
                    case "@type" -> c += e.getValue() instanceof JsonArray a ? a.size() : 1;
                    default -> c += expandedLeaves(e.getValue());
                }
            }
            return c;
        }
        return 1;
    }

    /** Scalars of a plain JSON value (a {@code @json} literal keeps its object whole). */
    private static long jsonLeaves(JsonValue v) {
        if (v instanceof JsonArray a) {
            return a.stream().mapToLong(W3cSuite::jsonLeaves).sum();
        }
        if (v instanceof JsonObject o) {
            return o.values().stream().mapToLong(W3cSuite::jsonLeaves).sum();
        }
        return v.getValueType() == JsonValue.ValueType.NULL ? 0 : 1;
    }

    /** Every value of {@code property} anywhere in the expansion. */
    static List<JsonValue> values(JsonValue v, String property) {
        List<JsonValue> out = new ArrayList<>();
        walk(v, property, out);
        return out;
    }

    private static void walk(JsonValue v, String property, List<JsonValue> out) {
        if (v instanceof JsonArray a) {
            a.forEach(e -> walk(e, property, out));
        } else if (v instanceof JsonObject o) {
            for (var e : o.entrySet()) {
                if (e.getKey().equals(property)) {
                    out.add(e.getValue());
                }
                if (!e.getKey().equals("@value")) {
                    walk(e.getValue(), property, out);
                }
            }
        }
    }

    static String string(JsonValue v) {
        return ((JsonString) v).getString();
    }
}
