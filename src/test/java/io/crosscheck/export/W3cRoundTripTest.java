package io.crosscheck.export;

import com.fasterxml.jackson.databind.JsonNode;
import io.crosscheck.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Round trip through W3C Web Annotation: a project's W3C export (raw work) imported with {@code format=w3c} into a
 * fresh project gives the same annotations per article and annotator (spans, labels, attributes) and the same answer
 * from {@code GET …/agreement} on every layer — the JSONL round trip of {@link ExportRoundTripTest}, with the W3C
 * reader as the converter.
 */
@QuarkusTest
class W3cRoundTripTest {

    @Test
    void w3cExportImportedIntoAFreshProjectGivesTheSameSpansAndAgreement() throws Exception {
        long original = Fixtures.project(3, ExportRoundTripTest.layers());
        JsonNode report = ExportRoundTripTest.JSON.readTree(ExportRoundTripTest.importLines(original,
                ExportRoundTripTest.randomWork(new Random(20261201), 8)));
        assertEquals(0, report.path("failed").asInt(), report.toString());

        String w3c = Fixtures.asAdmin().get("/api/v1/projects/" + original + "/export?format=webanno&include=raw")
                .then().statusCode(200).extract().asString();
        long fresh = Fixtures.project(3, ExportRoundTripTest.layers());
        JsonNode reimport = ExportRoundTripTest.JSON.readTree(Fixtures.asAdmin().contentType("application/ld+json")
                .body(w3c.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/projects/" + fresh + "/annotations/import?format=w3c")
                .then().statusCode(200).extract().asString());
        assertEquals(0, reimport.path("failed").asInt(), reimport.toString());
        String[] before = ExportRoundTripTest.exportJsonl(original).split("\n");
        int annotations = 0;
        for (String line : before) {
            for (JsonNode work : ExportRoundTripTest.JSON.readTree(line).get("raw")) {
                annotations += work.get("annotations").size();
            }
        }
        assertEquals(annotations, reimport.path("created").asInt(), "every annotation of the export is imported once");

        String[] after = ExportRoundTripTest.exportJsonl(fresh).split("\n");
        assertEquals(8, before.length);
        assertEquals(before.length, after.length);
        for (int i = 0; i < before.length; i++) {
            JsonNode a = ExportRoundTripTest.JSON.readTree(before[i]);
            JsonNode b = ExportRoundTripTest.JSON.readTree(after[i]);
            assertEquals(a.get("id"), b.get("id"), "the same articles");
            assertEquals(a.get("raw"), b.get("raw"), "raw work of article " + a.get("id"));
            assertEquals(a.get("agreement"), b.get("agreement"), "per-item agreement of article " + a.get("id"));
        }
        for (String layer : List.of("stance", "reliability", "claims")) {
            JsonNode agreement = ExportRoundTripTest.agreement(original, layer);
            assertEquals(agreement, ExportRoundTripTest.agreement(fresh, layer), "agreement endpoint on " + layer);
        }
        assertTrue(ExportRoundTripTest.agreement(fresh, "stance").get("krippendorffAlpha").isNumber(), "a figure, not null");
    }
}
