package io.crosscheck.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosscheck.agreement.core.KrippendorffAlpha;
import io.crosscheck.agreement.core.Level;
import io.crosscheck.agreement.core.Ratings;
import io.crosscheck.common.CodePoints;
import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.Work;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The export endpoint and the dataset card on one small hand-checked project: two sources, three annotators, one
 * adjudicated article with quotes, commas, an emoji and a line break inside its spans.
 */
@QuarkusTest
class ExportResourceTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TEXT_1 = "Tom said: \"Prices rose, sharply.\" Markets fell 😀 today!\nA new line here.";
    static final String TEXT_2 = "Calm day. Nothing happened.";

    /** The project built once for the whole class (tests only read it). */
    record Data(long project, long source1, long source2, long article1, long article2, long article3,
                Fixtures.TestUser ann1, Fixtures.TestUser ann2, Fixtures.TestUser ann3, Fixtures.TestUser supervisor) {
    }

    static Data data;

    static int cp(String text, String needle) {
        int i = text.indexOf(needle);
        if (i < 0) {
            throw new IllegalArgumentException(needle);
        }
        return text.codePointCount(0, i);
    }

    static List<Map<String, Object>> layers() {
        Map<String, Object> claims = new java.util.HashMap<>(Fixtures.spanLayer("claims", List.of("unsupported", "contradicted")));
        claims.put("attributes", List.of(Map.of("name", "severity", "type", "int")));
        return List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "neutral", "anti")), claims);
    }

    @BeforeEach
    void setUp() {
        if (data != null) {
            return;
        }
        long s1 = Fixtures.source();
        long s2 = Fixtures.source();
        long a1 = Fixtures.article(s1, TEXT_1);
        long a2 = Fixtures.article(s2, TEXT_2 + " " + Fixtures.unique("x"));
        long a3 = Fixtures.article(s1, "Untouched article " + Fixtures.unique("y") + ".");
        long project = Fixtures.project(3, layers());
        Fixtures.addItems(project, List.of(a1, a2, a3));
        var ann1 = Fixtures.annotator();
        var ann2 = Fixtures.annotator();
        var ann3 = Fixtures.annotator();
        var sup = Fixtures.supervisor();

        int rose = cp(TEXT_1, "rose");
        int mar = cp(TEXT_1, "Markets") + 3;
        // The queue hands out items in the order they were added, so each claim below gets the article it names. On a1
        // the import brings ann2's work in between two queue submissions: imported work beside queue work on one item.
        Work.claimed(project, a1, ann1).documentLabel("stance", "pro")
                .span("claims", "unsupported", rose, mar, TEXT_1, "{\"severity\": 2}")
                .span("claims", "contradicted", cp(TEXT_1, "😀"), cp(TEXT_1, "A new") + 1, TEXT_1, null)
                .span("claims", "contradicted", cp(TEXT_1, "sharply"), cp(TEXT_1, "sharply") + 7, TEXT_1, null)
                .submit();
        Work.imported(project, a1, ann2).documentLabel("stance", "pro")
                .span("claims", "unsupported", rose, mar, TEXT_1, null).submit();
        Work.claimed(project, a1, ann3).documentLabel("stance", "anti").submit();

        Work.claimed(project, a2, ann1).documentLabel("stance", "neutral").submit();
        Work.claimed(project, a2, ann2).documentLabel("stance", "neutral").submit();
        Work.claimed(project, a2, ann3).documentLabel("stance", "anti"); // leased, never submitted: not exported

        new Work.Gold(project, a1, sup).add("stance", "pro", null, null, TEXT_1)
                .add("claims", "unsupported", rose, cp(TEXT_1, " Markets"), TEXT_1).save();
        data = new Data(project, s1, s2, a1, a2, a3, ann1, ann2, ann3, sup);
    }

    static Response export(String query) {
        return Fixtures.as(data.supervisor().token()).when().get("/api/v1/projects/" + data.project() + "/export?" + query);
    }

    static List<JsonNode> jsonl(String query) throws Exception {
        String body = export(query).then().statusCode(200).extract().asString();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    static JsonNode work(JsonNode article, String annotator) {
        for (JsonNode w : article.get("raw")) {
            if (w.get("annotator").asText().equals(annotator)) {
                return w;
            }
        }
        return null;
    }

    static JsonNode figure(JsonNode article, String layer) {
        for (JsonNode f : article.get("agreement")) {
            if (f.get("layer").asText().equals(layer)) {
                return f;
            }
        }
        return null;
    }

    @Nested
    class Jsonl {
        @Test
        void oneArticleALineWithRawGoldAndAgreement() throws Exception {
            Response r = export("format=jsonl");
            r.then().statusCode(200).contentType(containsString("application/x-ndjson"))
                    .header("Content-Disposition", containsString("attachment; filename=\""))
                    .header("Content-Disposition", containsString(".jsonl\""));
            List<JsonNode> lines = jsonl("format=jsonl");
            assertEquals(2, lines.size(), "the article without submitted work or gold is left out");
            JsonNode a1 = lines.get(0);
            assertEquals(data.article1(), a1.get("id").asLong());
            assertEquals(TEXT_1, a1.get("text").asText());
            assertEquals(data.source1(), a1.get("source").get("id").asLong());
            assertEquals(3, a1.get("raw").size());
            JsonNode w1 = work(a1, data.ann1().username());
            assertEquals(4, w1.get("annotations").size());
            JsonNode stance = w1.get("annotations").get(0);
            assertEquals("stance", stance.get("layer").asText());
            assertEquals("pro", stance.get("label").asText());
            assertFalse(stance.has("start"));
            JsonNode span = w1.get("annotations").get(1);
            assertEquals("unsupported", span.get("label").asText());
            assertEquals("rose, sharply.\" Mar", span.get("quote").asText());
            assertEquals(2, span.get("attributes").get("severity").asInt());
            assertTrue(work(a1, data.ann2().username()).get("imported").asBoolean());
            assertEquals(1, work(a1, data.ann3().username()).get("annotations").size(),
                    "an annotator who marked no span still did the item: only the stance label");
            assertEquals(data.supervisor().username(), a1.get("gold").get("adjudicator").asText());
            assertEquals(2, a1.get("gold").get("annotations").size());

            JsonNode a2 = lines.get(1);
            assertEquals(2, a2.get("raw").size(), "a leased assignment is not exported");
            assertTrue(a2.get("gold").isNull());
        }

        @Test
        void perItemAgreementSaysWhichMeasure() throws Exception {
            List<JsonNode> lines = jsonl("format=jsonl&include=raw");
            JsonNode stance1 = figure(lines.get(0), "stance");
            assertEquals("krippendorffAlpha", stance1.get("measure").asText());
            // pro, pro, anti on item 1 and neutral, neutral on item 2: D_e = 16/20, D_o(item 1) = 4/6.
            assertEquals(1 - (4.0 / 6) / 0.8, stance1.get("value").asDouble(), 1e-12);
            assertEquals(3, stance1.get("annotators").asInt());
            assertEquals(1.0, figure(lines.get(1), "stance").get("value").asDouble(), 1e-12);
            JsonNode claims1 = figure(lines.get(0), "claims");
            assertEquals("unitizingAlpha", claims1.get("measure").asText());
            assertNotNull(claims1.get("value"));
            // pairs (1,2): exact F1 = 2·1/(3+1) = 0.5, the pairs with annotator 3 (no spans) 0.
            assertEquals(0.5 / 3, claims1.get("spanF1Exact").asDouble(), 1e-12);
            assertEquals(0.5 / 3, claims1.get("spanF1Overlap").asDouble(), 1e-12);
            assertTrue(figure(lines.get(1), "claims").get("value").isNull(), "no spans at all: α_U undefined");
        }
    }

    @Nested
    class Csv {
        @Test
        void oneAnnotationARowWithRfc4180Quoting() {
            Response r = export("format=csv");
            r.then().statusCode(200).contentType(containsString("text/csv"))
                    .header("Content-Disposition", containsString(".csv\""));
            String body = new String(r.asByteArray(), StandardCharsets.UTF_8);
            assertTrue(body.startsWith(CsvWriter.HEADER + "\r\n"));
            List<List<String>> rows = parseCsv(body);
            // raw: ann1 4, ann2 2, ann3 1 on article 1; 2 on article 2; gold 2.
            assertEquals(1 + 4 + 2 + 1 + 2 + 2, rows.size());
            List<String> quoted = rows.stream().filter(row -> row.get(9).equals("rose, sharply.\" Mar")).findFirst().orElseThrow();
            assertEquals("unsupported", quoted.get(6));
            assertEquals(Integer.toString(cp(TEXT_1, "rose")), quoted.get(7));
            assertTrue(body.contains(",\"rose, sharply.\"\" Mar\","), "quotes doubled, field quoted");
            assertTrue(rows.stream().anyMatch(row -> row.get(9).equals("😀 today!\nA")), "newline and emoji survive");
            assertTrue(body.contains("\"😀 today!\nA\""));
            List<String> gold = rows.stream().filter(row -> row.get(3).equals("gold")).findFirst().orElseThrow();
            assertEquals("gold", gold.get(4));
            List<String> document = rows.stream().filter(row -> row.get(5).equals("stance")).findFirst().orElseThrow();
            assertEquals("", document.get(7));
            assertEquals("{}", document.get(10));
            assertTrue(body.replace("\r\n", "").indexOf('\r') < 0);
        }
    }

    /** A strict RFC 4180 reader: fields, quoted fields with doubled quotes, CRLF records. */
    static List<List<String>> parseCsv(String s) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        int i = 0;
        boolean quoted = false;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                    f.append('"');
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
                i++;
            } else if (c == '"') {
                quoted = true;
                i++;
            } else if (c == ',') {
                row.add(f.toString());
                f.setLength(0);
                i++;
            } else if (c == '\r' && s.charAt(i + 1) == '\n') {
                row.add(f.toString());
                f.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i += 2;
            } else {
                f.append(c);
                i++;
            }
        }
        return rows;
    }

    @Nested
    class WebAnnotation {
        @Test
        void annotationCollectionWithPagesAndBothSelectors() throws Exception {
            Response r = export("format=webanno&include=raw");
            r.then().statusCode(200).contentType(containsString("application/ld+json"));
            JsonNode doc = JSON.readTree(r.asByteArray());
            assertEquals("http://www.w3.org/ns/anno.jsonld", doc.get("@context").get(0).asText());
            JsonNode graph = doc.get("@graph");
            JsonNode collection = graph.get(graph.size() - 1);
            assertEquals("AnnotationCollection", collection.get("type").asText());
            List<JsonNode> pageList = new ArrayList<>();
            graph.forEach(n -> {
                if (n.get("type").asText().equals("AnnotationPage")) {
                    pageList.add(n);
                }
            });
            JsonNode pages = JSON.valueToTree(pageList);
            assertEquals(2, pages.size());
            assertEquals("AnnotationPage", pages.get(0).get("type").asText());
            assertEquals(pages.get(1).get("id").asText(), pages.get(0).get("next").asText());
            assertEquals(pages.get(0).get("id").asText(), collection.get("first").asText());
            assertEquals(9, collection.get("total").asInt());
            JsonNode span = null;
            for (JsonNode a : pages.get(0).get("items")) {
                if (a.get("target").isObject() && a.get("body").get(0).get("value").asText().equals("contradicted")
                        && a.get("creator").get("nickname").asText().equals(data.ann1().username())
                        && a.get("target").get("selector").get(0).get("exact").asText().startsWith("😀")) {
                    span = a;
                }
            }
            assertNotNull(span);
            assertEquals("classifying", span.get("motivation").asText());
            assertEquals("claims", span.get("body").get(1).get("value").asText());
            assertTrue(span.get("target").get("source").asText().endsWith("/api/v1/articles/" + data.article1()));
            JsonNode quote = span.get("target").get("selector").get(0);
            assertEquals("TextQuoteSelector", quote.get("type").asText());
            assertEquals("😀 today!\nA", quote.get("exact").asText());
            int start = cp(TEXT_1, "😀");
            String cps = TEXT_1;
            assertEquals(CodePoints.substring(cps, Math.max(0, start - 32), start), quote.get("prefix").asText());
            assertEquals(32, quote.get("prefix").asText().codePointCount(0, quote.get("prefix").asText().length()));
            assertEquals(" new line here.", quote.get("suffix").asText());
            JsonNode position = span.get("target").get("selector").get(1);
            assertEquals("TextPositionSelector", position.get("type").asText());
            assertEquals(start, position.get("start").asInt());
            assertEquals(cp(TEXT_1, "A new") + 1, position.get("end").asInt());
            assertTrue(span.get("created").asText().endsWith("Z"));
        }
    }

    @Nested
    class Conll {
        @Test
        void bioTagsOnAHandCheckedSentence() {
            Response r = export("format=conll&comments=true&annotator=" + data.ann1().username());
            r.then().statusCode(200).contentType(containsString("text/plain"));
            String body = r.asString();
            assertTrue(body.startsWith("# global.columns = TOKEN START END claims\n"));
            String header = "# doc_id = " + data.article1() + "\n";
            int at = body.indexOf("# annotator = " + data.ann1().username() + "\n");
            String section = body.substring(body.lastIndexOf(header, at), body.indexOf("# doc_id", at));
            assertTrue(section.contains("# layer.stance = pro\n"));
            String tokens = section.substring(section.indexOf("\nTom") + 1);
            String expected = String.join("\n",
                    "Tom\t0\t3\tO", "said\t4\t8\tO", ":\t8\t9\tO", "\"\t10\t11\tO", "Prices\t11\t17\tO",
                    "rose\t18\t22\tB-unsupported", ",\t22\t23\tI-unsupported", "sharply\t24\t31\tI-unsupported",
                    ".\t31\t32\tI-unsupported", "\"\t32\t33\tI-unsupported", "",
                    "Markets\t34\t41\tB-unsupported", "fell\t42\t46\tO", "😀\t47\t48\tB-contradicted",
                    "today\t49\t54\tI-contradicted", "!\t54\t55\tI-contradicted", "",
                    "A\t56\t57\tB-contradicted", "new\t58\t61\tO", "line\t62\t66\tO", "here\t67\t71\tO",
                    ".\t71\t72\tO", "", "-DOCSTART-\t-X-\t-X-\tO", "", "");
            assertEquals(expected, tokens);
        }

        @Test
        void tokeniserKeepsAbbreviationsNumbersAndInnerHyphens() {
            var tokens = Tokenizer.tokens("The U.S. state-run fund lost 1,000.5 don't.");
            assertEquals(List.of("The", "U.S.", "state-run", "fund", "lost", "1,000.5", "don't", "."),
                    tokens.stream().map(Tokenizer.Token::text).toList());
            assertTrue(tokens.get(tokens.size() - 1).sentenceEnd());
            assertFalse(tokens.get(1).sentenceEnd());
        }
    }

    @Nested
    class Filters {
        @Test
        void includeGoldHasOnlyGold() throws Exception {
            List<JsonNode> lines = jsonl("format=jsonl&include=gold");
            assertEquals(1, lines.size(), "only the adjudicated article");
            assertFalse(lines.get(0).has("raw"));
            assertEquals(2, lines.get(0).get("gold").get("annotations").size());
            String csv = export("format=csv&include=gold").then().statusCode(200).extract().asString();
            assertEquals(3, parseCsv(csv).size());
        }

        @Test
        void includeRawHasNoGold() throws Exception {
            List<JsonNode> lines = jsonl("format=jsonl&include=raw");
            assertEquals(2, lines.size());
            assertFalse(lines.get(0).has("gold"));
        }

        @Test
        void layerKeepsOnlyThatLayer() throws Exception {
            List<JsonNode> lines = jsonl("format=jsonl&layer=stance");
            for (JsonNode line : lines) {
                for (JsonNode w : line.get("raw")) {
                    for (JsonNode a : w.get("annotations")) {
                        assertEquals("stance", a.get("layer").asText());
                    }
                }
                assertEquals(1, line.get("agreement").size());
            }
            assertEquals(1, work(lines.get(0), data.ann1().username()).get("annotations").size());
        }

        @Test
        void sourceKeepsOnlyThatSourcesArticles() throws Exception {
            List<JsonNode> lines = jsonl("format=jsonl&sourceId=" + data.source2());
            assertEquals(1, lines.size());
            assertEquals(data.article2(), lines.get(0).get("id").asLong());
        }

        @Test
        void statusAdjudicatedAndPending() throws Exception {
            assertEquals(data.article1(), jsonl("status=adjudicated").get(0).get("id").asLong());
            List<JsonNode> pending = jsonl("status=pending");
            assertEquals(1, pending.size());
            assertEquals(data.article2(), pending.get(0).get("id").asLong());
            assertEquals(data.article1(), jsonl("status=complete").get(0).get("id").asLong());
        }
    }

    @Nested
    class Readme {
        @Test
        void huggingFaceCardHasTheYamlHeaderAndSectionsFilledFromTheProject() throws Exception {
            String base = "/api/v1/projects/" + data.project() + "/export/card?format=jsonl";
            Response r = Fixtures.as(data.supervisor().token()).get(base + "&as=readme&license=cc-by-4.0");
            r.then().statusCode(200).contentType(containsString("text/markdown"));
            String md = r.asString();
            assertTrue(md.startsWith("---\n"), md);
            String header = md.substring(4, md.indexOf("\n---\n", 4));
            JsonNode yaml = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(header);
            JsonNode card = JSON.readTree(Fixtures.as(data.supervisor().token()).get(base).asString());
            assertEquals("cc-by-4.0", yaml.get("license").asText());
            assertEquals("en", yaml.get("language").get(0).asText());
            assertEquals("expert-generated", yaml.get("annotations_creators").get(0).asText());
            assertEquals(List.of("text-classification", "token-classification"),
                    List.of(yaml.get("task_categories").get(0).asText(), yaml.get("task_categories").get(1).asText()));
            assertEquals("n<1K", yaml.get("size_categories").get(0).asText());
            assertEquals(card.get("export").get("filename").asText(), yaml.get("configs").get(0).get("data_files").asText());
            assertEquals(card.get("project").get("name").asText(), yaml.get("pretty_name").asText());
            for (String section : List.of("## Dataset description", "## Annotation process", "## Annotators", "## Agreement")) {
                assertTrue(md.contains("\n" + section + "\n"), section);
            }
            assertTrue(md.contains("| sha256 | `" + card.get("sha256").asText() + "` |"));
            double alpha = card.get("agreement").get(0).get("krippendorffAlpha").asDouble();
            assertTrue(md.contains("| stance | document | " + card.get("agreement").get(0).get("items").asInt() + " | "
                    + String.format(java.util.Locale.ROOT, "%.3f", alpha) + " |"), md);
            assertTrue(md.contains("### Layer `claims`"));
            Fixtures.as(data.supervisor().token()).get(base + "&as=xml").then().statusCode(400)
                    .body("parameter", equalTo("as"));
        }
    }

    @Nested
    class Card {
        @Test
        void cardCarriesTheSha256OfTheFileCountsAndAgreement() throws Exception {
            for (String format : List.of("jsonl", "csv", "webanno", "conll")) {
                byte[] file = export("format=" + format).then().statusCode(200).extract().asByteArray();
                JsonNode card = JSON.readTree(Fixtures.as(data.supervisor().token())
                        .get("/api/v1/projects/" + data.project() + "/export/card?format=" + format)
                        .then().statusCode(200).contentType(containsString("application/json")).extract().asString());
                assertEquals(HexFormat.of().formatHex(CodePoints.sha256Bytes(file)), card.get("sha256").asText(), format);
                assertEquals(file.length, card.get("bytes").asLong());
            }
            JsonNode card = JSON.readTree(Fixtures.as(data.supervisor().token())
                    .get("/api/v1/projects/" + data.project() + "/export/card?format=jsonl").asString());
            assertEquals(2, card.get("counts").get("articles").asInt());
            assertEquals(3, card.get("counts").get("annotators").asInt());
            assertEquals(9, card.get("counts").get("rawAnnotations").asInt());
            assertEquals(2, card.get("counts").get("goldAnnotations").asInt());
            assertEquals(1, card.get("counts").get("goldItems").asInt());
            assertEquals(1, card.get("project").get("schemaVersion").asInt());
            JsonNode stance = card.get("agreement").get(0);
            assertEquals("stance", stance.get("layer").asText());
            double alpha = KrippendorffAlpha.compute(Ratings.of(new int[][]{{0, 0, 2}, {1, 1, Ratings.MISSING}}, 3),
                    Level.NOMINAL).alpha();
            assertEquals(0.5, alpha, 1e-12);
            assertEquals(alpha, stance.get("krippendorffAlpha").asDouble(), 1e-12);
            JsonNode claims = card.get("agreement").get(1);
            assertTrue(claims.get("krippendorffAlpha").isNull());
            assertEquals(0.5 / 3, claims.get("spanF1Exact").asDouble(), 1e-12, "only item 1 has spans");
            assertNotNull(claims.get("unitizingAlpha").numberValue());
        }

        @Test
        void exportIsDeterministic() {
            byte[] first = export("format=webanno").asByteArray();
            byte[] second = export("format=webanno").asByteArray();
            assertEquals(HexFormat.of().formatHex(first), HexFormat.of().formatHex(second));
        }
    }

    @Nested
    class Errors {
        @Test
        void annotatorIs403() {
            Fixtures.as(data.ann1().token()).get("/api/v1/projects/" + data.project() + "/export?format=csv")
                    .then().statusCode(403);
            Fixtures.as(data.ann1().token()).get("/api/v1/projects/" + data.project() + "/export/card")
                    .then().statusCode(403);
        }

        @Test
        void anonymousIs401() {
            given().get("/api/v1/projects/" + data.project() + "/export?format=csv").then().statusCode(401);
            given().get("/api/v1/projects/" + data.project() + "/export/card").then().statusCode(401);
        }

        @Test
        void badFormatIs400ProblemJson() {
            export("format=xml").then().statusCode(400).contentType(containsString("application/problem+json"))
                    .body("parameter", equalTo("format"));
            Fixtures.asAdmin().get("/api/v1/projects/" + data.project() + "/export/card?format=xml").then().statusCode(400);
        }

        @Test
        void badIncludeStatusLayerAndSourceAre400() {
            export("include=everything").then().statusCode(400).body("parameter", equalTo("include"));
            export("status=done").then().statusCode(400).body("parameter", equalTo("status"));
            export("layer=nope").then().statusCode(400).body("parameter", equalTo("layer"));
            export("sourceId=abc").then().statusCode(400).body("parameter", equalTo("sourceId"));
            export("sourceId=999999999").then().statusCode(400).body("parameter", equalTo("sourceId"));
        }

        @Test
        void unknownProjectIs404() {
            Fixtures.asAdmin().get("/api/v1/projects/999999999/export?format=jsonl").then().statusCode(404)
                    .contentType(containsString("application/problem+json"));
            Fixtures.asAdmin().get("/api/v1/projects/999999999/export/card").then().statusCode(404);
        }

        @Test
        void emptyProjectExportsAnEmptyFile() {
            long empty = Fixtures.project(2, layers());
            String body = Fixtures.asAdmin().get("/api/v1/projects/" + empty + "/export?format=jsonl")
                    .then().statusCode(200).extract().asString();
            assertEquals("", body);
            String csv = Fixtures.asAdmin().get("/api/v1/projects/" + empty + "/export?format=csv").asString();
            assertEquals(CsvWriter.HEADER + "\r\n", csv);
        }
    }
}
