package io.crosscheck.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crosscheck.common.CodePoints;
import io.crosscheck.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Round trip: a project loaded through the annotation import is exported as JSONL, the export's raw work is turned
 * back into import lines for a fresh project, and the fresh project's export carries the same annotations, the
 * same per-item agreement, the same card figures and the same figures from the agreement endpoint.
 */
@QuarkusTest
class ExportRoundTripTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static List<Map<String, Object>> layers() {
        Map<String, Object> claims = new HashMap<>(Fixtures.spanLayer("claims", List.of("unsupported", "contradicted", "world-fact-error")));
        claims.put("attributes", List.of(Map.of("name", "severity", "type", "int")));
        return List.of(
                Fixtures.documentLayer("stance", "nominal", List.of("pro", "neutral", "anti")),
                Fixtures.documentLayer("reliability", "ordinal", List.of("1", "2", "3", "4", "5")),
                claims);
    }

    static String importLines(long project, String ndjson) {
        return Fixtures.asAdmin().contentType("application/x-ndjson").body(ndjson.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/v1/projects/" + project + "/annotations/import")
                .then().statusCode(200).extract().asString();
    }

    static String exportJsonl(long project) {
        return Fixtures.asAdmin().get("/api/v1/projects/" + project + "/export?format=jsonl&include=raw")
                .then().statusCode(200).extract().asString();
    }

    static JsonNode card(long project) throws Exception {
        return JSON.readTree(Fixtures.asAdmin().get("/api/v1/projects/" + project + "/export/card?format=jsonl&include=raw")
                .then().statusCode(200).extract().asString());
    }

    @Test
    void jsonlExportImportedIntoAFreshProjectGivesTheSameAnnotationsAndAgreement() throws Exception {
        String ndjson = randomWork(new Random(20250828), 8);
        long original = Fixtures.project(3, layers());
        JsonNode report = JSON.readTree(importLines(original, ndjson.toString()));
        assertEquals(0, report.path("failed").asInt(), report.toString());

        String exported = exportJsonl(original);
        long fresh = Fixtures.project(3, layers());
        JsonNode reimport = JSON.readTree(importLines(fresh, toImportLines(exported)));
        assertEquals(0, reimport.path("failed").asInt(), reimport.toString());
        String again = exportJsonl(fresh);

        String[] before = exported.split("\n");
        String[] after = again.split("\n");
        assertEquals(8, before.length);
        assertEquals(before.length, after.length);
        for (int i = 0; i < before.length; i++) {
            JsonNode a = JSON.readTree(before[i]);
            JsonNode b = JSON.readTree(after[i]);
            assertEquals(a.get("id"), b.get("id"));
            assertEquals(withoutImportedFlag(a.get("raw")), withoutImportedFlag(b.get("raw")), "raw work of line " + i);
            assertEquals(a.get("agreement"), b.get("agreement"), "per-item agreement of line " + i);
        }
        JsonNode cardBefore = card(original);
        JsonNode cardAfter = card(fresh);
        assertEquals(cardBefore.get("agreement"), cardAfter.get("agreement"));
        assertEquals(cardBefore.get("counts"), cardAfter.get("counts"));
        assertTrue(cardBefore.get("agreement").get(0).get("krippendorffAlpha").isNumber());
        for (String layer : List.of("stance", "reliability", "claims")) {
            JsonNode agreementBefore = agreement(original, layer);
            assertEquals(agreementBefore, agreement(fresh, layer), "agreement endpoint on " + layer);
        }
        JsonNode stanceAgreement = agreement(original, "stance");
        assertEquals(stanceAgreement.get("krippendorffAlpha").asDouble(),
                cardBefore.get("agreement").get(0).get("krippendorffAlpha").asDouble(), 1e-9,
                "the card's α is the agreement endpoint's α");
        assertTrue(cardBefore.get("agreement").get(2).get("unitizingAlpha").isNumber());
    }

    /**
     * Import lines for {@code articles} new articles (text with accents, an emoji and quotes) by three fresh annotators:
     * stance and reliability labels, 0–3 claims spans each (an empty span set written as a line without label), some
     * with a severity, and now and then an annotator who did not do the item.
     */
    static String randomWork(Random random, int articles) {
        long source = Fixtures.source();
        List<String> annotators = List.of(Fixtures.unique("coder-a"), Fixtures.unique("coder-b"), Fixtures.unique("coder-c"));
        String[] stance = {"pro", "neutral", "anti"};
        String[] claims = {"unsupported", "contradicted", "world-fact-error"};
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < articles; i++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 40; w++) {
                text.append(w % 9 == 8 ? "ünïcode 😀, \"quoted\". " : "word" + random.nextInt(100) + " ");
            }
            String t = text.toString().trim() + " " + Fixtures.unique("a");
            long article = Fixtures.article(source, t);
            int length = CodePoints.length(t);
            for (String annotator : annotators) {
                if (i > 0 && random.nextInt(5) == 0) {
                    continue; // this annotator did not do the item
                }
                ndjson.append(line(article, annotator, "stance", stance[Math.min(2, random.nextInt(4))], null, null, null, null));
                ndjson.append(line(article, annotator, "reliability", Integer.toString(1 + random.nextInt(3)), null, null, null, null));
                int spans = random.nextInt(4);
                if (spans == 0) {
                    ndjson.append(line(article, annotator, "claims", null, null, null, null, null));
                }
                for (int s = 0; s < spans; s++) {
                    int start = (random.nextInt(4) * 25 + random.nextInt(3)) % (length - 30);
                    int end = start + 5 + random.nextInt(20);
                    ndjson.append(line(article, annotator, "claims", claims[random.nextInt(3)], start, end,
                            CodePoints.substring(t, start, end), random.nextBoolean() ? Map.of("severity", 1 + random.nextInt(3)) : null));
                }
            }
        }
        return ndjson.toString();
    }

    static JsonNode agreement(long project, String layer) throws Exception {
        return JSON.readTree(Fixtures.asAdmin().get("/api/v1/projects/" + project + "/agreement?layer=" + layer)
                .then().statusCode(200).extract().asString());
    }

    private static JsonNode withoutImportedFlag(JsonNode raw) {
        JsonNode copy = raw.deepCopy();
        copy.forEach(w -> ((ObjectNode) w).remove("imported"));
        return copy;
    }

    /**
     * The converter: every raw annotation becomes one import line; an annotator with nothing on a layer gets a
     * line without label for it, so "did the item, marked nothing" survives.
     */
    static String toImportLines(String jsonl) throws Exception {
        StringBuilder out = new StringBuilder();
        for (String l : jsonl.split("\n")) {
            JsonNode article = JSON.readTree(l);
            long id = article.get("id").asLong();
            for (JsonNode work : article.get("raw")) {
                String annotator = work.get("annotator").asText();
                Map<String, Boolean> seen = new LinkedHashMap<>();
                for (JsonNode f : article.get("agreement")) {
                    seen.put(f.get("layer").asText(), false);
                }
                for (JsonNode a : work.get("annotations")) {
                    seen.put(a.get("layer").asText(), true);
                    Map<String, Object> attributes = JSON.convertValue(a.get("attributes"), Map.class);
                    out.append(line(id, annotator, a.get("layer").asText(), a.get("label").asText(),
                            a.has("start") ? a.get("start").asInt() : null, a.has("end") ? a.get("end").asInt() : null,
                            a.has("quote") ? a.get("quote").asText() : null, attributes.isEmpty() ? null : attributes));
                }
                seen.forEach((layer, had) -> {
                    if (!had) {
                        out.append(line(id, annotator, layer, null, null, null, null, null));
                    }
                });
            }
        }
        return out.toString();
    }

    static String line(long article, String annotator, String layer, String label, Integer start, Integer end,
                       String quote, Map<String, ?> attributes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("articleId", article);
        m.put("annotator", annotator);
        m.put("layer", layer);
        if (label != null) {
            m.put("label", label);
        }
        if (start != null) {
            m.put("start", start);
            m.put("end", end);
            m.put("quote", quote);
        }
        if (attributes != null) {
            m.put("attributes", attributes);
        }
        try {
            return JSON.writeValueAsString(m) + "\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
