package io.crosscheck.sources;

import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.Fixtures.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.crosscheck.testing.Fixtures.as;
import static io.crosscheck.testing.Fixtures.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Blind texts (SPEC §8): a source's redact strings are masked, code point for code point, in everything an annotator
 * of a blind project reads (queue/next, their own annotations, error messages); offsets and stored quotes stay true.
 */
@QuarkusTest
class BlindTextResourceTest {

    static final String PROBLEM = "application/problem+json";
    static final String M = new String(Character.toChars(Redaction.MASK));
    // An astral character before the byline: offsets must count code points on the masked text as on the stored one.
    static final String TEXT = "😀 By Nectar Gan, CNN\n\n(CNN) — Leaders met in Beijing, cnn.com reported.";

    long source(String name) {
        return asAdmin().body(Map.of("name", name, "domain", "cnn.example", "kind", "outlet",
                        "redact", List.of("CNN", "Nectar Gan", "cnn.com")))
                .when().post("/api/v1/sources").then().statusCode(201)
                .body("redact", equalTo(List.of("CNN", "Nectar Gan", "cnn.com"))).extract().jsonPath().getLong("id");
    }

    long project(boolean blind) {
        return Fixtures.project(Map.of("name", Fixtures.unique("blind"), "annotatorsPerItem", 1, "blindSources", blind,
                "layers", List.of(Fixtures.spanLayer("claims", List.of("unsupported")))));
    }

    record Claimed(TestUser annotator, JsonPath next) {
    }

    Claimed claim(boolean blind, String sourceName) {
        long article = Fixtures.article(source(sourceName), TEXT);
        long project = project(blind);
        Fixtures.addItems(project, List.of(article));
        TestUser annotator = Fixtures.member(project);
        JsonPath next = as(annotator.token()).when().post("/api/v1/projects/" + project + "/queue/next")
                .then().statusCode(200).extract().jsonPath();
        return new Claimed(annotator, next);
    }

    @Test
    void aBlindProjectMasksEveryRedactStringWithTheSameNumberOfCodePoints() {
        JsonPath next = claim(true, Fixtures.unique("CNN")).next();
        String shown = next.getString("article.text");
        assertEquals("😀 By " + M.repeat(10) + ", " + M.repeat(3) + "\n\n(" + M.repeat(3)
                + ") — Leaders met in Beijing, " + M.repeat(7) + " reported.", shown);
        assertEquals(TEXT.codePointCount(0, TEXT.length()), shown.codePointCount(0, shown.length()));
        assertEquals(TEXT.codePointCount(0, TEXT.length()), next.getInt("article.length"));
        assertFalse(next.getMap("article").containsKey("source"));
    }

    @Test
    void aProjectThatIsNotBlindShowsTheStoredText() {
        String name = Fixtures.unique("CNN");
        JsonPath next = claim(false, name).next();
        assertEquals(TEXT, next.getString("article.text"));
        assertEquals(name, next.getString("article.source.name"));
    }

    @Test
    void aSpanTakenOnTheMaskedTextIsStoredWithTheTrueQuoteAndShownMasked() {
        Claimed c = claim(true, Fixtures.unique("CNN"));
        long assignment = c.next().getLong("assignmentId");
        String shown = c.next().getString("article.text");
        int start = shown.codePointCount(0, shown.indexOf("(")) + 1;
        Map<String, Object> span = new HashMap<>(Map.of("layer", "claims", "label", "unsupported", "start", start,
                "end", start + 3, "quote", M.repeat(3)));
        long id = as(c.annotator().token()).body(span).when().post("/api/v1/assignments/" + assignment + "/annotations")
                .then().statusCode(201).body("quote", equalTo(M.repeat(3))).extract().jsonPath().getLong("id");
        // The annotator reads it back masked, one by one and in the list; a supervisor sees the stored text.
        as(c.annotator().token()).when().get("/api/v1/annotations/" + id).then().statusCode(200)
                .body("quote", equalTo(M.repeat(3)));
        as(c.annotator().token()).when().get("/api/v1/assignments/" + assignment + "/annotations").then().statusCode(200)
                .body("items[0].quote", equalTo(M.repeat(3)));
        asAdmin().when().get("/api/v1/annotations/" + id).then().statusCode(200).body("quote", equalTo("CNN"))
                .body("start", equalTo(start));
    }

    @Test
    void guessingTheTextUnderTheMaskIs422AndTheMessageDoesNotUnmaskIt() {
        Claimed c = claim(true, Fixtures.unique("CNN"));
        long assignment = c.next().getLong("assignmentId");
        String path = "/api/v1/assignments/" + assignment + "/annotations";
        Map<String, Object> guess = Map.of("layer", "claims", "label", "unsupported", "start", 5, "end", 15,
                "quote", "Nectar Gan");
        as(c.annotator().token()).body(guess).when().post(path).then().statusCode(422).contentType(PROBLEM)
                .body("errors[0].field", equalTo("quote")).body("errors[0].message", not(containsString("Nectar")));
        Map<String, Object> wrong = Map.of("layer", "claims", "label", "unsupported", "start", 5, "end", 15,
                "quote", "0123456789");
        as(c.annotator().token()).body(wrong).when().post(path).then().statusCode(422).contentType(PROBLEM)
                .body("errors[0].message", containsString(M.repeat(10))).body("errors[0].message", not(containsString("Gan")));
        as(c.annotator().token()).when().get(path).then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void putReplacesTheRedactStringsAndBadOnesAre400() {
        String name = Fixtures.unique("outlet");
        long id = source(name);
        asAdmin().body(Map.of("name", name, "kind", "outlet", "redact", List.of("Outlet", " Jane Doe "))).when()
                .put("/api/v1/sources/" + id).then().statusCode(200)
                .body("redact", equalTo(List.of("Outlet", "Jane Doe"))).body("domain", nullValue());
        asAdmin().when().get("/api/v1/sources/" + id).then().body("redact", equalTo(List.of("Outlet", "Jane Doe")));
        asAdmin().body(Map.of("name", name, "redact", List.of(""))).when().put("/api/v1/sources/" + id)
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", containsString("redact"));
        String taken = Fixtures.unique("other");
        source(taken);
        asAdmin().body(Map.of("name", taken)).when().put("/api/v1/sources/" + id).then().statusCode(409)
                .contentType(PROBLEM);
        asAdmin().when().get("/api/v1/sources/" + id).then().body("name", equalTo(name));
    }
}
