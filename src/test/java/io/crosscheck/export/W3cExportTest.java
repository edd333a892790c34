package io.crosscheck.export;

import com.fasterxml.jackson.databind.JsonNode;
import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.Work;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The W3C export (#12.4) checked with W3C tools: the Web Annotation test suite's JSON Schemas, a JSON-LD 1.1 processor
 * with the stored anno.jsonld, URLs of this API for collection, pages and sources, and quote selectors that match once
 * in an article that repeats its body (as the demo's did).
 */
@QuarkusTest
class W3cExportTest {

    static final String BODY = "Officials said the parade 😀 was the largest ever. Critics said the parade was the largest ever.";
    /** The article repeats its body, so short quotes occur two or four times. */
    static final String TEXT = BODY + "\n\n" + BODY;

    static long project;
    static long article;
    static long article2;
    static Fixtures.TestUser supervisor;

    @BeforeEach
    void setUp() {
        data();
    }

    /** The fixture, made once per test JVM (W3cProtocolTest reads the same project). */
    static synchronized void data() {
        if (supervisor != null) {
            return;
        }
        long source = Fixtures.source();
        String unique = " " + Fixtures.unique("end");
        article = Fixtures.article(source, TEXT + unique);
        article2 = Fixtures.article(source, "Another text. " + Fixtures.unique("t"));
        Map<String, Object> claims = new HashMap<>(Fixtures.spanLayer("claims", List.of("unsupported", "contradicted")));
        claims.put("attributes", List.of(Map.of("name", "severity", "type", "int")));
        project = Fixtures.project(2, List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "anti")), claims));
        Fixtures.addItems(project, List.of(article, article2));
        var ann1 = Fixtures.annotator();
        var ann2 = Fixtures.annotator();
        supervisor = Fixtures.supervisor();
        String text = TEXT + unique;
        int parade2 = TEXT.codePointCount(0, TEXT.lastIndexOf("the parade"));
        int largest2 = TEXT.codePointCount(0, TEXT.indexOf("largest ever", TEXT.indexOf(BODY, 1)));
        Work.claimed(project, article, ann1).documentLabel("stance", "pro")
                .span("claims", "unsupported", parade2, parade2 + 10, text, "{\"severity\": 2}")
                .span("claims", "contradicted", largest2, largest2 + 12, text, null) // "largest ever" of copy 2
                .submit();
        Work.claimed(project, article, ann2)
                .span("claims", "unsupported", 15, 25, text, "{\"severity\": 1}").submit(); // "the parade" of copy 1
        Work.claimed(project, article2, ann1).documentLabel("stance", "anti").submit();
        new Work.Gold(project, article, supervisor).add("claims", "unsupported", parade2, parade2 + 10, text).save();
    }

    static String export() {
        return Fixtures.as(supervisor.token()).get("/api/v1/projects/" + project + "/export?format=webanno")
                .then().statusCode(200).extract().asString();
    }

    @Test
    void theFilePassesTheW3cSuitesMustAssertions() throws Exception {
        JsonNode doc = W3cSuite.JSON.readTree(export());
        JsonNode context = doc.get("@context");
        int annotations = 0;
        for (JsonNode node : doc.get("@graph")) {
            String type = node.get("type").asText();
            if (type.equals("AnnotationPage")) {
                W3cSuite.assertPasses("pageMusts.test", W3cSuite.withContext(context, node), node.get("id").asText());
                for (JsonNode a : node.get("items")) {
                    W3cSuite.assertPasses("annotationMusts.test", W3cSuite.withContext(context, a), a.get("id").asText());
                    annotations++;
                }
            } else {
                assertEquals("AnnotationCollection", type);
                W3cSuite.assertPasses("collectionMusts.test", W3cSuite.withContext(context, node), "the collection");
            }
        }
        assertEquals(6, annotations);
    }

    @Test
    void pagesAreUrlsOfThisApiLinkedBothWaysAndPartOfTheCollection() throws Exception {
        JsonNode doc = W3cSuite.JSON.readTree(export());
        List<JsonNode> pages = new ArrayList<>();
        JsonNode collection = null;
        for (JsonNode node : doc.get("@graph")) {
            if (node.get("type").asText().equals("AnnotationPage")) {
                pages.add(node);
            } else {
                collection = node;
            }
        }
        assertNotNull(collection);
        String base = RestAssured.baseURI + ":" + RestAssured.port;
        String container = base + "/api/v1/projects/" + project + "/w3c/";
        assertEquals(container, collection.get("id").asText());
        assertEquals(2, pages.size());
        assertEquals(container + "?page=" + article, pages.get(0).get("id").asText());
        assertEquals(pages.get(0).get("id"), collection.get("first"));
        assertEquals(pages.get(1).get("id"), collection.get("last"));
        assertEquals(pages.get(1).get("id"), pages.get(0).get("next"));
        assertEquals(pages.get(0).get("id"), pages.get(1).get("prev"));
        assertFalse(pages.get(0).has("prev"));
        assertFalse(pages.get(1).has("next"));
        long index = 0;
        for (JsonNode p : pages) {
            assertEquals(collection.get("id"), p.get("partOf").get("id"));
            assertEquals(index, p.get("startIndex").asLong());
            index += p.get("items").size();
        }
        assertEquals(index, collection.get("total").asLong());
        // Each target's source is the article's URL here, and it answers.
        JsonNode span = null;
        for (JsonNode a : pages.get(0).get("items")) {
            span = a.get("target").isObject() ? a : span;
        }
        String source = span.get("target").get("source").asText();
        assertEquals(base + "/api/v1/articles/" + article, source);
        Fixtures.as(supervisor.token()).get(source.substring(base.length())).then().statusCode(200);
        assertTrue(span.get("id").asText().startsWith(container));
    }

    @Test
    void quoteSelectorsMatchOnceAndAtTheirPosition() throws Exception {
        JsonNode doc = W3cSuite.JSON.readTree(export());
        String text = Fixtures.as(supervisor.token()).get("/api/v1/articles/" + article).then().statusCode(200)
                .extract().jsonPath().getString("text");
        int checked = 0;
        for (JsonNode node : doc.get("@graph")) {
            for (JsonNode a : node.path("items")) {
                JsonNode target = a.get("target");
                if (!target.isObject()) {
                    continue;
                }
                JsonNode quote = target.get("selector").get(0);
                JsonNode position = target.get("selector").get(1);
                String needle = quote.get("prefix").asText() + quote.get("exact").asText() + quote.get("suffix").asText();
                int at = text.indexOf(needle);
                assertTrue(at >= 0, "the quote with its context is in the text: " + quote);
                assertEquals(-1, text.indexOf(needle, at + 1), "and only once: " + quote);
                int exactAt = text.codePointCount(0, at + quote.get("prefix").asText().length());
                assertEquals(position.get("start").asInt(), exactAt, "the unique match is the annotated place");
                assertTrue(text.split(java.util.regex.Pattern.quote(quote.get("exact").asText()), -1).length > 2,
                        "the bare quote repeats, so the context mattered: " + quote.get("exact"));
                checked++;
            }
        }
        assertEquals(4, checked);
    }

    @Test
    void jsonLdExpansionKeepsEveryTermAttributesIncluded() throws Exception {
        String file = export();
        W3cSuite.assertExpansionKeepsEverything(file);
        var expanded = W3cSuite.expand(file);
        List<JsonValue> attributes = W3cSuite.values(expanded, WebAnnotationWriter.VOCAB + "attributes");
        assertEquals(2, attributes.size());
        JsonObject value = attributes.get(0).asJsonArray().getJsonObject(0);
        assertEquals("@json", value.getString("@type"));
        assertTrue(value.getJsonObject("@value").containsKey("severity"));
        assertEquals(6, W3cSuite.values(expanded, WebAnnotationWriter.VOCAB + "kind").size());
        assertEquals(2, W3cSuite.values(expanded, "http://www.w3.org/ns/activitystreams#partOf").size());
    }
}
