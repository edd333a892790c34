package io.crosscheck.annotations.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosscheck.testing.Db;
import io.crosscheck.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Imports of other tools' files through {@code POST /projects/{id}/annotations/import?format=…}: each format's example
 * under src/test/resources/imports puts its spans on exactly the right text after an emoji (and, for Label Studio, a
 * decomposed accent), and each kind of bad record is a line error that stores nothing.
 */
@QuarkusTest
class FormatImportResourceTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DataSource dataSource;

    long projectId;
    String source;

    @BeforeEach
    void setUp() {
        Map<String, Object> claims = new LinkedHashMap<>(Fixtures.spanLayer("claims",
                List.of("unsupported", "contradicted", "world fact error")));
        claims.put("attributes", List.of(Map.of("name", "severity", "type", "int")));
        projectId = Fixtures.project(2, List.of(
                Fixtures.documentLayer("stance", "nominal", List.of("pro", "neutral", "anti")),
                claims,
                Fixtures.spanLayer("entities", List.of("PER", "ORG", "MISC", "LOC", "TITLE"))));
        source = Fixtures.unique("wire");
    }

    static String resource(String name) {
        try (InputStream in = FormatImportResourceTest.class.getResourceAsStream("/imports/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] zip(Map<String, String> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    JsonPath importFile(String query, String contentType, byte[] body) {
        return given().header("Authorization", "Bearer " + Fixtures.ADMIN_TOKEN).contentType(contentType).body(body)
                .when().post("/api/v1/projects/" + projectId + "/annotations/import?" + query)
                .then().statusCode(200).contentType("application/json").extract().jsonPath();
    }

    JsonPath importFile(String query, String contentType, String body) {
        return importFile(query, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Raw work of the project as the JSONL export gives it: "annotator layer label start end quote" per annotation. */
    List<String> stored() {
        String jsonl = Fixtures.asAdmin().get("/api/v1/projects/" + projectId + "/export?format=jsonl&include=raw")
                .then().statusCode(200).extract().asString();
        List<String> out = new ArrayList<>();
        for (String line : jsonl.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode article = JSON.readTree(line);
                for (JsonNode work : article.get("raw")) {
                    if (work.get("annotations").isEmpty()) {
                        out.add(work.get("annotator").asText() + " did the item");
                    }
                    for (JsonNode a : work.get("annotations")) {
                        out.add(work.get("annotator").asText() + " " + a.get("layer").asText() + " " + a.get("label").asText()
                                + (a.has("start") ? " " + a.get("start").asInt() + "-" + a.get("end").asInt() + " "
                                + a.get("quote").asText() : "") + (a.get("attributes").isEmpty() ? "" : " " + a.get("attributes")));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    String articleText() {
        String jsonl = Fixtures.asAdmin().get("/api/v1/projects/" + projectId + "/export?format=jsonl&include=raw")
                .then().statusCode(200).extract().asString();
        try {
            return JSON.readTree(jsonl.split("\n")[0]).get("text").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void assertNothingStored(JsonPath report, int failed) {
        assertEquals(0, report.getInt("created"), report.prettify());
        assertEquals(failed, report.getInt("failed"), report.prettify());
        assertEquals(0, report.getInt("articlesCreated"));
        assertEquals(0L, count("select count(*) as n from project_item where project_id = ?", projectId), "no item");
        assertEquals(0L, count("select count(*) as n from source where name = ?", source), "no source, so no article");
    }

    long count(String sql, Object... params) {
        try {
            return ((Number) new Db(dataSource).query(sql, params).get(0).get("n")).longValue();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String detail(JsonPath report, int i) {
        return report.getString("errors[" + i + "].detail");
    }

    @Nested
    class LabelStudio {

        @Test
        void exportImportsSpansOnTheRightTextAfterADecomposedAccentAndAnEmoji() {
            JsonPath report = importFile("format=labelstudio&layer=claim=claims", "application/json",
                    resource("labelstudio-export.json").replace("Example Wire", source));
            assertEquals(0, report.getInt("failed"), report.prettify());
            assertEquals(6, report.getInt("created"));
            assertEquals(1, report.getInt("articlesCreated"));
            assertTrue(articleText().startsWith("Café 😀: Former"), "the stored text is NFC");
            assertEquals(List.of(
                    "anna@example.org stance neutral",
                    "anna@example.org claims world fact error 8-27 Former US President",
                    "anna@example.org claims unsupported 40-59 in Beijing.\nMarkets",
                    "ben@example.org stance anti",
                    "ben@example.org claims unsupported 28-33 Trump",
                    "dan@example.org did the item"), stored());
        }

        @Test
        void badOffsetsUnknownLabelUnknownLayerAndMismatchedTextAreLineErrorsThatStoreNothing() {
            String text = "😀 Former US President spoke.";
            String body = "[{\"id\": 1, \"data\": {\"text\": \"" + text + "\", \"source\": \"" + source + "\"}, \"annotations\": [{"
                    + "\"id\": 5, \"completed_by\": {\"email\": \"" + Fixtures.unique("x") + "@example.org\"}, \"result\": ["
                    + "{\"id\": \"a\", \"from_name\": \"claim\", \"type\": \"labels\", \"value\": {\"start\": 2, \"end\": 99, \"labels\": [\"unsupported\"]}},"
                    + "{\"id\": \"b\", \"from_name\": \"claim\", \"type\": \"labels\", \"value\": {\"start\": 2, \"end\": 8, \"text\": \"Former\", \"labels\": [\"nonsense\"]}},"
                    + "{\"id\": \"c\", \"from_name\": \"topic\", \"type\": \"choices\", \"value\": {\"choices\": [\"pro\"]}},"
                    + "{\"id\": \"d\", \"from_name\": \"claim\", \"type\": \"labels\", \"value\": {\"start\": 2, \"end\": 8, \"text\": \"Latter\", \"labels\": [\"unsupported\"]}}"
                    + "]}]}]";
            JsonPath report = importFile("format=labelstudio&layer=claim=claims", "application/json", body);
            assertNothingStored(report, 4);
            assertTrue(detail(report, 0).contains("outside the text"), detail(report, 0));
            assertTrue(detail(report, 1).contains("value.text \"Latter\""), detail(report, 1));
            assertTrue(detail(report, 2).contains("unknown label 'nonsense'"), detail(report, 2));
            assertTrue(detail(report, 3).contains("unknown layer 'topic'"), detail(report, 3));
        }
    }

    @Nested
    class Doccano {

        @Test
        void jsonlOfOneAnnotatorPutsUtf16OffsetsOnTheRightTextAfterAnEmoji() {
            String annotator = Fixtures.unique("doc-ann");
            JsonPath report = importFile("format=doccano&layer=entities&annotator=" + annotator, "application/x-ndjson",
                    resource("doccano-annotator.jsonl").replace("Example Wire", source));
            assertEquals(0, report.getInt("failed"), report.prettify());
            assertEquals(5, report.getInt("created"));
            assertEquals(2, report.getInt("articlesCreated"));
            List<String> stored = stored();
            assertTrue(stored.contains(annotator + " entities ORG 2-4 EU"), stored.toString());
            assertTrue(stored.contains(annotator + " entities MISC 36-43 British"), stored.toString());
            assertTrue(stored.contains(annotator + " entities PER 28-33 Obama"), stored.toString());
        }

        @Test
        void exportZipGivesOneAnnotatorPerFileAndCodePointOffsetsOnRequest() {
            String text = "😀 EU rejects German call.";
            String a = Fixtures.unique("alice");
            String b = Fixtures.unique("bob");
            // Code points (as Python counts them): "EU" is 2..4.
            byte[] body = zip(Map.of(a + ".jsonl", "{\"text\": \"" + text + "\", \"label\": [[2, 4, \"ORG\"]]}\n",
                    b + ".jsonl", "{\"text\": \"" + text + "\", \"label\": [[13, 19, \"MISC\"]]}\n"));
            JsonPath report = importFile("format=doccano&layer=entities&offsets=codepoints&source=" + source,
                    "application/zip", body);
            assertEquals(0, report.getInt("failed"), report.prettify());
            assertEquals(1, report.getInt("articlesCreated"));
            assertEquals(List.of(a + " entities ORG 2-4 EU", b + " entities MISC 13-19 German"), stored());
        }

        @Test
        void badOffsetsUnknownLabelNoLayerAndAnOffsetInsideACharacterAreLineErrorsThatStoreNothing() {
            String annotator = Fixtures.unique("doc-ann");
            String body = "{\"text\": \"😀 EU rejects\", \"source\": \"" + source + "\", \"label\": [[3, 500, \"ORG\"]]}\n"
                    + "{\"text\": \"😀 EU rejects\", \"source\": \"" + source + "\", \"label\": [[3, 5, \"NOPE\"]]}\n"
                    + "{\"text\": \"😀 EU rejects\", \"source\": \"" + source + "\", \"label\": [[1, 5, \"ORG\"]]}\n";
            JsonPath report = importFile("format=doccano&layer=entities&annotator=" + annotator, "application/x-ndjson", body);
            assertNothingStored(report, 3);
            assertTrue(detail(report, 0).contains("outside the text"), detail(report, 0));
            // In line order: the unknown label (line 2) before the offset inside a character (line 3).
            assertTrue(detail(report, 1).contains("unknown label 'NOPE'"), detail(report, 1));
            assertTrue(detail(report, 2).contains("between the two UTF-16 units"), detail(report, 2));
            JsonPath noLayer = importFile("format=doccano&annotator=" + annotator, "application/x-ndjson",
                    "{\"text\": \"😀 EU rejects\", \"source\": \"" + source + "\", \"label\": [[3, 5, \"ORG\"]]}\n");
            assertNothingStored(noLayer, 1);
            assertTrue(detail(noLayer, 0).contains("names no layer"), detail(noLayer, 0));
        }
    }

    @Nested
    class WebannoTsv {

        @Test
        void tsvFileOfOneAnnotatorPutsMultiTokenSpansOnTheRightTextAfterAnEmoji() {
            String annotator = Fixtures.unique("tsv-ann");
            JsonPath report = importFile("format=webanno-tsv&layer=NamedEntity=entities&annotator=" + annotator
                    + "&source=" + source, "text/tab-separated-values", resource("webanno-annotator.tsv"));
            assertEquals(0, report.getInt("failed"), report.prettify());
            assertEquals("😊 Former US President Trump spoke .\nMarkets fell in Beijing .\n", articleText());
            assertEquals(List.of(annotator + " entities TITLE 2-21 Former US President",
                    annotator + " entities PER 22-27 Trump", annotator + " entities LOC 52-59 Beijing"), stored());
        }

        @Test
        void inceptionProjectExportZipIsReadPerAnnotatorFromItsAnnotationFolder() {
            String tsv = resource("webanno-annotator.tsv");
            String a = Fixtures.unique("anna");
            String b = Fixtures.unique("ben");
            byte[] body = zip(new LinkedHashMap<>(Map.of(
                    "exportedproject.json", "{}",
                    "source/parade.txt", "ignored",
                    "annotation/parade.txt/INITIAL_CAS.tsv", tsv.replace("PER", "_"),
                    "annotation/parade.txt/" + a + ".tsv", tsv,
                    "annotation/parade.txt/" + b + ".tsv", tsv.replace("LOC", "ORG"),
                    "curation/parade.txt/CURATION_USER.tsv", tsv)));
            JsonPath report = importFile("format=webanno-tsv&layer=NamedEntity=entities&source=" + source,
                    "application/zip", body);
            assertEquals(0, report.getInt("failed"), report.prettify());
            assertEquals(1, report.getInt("articlesCreated"));
            List<String> stored = stored();
            assertEquals(6, stored.size(), stored.toString());
            assertTrue(stored.contains(a + " entities LOC 52-59 Beijing"));
            assertTrue(stored.contains(b + " entities ORG 52-59 Beijing"));
        }

        @Test
        void unknownLabelUnknownLayerAndTokensOffTheirTextAreLineErrorsThatStoreNothing() {
            String annotator = Fixtures.unique("tsv-ann");
            String tsv = resource("webanno-annotator.tsv");
            JsonPath unknownLayer = importFile("format=webanno-tsv&annotator=" + annotator + "&source=" + source,
                    "text/plain", tsv);
            assertNothingStored(unknownLayer, 3);
            assertTrue(detail(unknownLayer, 0).contains("unknown layer 'NamedEntity'"), detail(unknownLayer, 0));
            JsonPath unknownLabel = importFile("format=webanno-tsv&layer=NamedEntity=entities&annotator=" + annotator
                    + "&source=" + source, "text/plain", tsv.replace("LOC", "PLACE"));
            assertEquals(1, unknownLabel.getInt("failed"));
            assertTrue(detail(unknownLabel, 0).contains("unknown label 'PLACE'"), detail(unknownLabel, 0));
            JsonPath badOffsets = importFile("format=webanno-tsv&layer=NamedEntity=entities&annotator=" + Fixtures.unique("t")
                    + "&source=" + Fixtures.unique("s"), "text/plain", tsv.replace("23-28", "24-29"));
            assertEquals(0, badOffsets.getInt("created"));
            assertEquals(1, badOffsets.getInt("failed"));
            assertTrue(detail(badOffsets, 0).contains("the token 'Trump' is not the text at 24-29"), detail(badOffsets, 0));
        }
    }

    @Nested
    class W3c {

        long articleId;
        String url;

        @BeforeEach
        void article() {
            url = "https://news.example.org/" + Fixtures.unique("story");
            var body = new java.util.HashMap<String, Object>();
            body.put("sourceId", Fixtures.source());
            body.put("title", "Parade");
            body.put("text", "😀 Former US President Trump spoke in Beijing. Markets fell.");
            body.put("url", url);
            articleId = Fixtures.asAdmin().body(body).when().post("/api/v1/articles").then().statusCode(201)
                    .extract().jsonPath().getLong("id");
        }

        @Test
        void collectionWithAnEmbeddedAndALinkedPageImportsPositionQuoteAndDocumentAnnotations() {
            JsonPath report = importFile("format=w3c&layer=claims", "application/ld+json",
                    resource("w3c-collection.jsonld").replace("https://news.example.org/ARTICLE", url));
            assertEquals(0, report.getInt("failed"), report.prettify());
            assertEquals(4, report.getInt("created"));
            assertEquals(List.of(
                    "w3c-anna stance neutral",
                    "w3c-anna claims world fact error 2-21 Former US President {\"severity\":2}",
                    "w3c-anna claims unsupported 46-58 Markets fell",
                    "w3c-ben claims unsupported 22-27 Trump"), stored());
        }

        @Test
        void aPageLinkedButNotSentIsA400AndStoresNothing() {
            String collection = resource("w3c-collection.jsonld");
            String onlyCollection = collection.substring(0, collection.indexOf("\n{"));
            given().header("Authorization", "Bearer " + Fixtures.ADMIN_TOKEN).contentType("application/ld+json")
                    .body(onlyCollection.replace("https://news.example.org/ARTICLE", url).getBytes(StandardCharsets.UTF_8))
                    .when().post("/api/v1/projects/" + projectId + "/annotations/import?format=w3c&layer=claims")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("detail", containsString("page/2"));
            assertEquals(List.of(), stored());
        }

        @Test
        void badPositionsUnknownLabelUnknownLayerAndAMismatchedQuoteAreLineErrorsThatStoreNothing() {
            String source = "urn:crosscheck:article:" + articleId;
            String who = Fixtures.unique("w3c");
            String body = "[" + anno(who, "unsupported", "claims", source, 2, 400, null) + ","
                    + anno(who, "nonsense", "claims", source, 2, 8, "Former") + ","
                    + anno(who, "unsupported", "topics", source, 2, 8, "Former") + ","
                    + anno(who, "unsupported", "claims", source, 2, 8, "Latter") + "]";
            JsonPath report = importFile("format=w3c", "application/json", body);
            assertEquals(0, report.getInt("created"), report.prettify());
            assertEquals(4, report.getInt("failed"));
            assertEquals(List.of(), stored());
            assertTrue(detail(report, 0).contains("offsets must satisfy"), detail(report, 0));
            assertTrue(detail(report, 1).contains("unknown label 'nonsense'"), detail(report, 1));
            assertTrue(detail(report, 2).contains("unknown layer 'topics'"), detail(report, 2));
            assertTrue(detail(report, 3).contains("quote does not match"), detail(report, 3));
        }

        String anno(String creator, String label, String layer, String source, int start, int end, String exact) {
            return "{\"type\": \"Annotation\", \"creator\": {\"nickname\": \"" + creator + "\"}, \"body\": ["
                    + "{\"type\": \"TextualBody\", \"purpose\": \"classifying\", \"value\": \"" + label + "\"},"
                    + "{\"type\": \"TextualBody\", \"purpose\": \"tagging\", \"value\": \"" + layer + "\"}],"
                    + "\"target\": {\"source\": \"" + source + "\", \"selector\": ["
                    + (exact == null ? "" : "{\"type\": \"TextQuoteSelector\", \"exact\": \"" + exact + "\"},")
                    + "{\"type\": \"TextPositionSelector\", \"start\": " + start + ", \"end\": " + end + "}]}}";
        }
    }

    @Nested
    class Conll {

        @Test
        void tokensAndBioTagsBecomeSpansOnTheRebuiltTextWithUnderscoresReadAsSpaces() {
            JsonPath report = importFile("format=conll&layer=claims&source=" + source, "text/plain",
                    resource("conll-annotator.conll"));
            assertEquals(0, report.getInt("failed"), report.prettify());
            assertEquals("😀 Former US President Trump spoke .\nMarkets fell .", articleText());
            assertEquals(List.of("conll-anna stance pro",
                    "conll-anna claims world fact error 2-21 Former US President",
                    "conll-anna claims unsupported 36-48 Markets fell"), stored());
        }

        @Test
        void crosscheckStyleColumnsNameTheLayersAndOffsetsPlaceTheTokens() {
            String annotator = Fixtures.unique("conll");
            String body = "# global.columns = TOKEN START END claims entities\n-DOCSTART-\n# annotator = " + annotator + "\n"
                    + "😀\t0\t1\tO\tO\nFormer\t2\t8\tB-unsupported\tO\nTrump\t9\t14\tO\tB-PER\n.\t14\t15\tO\tO\n\n";
            JsonPath report = importFile("format=conll&source=" + source, "text/plain", body);
            assertEquals(0, report.getInt("failed"), report.prettify());
            assertEquals("😀 Former Trump.", articleText());
            assertEquals(List.of(annotator + " claims unsupported 2-8 Former", annotator + " entities PER 9-14 Trump"), stored());
        }

        @Test
        void unknownLabelNoLayerBadTagsAndTokensOffTheirOffsetsAreLineErrorsThatStoreNothing() {
            String annotator = Fixtures.unique("conll");
            JsonPath unknownLabel = importFile("format=conll&layer=claims&annotator=" + annotator + "&source=" + source,
                    "text/plain", "😀\tO\nFormer\tB-nonsense\nspeech\tX-claims\n\n");
            assertNothingStored(unknownLabel, 2);
            // In line order: the unknown label (line 2) before the bad tag (line 3).
            assertTrue(detail(unknownLabel, 0).contains("unknown label 'nonsense'"), detail(unknownLabel, 0));
            assertTrue(detail(unknownLabel, 1).contains("the tag 'X-claims'"), detail(unknownLabel, 1));
            JsonPath noLayer = importFile("format=conll&annotator=" + annotator + "&source=" + source, "text/plain",
                    "😀\tO\nFormer\tB-unsupported\n\n");
            assertNothingStored(noLayer, 1);
            assertTrue(detail(noLayer, 0).contains("names no layer"), detail(noLayer, 0));
            JsonPath badOffsets = importFile("format=conll&annotator=" + annotator + "&source=" + source, "text/plain",
                    "# global.columns = TOKEN START END claims\n😀\t0\t1\tO\nFormer\t2\t9\tB-unsupported\n\n");
            assertNothingStored(badOffsets, 1);
            assertTrue(detail(badOffsets, 0).contains("does not fit its offsets"), detail(badOffsets, 0));
        }
    }

    @Nested
    class Parameters {

        @Test
        void unknownFormatOrLayerParameterIs400AndAWrongContentTypeIs415() {
            given().header("Authorization", "Bearer " + Fixtures.ADMIN_TOKEN).contentType("application/json").body("[]")
                    .when().post("/api/v1/projects/" + projectId + "/annotations/import?format=brat")
                    .then().statusCode(400).contentType("application/problem+json").body("parameter", org.hamcrest.Matchers.equalTo("format"));
            given().header("Authorization", "Bearer " + Fixtures.ADMIN_TOKEN).contentType("application/json").body("[]")
                    .when().post("/api/v1/projects/" + projectId + "/annotations/import?format=labelstudio&layer=nope")
                    .then().statusCode(400).contentType("application/problem+json").body("parameter", org.hamcrest.Matchers.equalTo("layer"));
            given().header("Authorization", "Bearer " + Fixtures.ADMIN_TOKEN).contentType("text/plain").body("x")
                    .when().post("/api/v1/projects/" + projectId + "/annotations/import?format=w3c")
                    .then().statusCode(415).contentType("application/problem+json");
        }

        @Test
        void annotatorsCannotImport() {
            given().header("Authorization", "Bearer " + Fixtures.annotator().token()).contentType("application/json").body("[]")
                    .when().post("/api/v1/projects/" + projectId + "/annotations/import?format=labelstudio")
                    .then().statusCode(403);
        }
    }
}
