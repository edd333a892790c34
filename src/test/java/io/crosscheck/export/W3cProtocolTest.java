package io.crosscheck.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crosscheck.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.crosscheck.export.W3cExportTest.export;
import static io.crosscheck.export.W3cExportTest.project;
import static io.crosscheck.export.W3cExportTest.supervisor;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The read side of the W3C Web Annotation Protocol (#12.5), checked against the protocol's read requirements
 * (container: LDP basic container type and constrainedBy links, ETag, Allow, Vary: Accept, Prefer, paged
 * representation, Prefer for minimal / IRIs / descriptions; annotation: GET, HEAD, OPTIONS, ETag, Allow, Link type
 * Resource, the JSON-LD media type with the anno.jsonld profile), and against the W3C export: every id in the export
 * file answers here with the same object.
 */
@QuarkusTest
class W3cProtocolTest {

    @BeforeEach
    void data() {
        W3cExportTest.data();
    }

    static String base() {
        return RestAssured.baseURI + ":" + RestAssured.port;
    }

    static Response get(String url) {
        return Fixtures.as(supervisor.token()).accept("application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"")
                .get(url.substring(base().length()));
    }

    static ObjectNode withoutContext(JsonNode n) {
        ObjectNode copy = n.deepCopy();
        copy.remove("@context");
        return copy;
    }

    @Test
    void everyIdOfTheExportFileAnswersWithTheSameObject() throws Exception {
        JsonNode doc = W3cSuite.JSON.readTree(export());
        int fetched = 0;
        for (JsonNode node : doc.get("@graph")) {
            Response r = get(node.get("id").asText());
            r.then().statusCode(200).contentType(containsString("application/ld+json"))
                    .header("Content-Type", containsString("profile=\"http://www.w3.org/ns/anno.jsonld\""));
            JsonNode served = W3cSuite.JSON.readTree(r.asString());
            if (node.get("type").asText().equals("AnnotationPage")) {
                W3cSuite.assertPasses("pageMusts.test", served, "served page");
                assertEquals(node.get("partOf").get("id"), served.get("partOf").get("id"));
                assertEquals(doc.get("@graph").get(doc.get("@graph").size() - 1).get("total"), served.get("partOf").get("total"));
                ObjectNode a = withoutContext(served);
                ObjectNode b = node.deepCopy();
                a.remove("partOf");
                b.remove("partOf");
                assertEquals(b, a, "page " + node.get("id"));
                for (JsonNode item : node.get("items")) {
                    Response served1 = get(item.get("id").asText());
                    served1.then().statusCode(200);
                    assertTrue(served1.headers().getValues("Link").stream().anyMatch(l -> l.contains("<http://www.w3.org/ns/ldp#Resource>")));
                    JsonNode one = W3cSuite.JSON.readTree(served1.asString());
                    W3cSuite.assertPasses("annotationMusts.test", one, "served annotation");
                    assertEquals(item, withoutContext(one));
                    fetched++;
                }
            } else {
                W3cSuite.assertPasses("collectionMusts.test", served, "served container");
                assertEquals(node.get("total"), served.get("total"));
                assertEquals(node.get("last"), served.get("last"));
                assertEquals(node.get("first"), served.get("first").get("id"), "the first page, embedded");
                assertTrue(served.get("type").toString().contains("BasicContainer"));
                W3cSuite.assertExpansionKeepsEverything(r.asString());
            }
        }
        assertEquals(6, fetched);
    }

    @Test
    void containerHeadersPreferAndConditionalGet() {
        String container = base() + "/api/v1/projects/" + project + "/w3c/";
        Response r = get(container);
        r.then().statusCode(200)
                .header("Allow", containsString("GET"))
                .header("Vary", containsString("Prefer"))
                .header("ETag", org.hamcrest.Matchers.notNullValue());
        List<String> links = r.headers().getValues("Link");
        assertTrue(links.stream().anyMatch(l -> l.contains("<http://www.w3.org/ns/ldp#BasicContainer>") && l.contains("rel=\"type\"")), links.toString());
        assertTrue(links.stream().anyMatch(l -> l.contains("ldp#constrainedBy")), links.toString());
        String etag = r.header("ETag");
        Fixtures.as(supervisor.token()).header("If-None-Match", etag).get(container.substring(base().length()))
                .then().statusCode(304);
        Fixtures.as(supervisor.token()).head(container.substring(base().length())).then().statusCode(200)
                .header("ETag", etag);
        Fixtures.as(supervisor.token()).options(container.substring(base().length())).then().statusCode(200)
                .header("Allow", containsString("HEAD"));

        JsonNode minimal = Fixtures.as(supervisor.token())
                .header("Prefer", "return=representation; include=\"" + W3cProtocolResource.PREFER_MINIMAL + "\"")
                .get(container.substring(base().length())).then().statusCode(200)
                .header("Preference-Applied", "return=representation").extract().as(JsonNode.class);
        assertTrue(minimal.get("first").isTextual(), "minimal: the first page by IRI only");
        JsonNode iris = Fixtures.as(supervisor.token())
                .header("Prefer", "return=representation; include=\"" + W3cProtocolResource.PREFER_IRIS + "\"")
                .get(container.substring(base().length())).then().statusCode(200).extract().as(JsonNode.class);
        JsonNode items = iris.get("first").get("items");
        assertTrue(items.size() > 0 && items.get(0).isTextual(), "IRIs of the contained annotations");
        get(items.get(0).asText()).then().statusCode(200);
        assertTrue(iris.get("first").get("next").asText().endsWith("&iris=1"));
        get(iris.get("first").get("next").asText()).then().statusCode(200);
    }

    @Test
    void annotationHeadersAndRefusals() {
        JsonNode first = get(base() + "/api/v1/projects/" + project + "/w3c/").as(JsonNode.class).get("first");
        String id = first.get("items").get(0).get("id").asText();
        Response r = get(id);
        r.then().statusCode(200).header("Allow", containsString("OPTIONS")).header("Vary", containsString("Accept"));
        assertNotNull(r.header("ETag"));
        Fixtures.as(supervisor.token()).head(id.substring(base().length())).then().statusCode(200);
        Fixtures.as(supervisor.token()).options(id.substring(base().length())).then().statusCode(200)
                .header("Allow", containsString("GET"));
        String path = "/api/v1/projects/" + project + "/w3c/";
        Fixtures.as(Fixtures.annotator().token()).get(path).then().statusCode(403);
        Fixtures.as(supervisor.token()).get(path + "999999999").then().statusCode(404).contentType("application/problem+json");
        Fixtures.as(supervisor.token()).get(path + "gold-x").then().statusCode(404);
        Fixtures.as(supervisor.token()).get(path + "?page=1").then().statusCode(404);
        Fixtures.as(supervisor.token()).get(path + "?page=abc").then().statusCode(400).contentType("application/problem+json");
        Fixtures.as(supervisor.token()).get(path + "?include=nope").then().statusCode(400);
        assertFalse(r.asString().isEmpty());
    }
}
