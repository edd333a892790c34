package io.crosscheck.review;

import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.Fixtures.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.crosscheck.testing.Fixtures.as;
import static io.crosscheck.testing.Fixtures.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/**
 * The review endpoints on a small hand-checked project: three coders, stance (nominal) and claims (span) on three
 * items from two sources, plus an item nobody has done.
 */
@QuarkusTest
class ReviewResourceTest {

    static final String TEXT = "Claim one. is stated here, and more text follows it for a while.";

    long project;
    long source1;
    long source2;
    long item1;
    long item2;
    long item3;
    long untouched;
    String a;
    String b;
    String c;
    TestUser supervisor;

    /**
     * stance: item1 (pro, pro, pro), item2 (pro, pro, anti), item3 (neutral, anti, anti) — per-item α 1, −1/23, −1/23;
     * claims on item1: a and b mark [0,10) "Claim one.", c nothing — per-item F1 (1 + 0 + 0)/3 = 1/3.
     */
    @BeforeEach
    void setUp() {
        supervisor = Fixtures.supervisor();
        source1 = Fixtures.source();
        source2 = Fixtures.source();
        String story = Fixtures.unique("story");
        item1 = Fixtures.article(source1, TEXT + " " + Fixtures.unique("x"), story);
        item2 = Fixtures.article(source1, TEXT + " " + Fixtures.unique("x"), story);
        item3 = Fixtures.article(source2, TEXT + " " + Fixtures.unique("x"), story);
        untouched = Fixtures.article(source2, TEXT + " " + Fixtures.unique("x"));
        project = Fixtures.project(3, List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "neutral", "anti")),
                Map.of("name", "claims", "scope", "span", "measurement", "nominal",
                        "labels", List.of("unsupported", "contradicted", "world-fact-error"),
                        "attributes", List.of(Map.of("name", "severity", "type", "int"))),
                Fixtures.spanLayer("attribution", List.of("source", "cue", "content"))));
        Fixtures.addItems(project, List.of(item1, item2, item3, untouched));
        a = Fixtures.unique("coder-a");
        b = Fixtures.unique("coder-b");
        c = Fixtures.unique("coder-c");
        List<Map<String, Object>> lines = new ArrayList<>();
        String[][] stance = {{"pro", "pro", "pro"}, {"pro", "pro", "anti"}, {"neutral", "anti", "anti"}};
        long[] items = {item1, item2, item3};
        String[] coders = {a, b, c};
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 3; k++) {
                lines.add(Map.of("articleId", items[i], "annotator", coders[k], "layer", "stance", "label", stance[i][k]));
            }
        }
        for (String coder : List.of(a, b)) {
            lines.add(Map.of("articleId", item1, "annotator", coder, "layer", "claims", "label", "unsupported",
                    "start", 0, "end", 10, "quote", "Claim one.", "attributes", Map.of("severity", 3)));
        }
        lines.add(Map.of("articleId", item1, "annotator", c, "layer", "claims"));
        Fixtures.importAnnotationLines(project, lines);
    }

    /** JSON numbers as doubles: the figures are checked to 1e-9, which floats cannot hold. */
    static final io.restassured.config.RestAssuredConfig DOUBLES = io.restassured.RestAssured.config().jsonConfig(
            io.restassured.config.JsonConfig.jsonConfig()
                    .numberReturnType(io.restassured.path.json.config.JsonPathConfig.NumberReturnType.DOUBLE));

    io.restassured.specification.RequestSpecification sup() {
        return as(supervisor.token()).config(DOUBLES);
    }

    String base() {
        return "/api/v1/projects/" + project;
    }

    @Nested
    class ReviewQueue {
        @Test
        void completeItemsComeMostDisagreementFirstWithTheirFigures() {
            sup().when().get(base() + "/review-queue")
                    .then().statusCode(200).contentType(ContentType.JSON)
                    .body("total", equalTo(3))
                    .body("items.articleId", contains((int) item2, (int) item3, (int) item1))
                    .body("items[0].agreement", closeTo(-1.0 / 23, 1e-9))
                    .body("items[0].worstLayer", equalTo("stance"))
                    .body("items[0].annotators", hasSize(3))
                    .body("items[2].agreement", closeTo(1.0 / 3, 1e-9))
                    .body("items[2].worstLayer", equalTo("claims"))
                    .body("items[2].layers.find { it.layer == 'stance' }.agreement", closeTo(1.0, 1e-9))
                    .body("items[2].layers.find { it.layer == 'claims' }.measure", equalTo("spanF1Overlap"));
        }

        @Test
        void filtersByLayerSourceAndThresholdAndPages() {
            sup().queryParam("layer", "stance").when().get(base() + "/review-queue")
                    .then().statusCode(200).body("items.articleId", contains((int) item2, (int) item3, (int) item1))
                    .body("items[2].agreement", closeTo(1.0, 1e-9));
            sup().queryParam("maxAgreement", "0").when().get(base() + "/review-queue")
                    .then().statusCode(200).body("items.articleId", contains((int) item2, (int) item3));
            sup().queryParam("sourceId", source2).when().get(base() + "/review-queue")
                    .then().statusCode(200).body("items.articleId", contains((int) item3));
            sup().queryParam("size", 1).queryParam("page", 1).when().get(base() + "/review-queue")
                    .then().statusCode(200).body("total", equalTo(3)).body("items.articleId", contains((int) item3));
        }

        @Test
        void unknownLayerIs422AndBadNumbersAre400() {
            sup().queryParam("layer", "nope").when().get(base() + "/review-queue")
                    .then().statusCode(422).contentType("application/problem+json");
            sup().queryParam("maxAgreement", "abc").when().get(base() + "/review-queue")
                    .then().statusCode(400).contentType("application/problem+json");
            sup().queryParam("sourceId", "x").when().get(base() + "/review-queue")
                    .then().statusCode(400);
            sup().queryParam("size", 0).when().get(base() + "/review-queue")
                    .then().statusCode(400);
        }

        @Test
        void unknownProjectIs404() {
            sup().when().get("/api/v1/projects/999999999/review-queue").then().statusCode(404);
        }
    }

    @Nested
    class Disagreements {
        @Test
        void documentLabelsPerAnnotatorAndSpanClustersWithKinds() {
            sup().when().get(base() + "/items/" + item1 + "/disagreements")
                    .then().statusCode(200)
                    .body("complete", equalTo(true))
                    .body("annotators", hasSize(3))
                    .body("layers.find { it.layer == 'stance' }.labels", hasSize(3))
                    .body("layers.find { it.layer == 'stance' }.labels.label", contains("pro", "pro", "pro"))
                    .body("layers.find { it.layer == 'claims' }.clusters", hasSize(1))
                    .body("layers.find { it.layer == 'claims' }.clusters[0].kind", equalTo("missing"))
                    .body("layers.find { it.layer == 'claims' }.clusters[0].missing", contains(c))
                    .body("layers.find { it.layer == 'claims' }.clusters[0].spans.quote", contains("Claim one.", "Claim one."))
                    .body("layers.find { it.layer == 'claims' }.agreement", closeTo(1.0 / 3, 1e-9))
                    .body("layers.find { it.layer == 'attribution' }.clusters", empty());
        }

        @Test
        void anItemNobodyDidIsReportedEmptyAndIncomplete() {
            sup().queryParam("layer", "stance").when().get(base() + "/items/" + untouched + "/disagreements")
                    .then().statusCode(200).body("complete", equalTo(false)).body("annotators", empty())
                    .body("layers", hasSize(1));
        }

        @Test
        void articleOutsideTheProjectIs404() {
            long other = Fixtures.article(source1, "Not in the project " + Fixtures.unique("x"));
            sup().when().get(base() + "/items/" + other + "/disagreements")
                    .then().statusCode(404).contentType("application/problem+json");
        }
    }

    @Nested
    class Adjudication {
        Map<String, Object> claim(int start, int end, String quote) {
            return Map.of("layer", "claims", "label", "unsupported", "start", start, "end", end, "quote", quote,
                    "attributes", Map.of("severity", 2));
        }

        @Test
        void postStoresVersionsAndKeepsHistory() {
            sup().when().get(base() + "/items/" + item1 + "/adjudication").then().statusCode(404);
            sup().body(Map.of("note", "first pass", "annotations",
                            List.of(Map.of("layer", "stance", "label", "pro"), claim(0, 10, "Claim one."))))
                    .when().post(base() + "/items/" + item1 + "/adjudication")
                    .then().statusCode(201).header("Location", containsString("/adjudication"))
                    .body("version", equalTo(1)).body("current", equalTo(true))
                    .body("adjudicator", equalTo(supervisor.username()))
                    .body("annotations", hasSize(2))
                    .body("annotations[1].attributes.severity", equalTo(2));
            sup().body(Map.of("note", "second thoughts", "annotations",
                            List.of(Map.of("layer", "stance", "label", "neutral"))))
                    .when().post(base() + "/items/" + item1 + "/adjudication")
                    .then().statusCode(201).body("version", equalTo(2));
            sup().when().get(base() + "/items/" + item1 + "/adjudication")
                    .then().statusCode(200).body("version", equalTo(2)).body("note", equalTo("second thoughts"))
                    .body("annotations.label", contains("neutral"));
            sup().when().get(base() + "/items/" + item1 + "/adjudication/history")
                    .then().statusCode(200).body("total", equalTo(2))
                    .body("items.version", contains(2, 1)).body("items.current", contains(true, false))
                    .body("items[1].annotations", hasSize(2));
            sup().when().get(base() + "/review-queue")
                    .then().body("items.find { it.articleId == " + item1 + " }.adjudicated", equalTo(true));
        }

        @Test
        void fromAnAnnotatorCopiesTheirLabels() {
            sup().body(Map.of("note", "b was right", "from", "annotator:" + b))
                    .when().post(base() + "/items/" + item1 + "/adjudication")
                    .then().statusCode(201).body("from", equalTo("annotator:" + b))
                    .body("annotations.layer", contains("stance", "claims"))
                    .body("annotations[1].quote", equalTo("Claim one."));
        }

        @Test
        void fromTheMajorityTakesWhatMoreThanHalfMarked() {
            sup().body(Map.of("from", "majority"))
                    .when().post(base() + "/items/" + item2 + "/adjudication")
                    .then().statusCode(201).body("annotations.label", contains("pro"));
            sup().body(Map.of("from", "majority"))
                    .when().post(base() + "/items/" + item1 + "/adjudication")
                    .then().statusCode(201).body("annotations.label", contains("pro", "unsupported"))
                    .body("annotations[1].start", equalTo(0)).body("annotations[1].end", equalTo(10))
                    .body("annotations[1].attributes.severity", equalTo(3)).body("from", equalTo("majority"));
        }

        @Test
        void howEachVersionWasMadeIsKept() {
            sup().body(Map.of("from", "majority")).when().post(base() + "/items/" + item2 + "/adjudication")
                    .then().statusCode(201);
            sup().body(Map.of("from", "annotator:" + c)).when().post(base() + "/items/" + item2 + "/adjudication")
                    .then().statusCode(201);
            sup().body(Map.of("annotations", List.of(Map.of("layer", "stance", "label", "neutral"))))
                    .when().post(base() + "/items/" + item2 + "/adjudication").then().statusCode(201);
            sup().when().get(base() + "/items/" + item2 + "/adjudication")
                    .then().statusCode(200).body("from", equalTo("annotations"));
            sup().when().get(base() + "/items/" + item2 + "/adjudication/history")
                    .then().statusCode(200).body("items.from", contains("annotations", "annotator:" + c, "majority"));
        }

        @Test
        void invalidGoldIs422AndChangesNothing() {
            String url = base() + "/items/" + item1 + "/adjudication";
            sup().body(Map.of("annotations", List.of(claim(0, 10, "Claim two."))))
                    .when().post(url).then().statusCode(422).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("annotations[0].quote"));
            sup().body(Map.of("annotations", List.of(Map.of("layer", "stance", "label", "maybe"))))
                    .when().post(url).then().statusCode(422).body("errors[0].field", equalTo("annotations[0].label"));
            sup().body(Map.of("annotations", List.of(Map.of("layer", "nope", "label", "pro"))))
                    .when().post(url).then().statusCode(422);
            sup().body(Map.of("annotations", List.of(Map.of("layer", "stance", "label", "pro",
                    "start", 0, "end", 3, "quote", "Cla")))).when().post(url).then().statusCode(422);
            sup().body(Map.of("annotations", List.of(Map.of("layer", "claims", "label", "unsupported"))))
                    .when().post(url).then().statusCode(422);
            sup().body(Map.of("annotations", List.of(claim(0, 100_000, "Claim one."))))
                    .when().post(url).then().statusCode(422);
            sup().body(Map.of("annotations", List.of(Map.of("layer", "claims", "label", "unsupported",
                    "start", 0, "end", 10, "quote", "Claim one.", "attributes", Map.of("severity", "high")))))
                    .when().post(url).then().statusCode(422).body("errors[0].field", equalTo("annotations[0].attributes.severity"));
            sup().body(Map.of("annotations", List.of(Map.of("layer", "claims", "label", "unsupported",
                    "start", 0, "end", 10, "quote", "Claim one.", "attributes", Map.of("colour", 1)))))
                    .when().post(url).then().statusCode(422);
            sup().body(Map.of("annotations", List.of(Map.of("layer", "stance", "label", "pro"),
                    Map.of("layer", "stance", "label", "anti")))).when().post(url).then().statusCode(422);
            sup().body(Map.of("from", "annotator:" + Fixtures.unique("nobody")))
                    .when().post(url).then().statusCode(422).body("errors[0].field", equalTo("from"));
            sup().when().get(url).then().statusCode(404);
        }

        @Test
        void malformedBodiesAre400() {
            String url = base() + "/items/" + item1 + "/adjudication";
            sup().body(Map.of("note", "both", "from", "majority", "annotations", List.of()))
                    .when().post(url).then().statusCode(400);
            sup().body(Map.of("note", "neither")).when().post(url).then().statusCode(400);
            sup().body(Map.of("from", "everyone")).when().post(url).then().statusCode(400);
            sup().body("{not json").when().post(url).then().statusCode(400);
        }

        @Test
        void anEmptyGoldSetIsAJudgement() {
            sup().body(Map.of("note", "nothing here", "annotations", List.of()))
                    .when().post(base() + "/items/" + item3 + "/adjudication")
                    .then().statusCode(201).body("annotations", empty());
        }

        @Test
        void itemOrProjectMissingIs404() {
            long other = Fixtures.article(source1, "Elsewhere " + Fixtures.unique("x"));
            sup().body(Map.of("from", "majority")).when().post(base() + "/items/" + other + "/adjudication")
                    .then().statusCode(404);
            sup().body(Map.of("from", "majority"))
                    .when().post("/api/v1/projects/999999999/items/" + item1 + "/adjudication").then().statusCode(404);
            sup().when().get(base() + "/items/" + other + "/adjudication/history").then().statusCode(404);
        }
    }

    @Nested
    class Annotators {
        @Test
        void agreementWithOthersAndAccuracyAgainstGoldBySource() {
            sup().body(Map.of("from", "annotator:" + a)).when().post(base() + "/items/" + item2 + "/adjudication")
                    .then().statusCode(201);
            sup().body(Map.of("from", "annotator:" + c)).when().post(base() + "/items/" + item3 + "/adjudication")
                    .then().statusCode(201);
            sup().body(Map.of("from", "annotator:" + a)).when().post(base() + "/items/" + item1 + "/adjudication")
                    .then().statusCode(201);
            // Gold stance: pro, pro, anti. coder a: pro, pro, neutral → κ: p_o = 2/3, p_e = (2/3·2/3)+(0)+(0) = 4/9
            // → (2/3 − 4/9)/(5/9) = 0.4. coder c: pro, anti, anti → p_o 2/3, p_e = 1/3·2/3 + 2/3·1/3 = 4/9 → 0.4.
            var body = sup().when().get(base() + "/annotators")
                    .then().statusCode(200).body("total", equalTo(3)).extract().jsonPath();
            String prefix = "items.find { it.annotator == '%s' }.layers.find { it.layer == '%s' }.";
            org.junit.jupiter.api.Assertions.assertEquals(0.4,
                    body.getDouble(String.format(prefix, a, "stance") + "overall.accuracy"), 1e-9);
            org.junit.jupiter.api.Assertions.assertEquals(0.4,
                    body.getDouble(String.format(prefix, c, "stance") + "overall.accuracy"), 1e-9);
            org.junit.jupiter.api.Assertions.assertEquals(3, body.getInt(
                    "items.find { it.annotator == '" + a + "' }.items"));
            org.junit.jupiter.api.Assertions.assertEquals(2, body.getList(String.format(prefix, a, "stance") + "bySource").size());
            // Span F1 of b against the gold claims (a's [0,10) on item1): identical → 1.
            org.junit.jupiter.api.Assertions.assertEquals(1.0,
                    body.getDouble(String.format(prefix, b, "claims") + "overall.accuracy"), 1e-9);
            // c marked no claim where the gold has one: F1 0.
            org.junit.jupiter.api.Assertions.assertEquals(0.0,
                    body.getDouble(String.format(prefix, c, "claims") + "overall.accuracy"), 1e-9);
        }
    }

    @Nested
    class Roles {
        @Test
        void annotatorsAre403AndAnonymousCallersAre401() {
            TestUser annotator = Fixtures.annotator();
            List<String> gets = List.of(base() + "/review-queue", base() + "/items/" + item1 + "/disagreements",
                    base() + "/items/" + item1 + "/adjudication", base() + "/items/" + item1 + "/adjudication/history",
                    base() + "/annotators", base() + "/sources/report", base() + "/stories/any");
            for (String url : gets) {
                as(annotator.token()).when().get(url).then().statusCode(403);
                given().when().get(url).then().statusCode(401);
            }
            as(annotator.token()).body(Map.of("from", "majority")).when().post(base() + "/items/" + item1 + "/adjudication")
                    .then().statusCode(403);
            given().contentType(ContentType.JSON).body(Map.of("from", "majority"))
                    .when().post(base() + "/items/" + item1 + "/adjudication").then().statusCode(401);
        }

        @Test
        void adminsMayReview() {
            asAdmin().when().get(base() + "/review-queue").then().statusCode(200).body("items", hasSize(3));
        }
    }

    @Nested
    class SourceReport {
        @Test
        void perSourceRatesFromGoldWithIntervalsAndTentativeFlags() {
            sup().body(Map.of("note", "claims", "annotations", List.of(
                            Map.of("layer", "claims", "label", "unsupported", "start", 0, "end", 10, "quote", "Claim one."))))
                    .when().post(base() + "/items/" + item1 + "/adjudication").then().statusCode(201);
            var report = sup().when().get(base() + "/sources/report")
                    .then().statusCode(200).body("sources", hasSize(2)).body("minItems", equalTo(10))
                    .body("claimsLayer", equalTo("claims")).body("attributionLayer", equalTo("attribution"))
                    .extract().jsonPath();
            String row = "sources.find { it.sourceId == " + source1 + " }.";
            int words = report.getInt(row + "adjudicatedWords");
            org.junit.jupiter.api.Assertions.assertEquals(2, report.getInt(row + "articles"));
            org.junit.jupiter.api.Assertions.assertEquals(1, report.getInt(row + "adjudicatedItems"));
            org.junit.jupiter.api.Assertions.assertEquals(14, words);
            org.junit.jupiter.api.Assertions.assertEquals(1000.0 / words,
                    report.getDouble(row + "unsupportedClaimsPer1000Words.value"), 1e-9);
            org.junit.jupiter.api.Assertions.assertTrue(report.getBoolean(row + "unsupportedClaimsPer1000Words.tentative"));
            org.junit.jupiter.api.Assertions.assertEquals(0.0, report.getDouble(row + "attributedClaimShare.value"), 1e-9);
            org.junit.jupiter.api.Assertions.assertEquals(1, report.getInt(
                    row + "labelDistribution.find { it.layer == 'claims' }.gold.unsupported"));
            org.junit.jupiter.api.Assertions.assertEquals(5, report.getInt(
                    row + "labelDistribution.find { it.layer == 'stance' }.raw.pro"));
            org.junit.jupiter.api.Assertions.assertEquals("krippendorffAlpha", report.getString(
                    row + "agreement.find { it.layer == 'stance' }.measure"));
            org.junit.jupiter.api.Assertions.assertEquals(2, report.getInt(
                    row + "agreement.find { it.layer == 'stance' }.rate.items"));
        }

        @Test
        void badConfidenceLevelIs400AndUnknownProjectIs404() {
            sup().queryParam("ci", "2").when().get(base() + "/sources/report").then().statusCode(400);
            sup().queryParam("ci", "x").when().get(base() + "/sources/report").then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", equalTo("ci"));
            // the same request record as /agreement: seed is read (and checked) here too
            sup().queryParam("seed", "x").when().get(base() + "/sources/report").then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", equalTo("seed"));
            sup().queryParam("seed", "7").when().get(base() + "/sources/report").then().statusCode(200);
            sup().when().get("/api/v1/projects/999999999/sources/report").then().statusCode(404);
            for (String bad : List.of("0", "-5", "10001", "many", "1.5")) {
                sup().queryParam("replicates", bad).when().get(base() + "/sources/report").then().statusCode(400)
                        .contentType("application/problem+json").body("errors[0].field", equalTo("replicates"));
            }
        }

        @Test
        void fewerReplicatesChangeTheIntervalsNotTheFigures() {
            var standard = sup().when().get(base() + "/sources/report").then().statusCode(200).extract().jsonPath();
            var quick = sup().queryParam("replicates", "50").when().get(base() + "/sources/report")
                    .then().statusCode(200).extract().jsonPath();
            String alpha = "sources.find { it.sourceId == " + source1 + " }.agreement.find { it.layer == 'stance' }.rate.value";
            org.junit.jupiter.api.Assertions.assertEquals(standard.getDouble(alpha), quick.getDouble(alpha), 1e-12);
        }
    }

    @Nested
    class Story {
        @Test
        void claimsAreMatchedAcrossVersions() {
            String story = asAdmin().when().get("/api/v1/articles/" + item1).then().extract().path("storyKey");
            Map<String, Object> claim = Map.of("layer", "claims", "label", "unsupported", "start", 0, "end", 10,
                    "quote", "Claim one.");
            sup().body(Map.of("annotations", List.of(claim)))
                    .when().post(base() + "/items/" + item1 + "/adjudication").then().statusCode(201);
            sup().body(Map.of("annotations", List.of(claim)))
                    .when().post(base() + "/items/" + item2 + "/adjudication").then().statusCode(201);
            sup().when().get(base() + "/stories/" + story)
                    .then().statusCode(200).body("versions", hasSize(3))
                    .body("claims", hasSize(1))
                    .body("claims[0].inVersions", contains((int) item1, (int) item2))
                    .body("claims[0].textAlsoIn", contains((int) item3))
                    .body("claims[0].singleVersion", equalTo(false))
                    .body("singleVersionClaims", empty());
        }

        @Test
        void unknownStoryIs404() {
            sup().when().get(base() + "/stories/" + Fixtures.unique("none"))
                    .then().statusCode(404).body("detail", containsString("Story"));
        }
    }
}
