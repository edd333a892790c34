package io.crosscheck.articles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosscheck.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/articles.md documents the NDJSON article import with an example file and the report it gets; this test posts
 * exactly that file (under a fresh source name, so it runs on a database that has it already) and expects exactly
 * that report, so the page cannot drift from the code.
 */
@QuarkusTest
class ArticleImportDocTest {

    static final Path DOC = Path.of("docs/articles.md");

    static String block(String doc, String language) {
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertTrue(m.find(), DOC + " has no ```" + language + " block");
        return m.group(1);
    }

    @Test
    void theDocumentedExampleGetsTheDocumentedReport() throws IOException {
        String doc = Files.readString(DOC);
        String example = block(doc, "ndjson");
        assertTrue(example.contains("\"Example Wire\""), "the example names its source Example Wire");
        String source = Fixtures.unique("Example Wire");
        String body = example.replace("\"Example Wire\"", "\"" + source + "\"");

        JsonNode documented = new ObjectMapper().readTree(block(doc, "json"));
        JsonNode actual = new ObjectMapper().readTree(Fixtures.ndjson(Fixtures.ADMIN_TOKEN, body)
                .when().post("/api/v1/articles/import").then().statusCode(200).extract().asString());
        for (String field : new String[] {"created", "duplicates", "failed", "errors"}) {
            assertEquals(documented.get(field), actual.get(field), field + " in " + DOC + " vs the real report " + actual);
        }

        // The lines arrived as documented: a new source of that name with the two versions of one story.
        long total = Fixtures.asAdmin().when().get("/api/v1/sources?size=1").then().extract().jsonPath().getLong("total");
        long sourceId = Fixtures.asAdmin().when().get("/api/v1/sources?size=1000&page=" + (total - 1) / 1000)
                .then().statusCode(200).extract().jsonPath().getLong("items.find { it.name == '" + source + "' }.id");
        Fixtures.asAdmin().queryParam("sourceId", sourceId).when().get("/api/v1/articles").then().statusCode(200)
                .body("total", equalTo(2))
                .body("items.storyKey", everyItem(equalTo("example-parade")))
                .body("items.find { it.title == 'Parade announced' }.publishedAt", startsWith("2025-08-28T06:00"))
                .body("items.find { it.title == 'Parade announced (rewrite)' }.url", equalTo("https://example.org/parade"));
    }
}
