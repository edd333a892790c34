package io.crosscheck.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.Work;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The CoNLL export read by the readers its users use (#12.3): NLTK's {@code ConllCorpusReader} (Debian's
 * python3-nltk, run as a subprocess) and a strict CoNLL-2003 reader written here. One article, two annotators and
 * gold; a label with a space; a span that crosses a sentence break; an emoji.
 */
@QuarkusTest
class ConllExportTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TEXT = "Prices rose sharply. Markets fell 😀 today!\nA new line here.";

    record Data(long project, long source, long article, Fixtures.TestUser ann1, Fixtures.TestUser ann2,
                Fixtures.TestUser supervisor) {
    }

    static Data data;

    static List<Map<String, Object>> layers() {
        return List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "anti")),
                Fixtures.spanLayer("claims", List.of("unsupported claim", "contradicted")));
    }

    @BeforeEach
    void setUp() {
        if (data != null) {
            return;
        }
        long source = Fixtures.source();
        long article = Fixtures.article(source, TEXT + " " + Fixtures.unique("z"));
        String text = TEXT + " " + Fixtures.unique("unused"); // only for substring offsets below
        long project = Fixtures.project(2, layers());
        Fixtures.addItems(project, List.of(article));
        var ann1 = Fixtures.annotator();
        var ann2 = Fixtures.annotator();
        var sup = Fixtures.supervisor();
        Work.claimed(project, article, ann1).documentLabel("stance", "pro")
                // "rose sharply. Markets": across the sentence break after "sharply."
                .span("claims", "unsupported claim", cp("rose"), cp("Markets") + 7, text, null).submit();
        Work.claimed(project, article, ann2).documentLabel("stance", "anti")
                .span("claims", "contradicted", cp("Markets"), cp("fell") + 4, text, null).submit();
        new Work.Gold(project, article, sup).add("claims", "unsupported claim", cp("rose"), cp("rose") + 4, text).save();
        data = new Data(project, source, article, ann1, ann2, sup);
    }

    static int cp(String needle) {
        return TEXT.codePointCount(0, TEXT.indexOf(needle));
    }

    static Response export(String query) {
        return Fixtures.as(data.supervisor().token()).when().get("/api/v1/projects/" + data.project() + "/export?" + query);
    }

    @Test
    void oneAnnotatorsFileReadsStrictlyAndInNltk() throws Exception {
        Response r = export("format=conll&annotator=" + data.ann1().username());
        r.then().statusCode(200).contentType(containsString("text/plain"));
        String file = r.asString();
        List<List<List<String[]>>> docs = StrictConll2003.read(file, 4);
        assertEquals(1, docs.size());
        List<String> tagged = new ArrayList<>();
        for (List<String[]> sentence : docs.get(0)) {
            for (String[] row : sentence) {
                tagged.add(row[0] + " " + row[3]);
            }
        }
        assertEquals(List.of("Prices O", "rose B-unsupported_claim", "sharply I-unsupported_claim", ". I-unsupported_claim",
                "Markets B-unsupported_claim", "fell O", "😀 O", "today O", "! O", "A O", "new O", "line O", "here O", ". O"),
                tagged.subList(0, 14));
        JsonNode nltk = nltk(file);
        assertEquals(1, nltk.get("documents").asInt());
        assertEquals(docs.get(0).size(), nltk.get("sentences").size(), "the same sentences");
        List<String> nltkTagged = new ArrayList<>();
        for (JsonNode sentence : nltk.get("sentences")) {
            for (JsonNode wordTag : sentence) {
                nltkTagged.add(wordTag.get(0).asText() + " " + wordTag.get(1).asText());
            }
        }
        assertEquals(tagged, nltkTagged, "NLTK reads the tokens and tags the strict reader reads");
    }

    @Test
    void allAnnotatorsAreAZipOfOneFileEachAndGold() throws Exception {
        Response r = export("format=conll");
        r.then().statusCode(200).contentType("application/zip")
                .header("Content-Disposition", containsString(".zip\""));
        Map<String, byte[]> entries = unzip(r.asByteArray());
        List<String> expected = new ArrayList<>(List.of(data.ann1().username() + ".conll", data.ann2().username() + ".conll"));
        expected.sort(null); // the names are random; the zip lists annotators by name, then gold
        expected.add("gold.conll");
        assertEquals(expected,
                new ArrayList<>(entries.keySet()).stream().sorted((a, b) -> a.equals("gold.conll") ? 1 : b.equals("gold.conll") ? -1 : a.compareTo(b)).toList());
        for (var e : entries.entrySet()) {
            String file = new String(e.getValue(), StandardCharsets.UTF_8);
            assertEquals(1, StrictConll2003.read(file, 4).size(), e.getKey());
            assertEquals(1, nltk(file).get("documents").asInt(), e.getKey());
        }
        // Each entry is exactly the one-annotator download, and gold.conll the include=gold one.
        assertArrayEquals(export("format=conll&annotator=" + data.ann2().username()).asByteArray(),
                entries.get(data.ann2().username() + ".conll"));
        byte[] gold = export("format=conll&include=gold").then().statusCode(200).contentType(containsString("text/plain"))
                .extract().asByteArray();
        assertArrayEquals(gold, entries.get("gold.conll"));
        assertTrue(new String(gold, StandardCharsets.UTF_8).contains("rose\t7\t11\tB-unsupported_claim\n"));
        // include=raw leaves gold out.
        assertFalse(unzip(export("format=conll&include=raw").asByteArray()).containsKey("gold.conll"));
    }

    @Test
    void commentsOnlyWhenAskedFor() {
        String plain = export("format=conll&annotator=" + data.ann1().username()).asString();
        assertTrue(plain.lines().noneMatch(l -> l.startsWith("#")));
        String commented = export("format=conll&comments=true&annotator=" + data.ann1().username()).asString();
        assertTrue(commented.startsWith("# global.columns = TOKEN START END claims\n"), commented);
        assertTrue(commented.contains("-DOCSTART-\t-X-\t-X-\tO\n\n# doc_id = " + data.article() + "\n"));
        assertTrue(commented.contains("# layer.stance = pro\n"));
        export("format=conll&comments=maybe").then().statusCode(400).body("parameter", org.hamcrest.Matchers.equalTo("comments"));
        export("format=conll&annotator=nobody-" + Fixtures.unique("n")).then().statusCode(400)
                .body("parameter", org.hamcrest.Matchers.equalTo("annotator"));
        export("format=conll&include=gold&annotator=" + data.ann1().username()).then().statusCode(400);
    }

    @Test
    void theCardHashesTheZipAndCountsEachArticleOnce() throws Exception {
        byte[] zip = export("format=conll").asByteArray();
        JsonNode card = JSON.readTree(Fixtures.as(data.supervisor().token())
                .get("/api/v1/projects/" + data.project() + "/export/card?format=conll").asString());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip)), card.get("sha256").asText());
        assertEquals(zip.length, card.get("bytes").asLong());
        assertEquals("application/zip", card.get("export").get("contentType").asText());
        assertEquals(1, card.get("counts").get("articles").asInt());
        assertEquals(2, card.get("counts").get("annotators").asInt());
        assertEquals(4, card.get("counts").get("rawAnnotations").asInt());
    }

    @Test
    void theRawZipImportsBackWithItsLabelsSpacesIncluded() throws Exception {
        byte[] zip = export("format=conll&include=raw").asByteArray();
        long fresh = Fixtures.project(2, layers());
        JsonPath report = given().header("Authorization", "Bearer " + Fixtures.ADMIN_TOKEN).contentType("application/zip")
                .body(zip).when().post("/api/v1/projects/" + fresh + "/annotations/import?format=conll&layer=claims&source="
                        + data.source())
                .then().statusCode(200).extract().jsonPath();
        assertEquals(0, report.getInt("failed"), report.prettify());
        String jsonl = Fixtures.asAdmin().get("/api/v1/projects/" + fresh + "/export?format=jsonl&include=raw").asString();
        JsonNode line = JSON.readTree(jsonl.lines().findFirst().orElseThrow());
        Map<String, List<String>> spans = new LinkedHashMap<>();
        for (JsonNode w : line.get("raw")) {
            List<String> marks = new ArrayList<>();
            for (JsonNode a : w.get("annotations")) {
                marks.add(a.get("label").asText() + ": " + a.get("quote").asText());
            }
            spans.put(w.get("annotator").asText(), marks);
        }
        // The sentence break splits ann1's span in two (CoNLL cannot say otherwise); the label keeps its space.
        assertEquals(List.of("unsupported claim: rose sharply.", "unsupported claim: Markets"), spans.get(data.ann1().username()));
        assertEquals(List.of("contradicted: Markets fell"), spans.get(data.ann2().username()));
    }

    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    /** Runs NLTK's ConllCorpusReader on the file in Debian's python3 (python3-nltk); fails when it cannot. */
    static JsonNode nltk(String file) throws Exception {
        Path dir = Files.createTempDirectory("conll");
        Path script = dir.resolve("nltk_read.py");
        try (var in = ConllExportTest.class.getResourceAsStream("/conll/nltk_read.py")) {
            Files.copy(in, script);
        }
        Files.writeString(dir.resolve("export.conll"), file, StandardCharsets.UTF_8);
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        Process p = new ProcessBuilder(python, script.toString(), dir.toString(), "export.conll")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("NLTK did not finish");
        }
        if (p.exitValue() != 0) {
            fail("NLTK could not read the export (install Debian's python3-nltk): " + out);
        }
        return JSON.readTree(out.lines().reduce((a, b) -> b).orElseThrow());
    }

    /**
     * A strict CoNLL-2003 reader: documents opened by a {@code -DOCSTART-} line and a blank line, sentences separated
     * by one blank line, every token line exactly {@code columns} non-empty whitespace-free fields, no comment lines,
     * tags {@code O}, {@code B-X} or {@code I-X} where an {@code I-X} continues a {@code B-X}/{@code I-X} of its
     * sentence. Anything else fails the test with the line number.
     */
    static final class StrictConll2003 {
        static final Pattern TAG = Pattern.compile("O|[BI]-\\S+");

        static List<List<List<String[]>>> read(String file, int columns) {
            List<List<List<String[]>>> docs = new ArrayList<>();
            List<String[]> sentence = new ArrayList<>();
            String[] lines = file.split("\n", -1);
            assertEquals("", lines[lines.length - 1], "the file ends with a line break");
            for (int i = 0; i < lines.length - 1; i++) {
                String line = lines[i];
                int n = i + 1;
                assertFalse(line.startsWith("#"), "line " + n + " is a comment");
                assertFalse(line.contains("\r"), "line " + n + " has a CR");
                if (line.isEmpty()) {
                    if (!sentence.isEmpty()) {
                        docs.get(docs.size() - 1).add(sentence);
                        sentence = new ArrayList<>();
                    }
                    continue;
                }
                String[] f = line.split("\t", -1);
                assertEquals(columns, f.length, "line " + n + ": " + line);
                for (String field : f) {
                    assertTrue(!field.isEmpty() && !field.matches(".*\\s.*"), "line " + n + " has an empty or spaced field");
                }
                if (f[0].equals("-DOCSTART-")) {
                    assertTrue(sentence.isEmpty(), "line " + n + ": -DOCSTART- inside a sentence");
                    assertEquals("", lines[i + 1], "line " + n + ": -DOCSTART- is followed by a blank line");
                    docs.add(new ArrayList<>());
                    continue;
                }
                assertFalse(docs.isEmpty(), "line " + n + ": a token before the first -DOCSTART-");
                for (int c = 3; c < columns; c++) {
                    String tag = f[c];
                    assertTrue(TAG.matcher(tag).matches(), "line " + n + ": tag " + tag);
                    if (tag.startsWith("I-")) {
                        assertFalse(sentence.isEmpty(), "line " + n + ": a sentence starts with " + tag);
                        String before = sentence.get(sentence.size() - 1)[c];
                        assertEquals(tag.substring(2), before.length() > 2 ? before.substring(2) : before,
                                "line " + n + ": " + tag + " after " + before);
                    }
                }
                sentence.add(f);
            }
            assertTrue(sentence.isEmpty(), "the last sentence ends with a blank line");
            return docs;
        }
    }
}
