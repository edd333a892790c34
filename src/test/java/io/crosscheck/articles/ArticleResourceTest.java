package io.crosscheck.articles;

import io.crosscheck.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static io.crosscheck.testing.Fixtures.as;
import static io.crosscheck.testing.Fixtures.asAdmin;
import static io.crosscheck.testing.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class ArticleResourceTest {

    static Map<String, Object> article(long sourceId, String text) {
        Map<String, Object> body = new HashMap<>();
        body.put("sourceId", sourceId);
        body.put("title", "A title");
        body.put("text", text);
        body.put("publishedAt", "2025-08-28T00:00:00Z");
        body.put("storyKey", "story");
        return body;
    }

    @Nested
    class Create {
        @Test
        void lengthCountsCodePointsNotUtf16Units() {
            long source = Fixtures.source();
            // "👍" and "𝕏" are outside the BMP: 2 UTF-16 units each, 1 code point each.
            String text = "Hi 👍 " + unique("x") + " 𝕏!";
            asAdmin().body(article(source, text)).when().post("/api/v1/articles")
                    .then().statusCode(201)
                    .body("length", equalTo(text.codePointCount(0, text.length())))
                    .body("sha256", notNullValue());
        }

        @Test
        void textIsStoredNfcNormalised() {
            long source = Fixtures.source();
            String decomposed = "Cafe\u0301 " + unique("x");
            String composed = "Caf\u00e9 " + decomposed.substring(6);
            long id = asAdmin().body(article(source, decomposed)).when().post("/api/v1/articles")
                    .then().statusCode(201).body("length", equalTo(composed.length()))
                    .extract().jsonPath().getLong("id");
            asAdmin().when().get("/api/v1/articles/" + id).then().statusCode(200).body("text", equalTo(composed));
            // The composed form is the same text, so it is a duplicate of the decomposed one.
            asAdmin().body(article(source, composed)).when().post("/api/v1/articles")
                    .then().statusCode(409).body("existingId", equalTo((int) id));
        }

        @Test
        void sameTextFromSameSourceIs409WithExistingId() {
            long source = Fixtures.source();
            String text = unique("Same text");
            long id = Fixtures.article(source, text);
            asAdmin().body(article(source, text)).when().post("/api/v1/articles")
                    .then().statusCode(409).contentType("application/problem+json")
                    .body("existingId", equalTo((int) id));
        }

        @Test
        void sameTextFromAnotherSourceIsANewArticle() {
            String text = unique("Shared wire text");
            Fixtures.article(Fixtures.source(), text);
            asAdmin().body(article(Fixtures.source(), text)).when().post("/api/v1/articles").then().statusCode(201);
        }

        @Test
        void unknownSourceIs422() {
            asAdmin().body(article(987654321L, "text")).when().post("/api/v1/articles")
                    .then().statusCode(422).contentType("application/problem+json")
                    .body("errors.field", hasItem("sourceId"));
        }

        @Test
        void missingTitleAndTextAre400WithFieldErrors() {
            asAdmin().body(Map.of("sourceId", 1)).when().post("/api/v1/articles")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem("title"))
                    .body("errors.field", hasItem("text"));
        }

        @Test
        void malformedJsonIs400() {
            asAdmin().body("{\"sourceId\": 1, \"title\": ").when().post("/api/v1/articles")
                    .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
        }

        @Test
        void wrongContentTypeIs415() {
            given().header("Authorization", "Bearer " + Fixtures.ADMIN_TOKEN).contentType(ContentType.TEXT)
                    .body("hello").when().post("/api/v1/articles")
                    .then().statusCode(415).contentType("application/problem+json");
        }

        @Test
        void oversizedBodyIs413() {
            String huge = "x".repeat(3 * 1024 * 1024);
            asAdmin().body(article(Fixtures.source(), huge)).when().post("/api/v1/articles")
                    .then().statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
        }

        @Test
        void wrongTypeOfFieldIs400() {
            asAdmin().body("{\"sourceId\": \"abc\", \"title\": \"t\", \"text\": \"x\"}").when().post("/api/v1/articles")
                    .then().statusCode(400).body("errors.field", hasItem("sourceId"));
        }
    }

    @Nested
    class Read {
        @Test
        void getReturnsTextAndListFiltersBySourceAndStory() {
            long source = Fixtures.source();
            String story = unique("story");
            long a = Fixtures.article(source, unique("one"), story);
            Fixtures.article(source, unique("two"), story);
            Fixtures.article(source, unique("three"));
            asAdmin().when().get("/api/v1/articles?sourceId=" + source + "&storyKey=" + story)
                    .then().statusCode(200).body("total", equalTo(2)).body("items", hasSize(2))
                    .body("items[0].id", equalTo((int) a))
                    .body("items[0].text", org.hamcrest.Matchers.nullValue());
            asAdmin().when().get("/api/v1/articles?sourceId=" + source + "&size=1&page=1")
                    .then().statusCode(200).body("total", equalTo(3)).body("items", hasSize(1));
            asAdmin().when().get("/api/v1/articles/" + a).then().statusCode(200).body("text", notNullValue());
        }

        @Test
        void pageSizeOutOfRangeIs400() {
            asAdmin().when().get("/api/v1/articles?size=1001").then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", hasItem("size"));
            asAdmin().when().get("/api/v1/articles?size=0").then().statusCode(400);
            asAdmin().when().get("/api/v1/articles?page=-1").then().statusCode(400);
        }

        @Test
        void unknownArticleIs404() {
            asAdmin().when().get("/api/v1/articles/987654321").then().statusCode(404)
                    .contentType("application/problem+json");
        }

        @Test
        void annotatorsCannotReadArticlesDirectly() {
            long id = Fixtures.article(Fixtures.source(), unique("secret"));
            as(Fixtures.annotator().token()).when().get("/api/v1/articles/" + id).then().statusCode(403);
        }
    }

    @Nested
    class Import {
        static String ndjson(String... lines) {
            return String.join("\n", lines) + "\n";
        }

        @Test
        void goodLinesAreKeptAndBadLinesReported() {
            long source = Fixtures.source();
            String newSource = unique("Imported Outlet");
            String dupText = unique("dup");
            String body = ndjson(
                    "{\"sourceId\": " + source + ", \"title\": \"one\", \"text\": \"" + unique("a") + "\"}",
                    "{\"sourceName\": \"" + newSource + "\", \"title\": \"two\", \"text\": \"" + dupText + "\"}",
                    "{\"sourceName\": \"" + newSource + "\", \"title\": \"again\", \"text\": \"" + dupText + "\"}",
                    "not json at all",
                    "{\"sourceId\": " + source + ", \"text\": \"no title\"}",
                    "",
                    "{\"sourceId\": 987654321, \"title\": \"x\", \"text\": \"y\"}",
                    "{\"sourceId\": " + source + ", \"sourceName\": \"both\", \"title\": \"x\", \"text\": \"y\"}");
            Fixtures.ndjson(Fixtures.ADMIN_TOKEN, body).when().post("/api/v1/articles/import")
                    .then().statusCode(200)
                    .body("created", equalTo(2))
                    .body("duplicates", equalTo(1))
                    .body("failed", equalTo(4))
                    .body("errors.line", org.hamcrest.Matchers.contains(4, 5, 7, 8));
            // Sources are listed by id, so the one just created is on the last page, however many earlier runs left.
            long total = asAdmin().when().get("/api/v1/sources?size=1").then().extract().jsonPath().getLong("total");
            long created = asAdmin().when().get("/api/v1/sources?size=1000&page=" + (total - 1) / 1000)
                    .then().statusCode(200)
                    .extract().jsonPath().getList("items.name").stream().filter(newSource::equals).count();
            org.junit.jupiter.api.Assertions.assertEquals(1, created, "sourceName created the source once");
        }

        @Test
        void nulInOneLineIsALineErrorAndTheOtherLinesAreStored() {
            long source = Fixtures.source();
            String body = ndjson(
                    "{\"sourceId\": " + source + ", \"title\": \"fine\", \"text\": \"" + unique("a") + "\"}",
                    "{\"sourceId\": " + source + ", \"title\": \"nul\", \"text\": \"" + unique("b") + " \\u0000 here\"}",
                    "{\"sourceId\": " + source + ", \"title\": \"a literal backslash-u0000 is fine\", \"text\": \""
                            + unique("c") + " \\\\u0000\"}");
            Fixtures.ndjson(Fixtures.ADMIN_TOKEN, body).when().post("/api/v1/articles/import")
                    .then().statusCode(200)
                    .body("created", equalTo(2))
                    .body("failed", equalTo(1))
                    .body("errors[0].line", equalTo(2))
                    .body("errors[0].detail", org.hamcrest.Matchers.startsWith("text: contains a NUL character"));
        }

        @Test
        void importRequiresNdjson() {
            asAdmin().body("{}").when().post("/api/v1/articles/import").then().statusCode(415);
        }

        @Test
        void annotatorsMayNotImport() {
            Fixtures.ndjson(Fixtures.annotator().token(), "{}\n").when().post("/api/v1/articles/import").then().statusCode(403);
        }
    }
}
