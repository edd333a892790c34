package io.crosscheck.agreement;

import io.crosscheck.agreement.core.Spans;
import io.crosscheck.agreement.core.UnitizingAlpha;
import io.crosscheck.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class AgreementResourceTest {

    static final double EPS = 5e-4;
    static final List<String> ONE_TO_FIVE = List.of("1", "2", "3", "4", "5");

    /** Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": coders A–D × units 1–12, "." missing. */
    static final String[][] RELIABILITY_DATA = {
            "1 2 3 3 2 1 4 1 2 . . .".split(" "),
            "1 2 3 3 2 2 4 1 2 5 . 3".split(" "),
            ". 3 3 3 2 3 4 2 2 5 1 .".split(" "),
            "1 2 3 3 2 4 4 1 2 5 1 .".split(" "),
    };

    /** Numbers as doubles: the default (float) loses the digits these figures are checked to. */
    static final RestAssuredConfig DOUBLES = RestAssuredConfig.config()
            .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));

    @Inject
    DataSource dataSource;

    static ValidatableResponse agreement(String token, long projectId, String query) {
        return given().config(DOUBLES).header("Authorization", "Bearer " + token)
                .when().get("/api/v1/projects/" + projectId + "/agreement" + query)
                .then();
    }

    static JsonPath ok(long projectId, String query) {
        return agreement(Fixtures.ADMIN_TOKEN, projectId, query).statusCode(200).contentType("application/json")
                .extract().jsonPath().using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    static void importLines(long projectId, String body) {
        JsonPath report = Fixtures.ndjson(Fixtures.ADMIN_TOKEN, body)
                .when().post("/api/v1/projects/" + projectId + "/annotations/import")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(0, report.getInt("failed"), report.prettify());
    }

    static String docLine(long articleId, String annotator, String layer, String label) {
        return "{\"articleId\": " + articleId + ", \"annotator\": \"" + annotator + "\", \"layer\": \"" + layer + "\""
                + (label == null ? "" : ", \"label\": \"" + label + "\"") + "}\n";
    }

    static String spanLine(long articleId, String annotator, String layer, String label, int start, int end) {
        return "{\"articleId\": " + articleId + ", \"annotator\": \"" + annotator + "\", \"layer\": \"" + layer
                + "\", \"label\": \"" + label + "\", \"start\": " + start + ", \"end\": " + end + "}\n";
    }

    static List<Long> articles(long sourceId, int n) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(Fixtures.article(sourceId, "Unit " + i + " " + Fixtures.unique("text")));
        }
        return ids;
    }

    /** Work leased but not submitted, written straight into the tables (the queue is another feature). */
    void leasedAnnotation(long projectId, long articleId, String layer, String label) throws SQLException {
        leasedAnnotation(projectId, articleId, layer, label, null, null);
    }

    void leasedAnnotation(long projectId, long articleId, String layer, String label, Integer start, Integer end)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            long user = single(c, "insert into app_user (username, role) values (?, 'annotator') returning id",
                    Fixtures.unique("leased"));
            long item = single(c, "select id from project_item where project_id = ? and article_id = ?", projectId,
                    articleId);
            long layerId = single(c, "select id from layer where project_id = ? and name = ?", projectId, layer);
            long assignment = single(c, "insert into assignment (project_id, item_id, article_id, annotator_id, status, "
                    + "lease_expires_at) values (?, ?, ?, ?, 'leased', now() + interval '1 hour') returning id",
                    projectId, item, articleId, user);
            single(c, "insert into annotation (assignment_id, project_id, article_id, annotator_id, layer_id, label, "
                    + "start_offset, end_offset) values (?, ?, ?, ?, ?, ?, ?, ?) returning id", assignment, projectId,
                    articleId, user, layerId, label, start, end);
        }
    }

    static long single(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Nested
    class KrippendorffReliabilityData {

        long projectId;
        List<Long> units;
        String[] coders;

        /**
         * One project, four layers (one per level) over the same 12 units; units 1–6 from one source, 7–12 from
         * another. Coder A's missing units are label-less lines ("did it, marked nothing"), the others' are absent.
         */
        @BeforeEach
        void load() throws SQLException {
            projectId = Fixtures.project(4, List.of(
                    Fixtures.documentLayer("nominal", "nominal", ONE_TO_FIVE),
                    Fixtures.documentLayer("ordinal", "ordinal", ONE_TO_FIVE),
                    Fixtures.documentLayer("interval", "interval", ONE_TO_FIVE),
                    Fixtures.documentLayer("ratio", "ratio", ONE_TO_FIVE)));
            units = new ArrayList<>(articles(Fixtures.source(), 6));
            units.addAll(articles(Fixtures.source(), 6));
            String prefix = Fixtures.unique("k");
            coders = new String[]{prefix + "-a", prefix + "-b", prefix + "-c", prefix + "-d"};
            StringBuilder body = new StringBuilder();
            for (int u = 0; u < 12; u++) {
                for (int c = 0; c < 4; c++) {
                    String v = RELIABILITY_DATA[c][u];
                    if (!v.equals(".")) {
                        for (String layer : List.of("nominal", "ordinal", "interval", "ratio")) {
                            body.append(docLine(units.get(u), coders[c], layer, v));
                        }
                    } else if (c == 0) {
                        body.append(docLine(units.get(u), coders[c], "nominal", null));
                    }
                }
            }
            importLines(projectId, body.toString());
            // Unit 12 has one value; a leased (unsubmitted) second value would make it pairable and change α.
            leasedAnnotation(projectId, units.get(11), "nominal", "3");
            leasedAnnotation(projectId, units.get(10), "nominal", "4");
        }

        @Test
        void nominalAlphaIsKrippendorffs743AndFleissIsNullForUnequalCounts() {
            JsonPath r = ok(projectId, "?layer=nominal");
            assertEquals("nominal", r.getString("layer"));
            assertEquals("document", r.getString("scope"));
            assertEquals("nominal", r.getString("measurement"));
            assertEquals(12, r.getInt("items"));
            assertEquals(4, r.getInt("annotators"));
            assertEquals(0.743, r.getDouble("krippendorffAlpha"), EPS);
            assertEquals(0.8, r.getDouble("percentAgreement"), 1e-9);
            agreement(Fixtures.ADMIN_TOKEN, projectId, "?layer=nominal")
                    .body("$", hasKey("fleissKappa")).body("fleissKappa", nullValue())
                    .body("krippendorffAlphaCi", nullValue())
                    .body("unitizingAlpha", nullValue());
        }

        @Test
        void ordinalIntervalAndRatioUseLabelOrderAndNumericValues() {
            assertEquals(0.815, ok(projectId, "?layer=ordinal").getDouble("krippendorffAlpha"), EPS);
            assertEquals(0.849, ok(projectId, "?layer=interval").getDouble("krippendorffAlpha"), EPS);
            assertEquals(0.797, ok(projectId, "?layer=ratio").getDouble("krippendorffAlpha"), EPS);
            assertEquals(0.8, ok(projectId, "?layer=interval").getDouble("percentAgreement"), 1e-9);
        }

        @Test
        void onlySubmittedWorkCounts() {
            JsonPath r = ok(projectId, "?layer=nominal");
            assertEquals(4, r.getInt("annotators"));
            assertEquals(0.7434210526, r.getDouble("krippendorffAlpha"), 1e-9);
            assertEquals(6, r.getList("pairs").size());
        }

        @Test
        void pairsListCohenKappaOnTheItemsBothCoded() {
            JsonPath r = ok(projectId, "?layer=nominal");
            assertEquals(coders[0], r.getString("pairs[0].a"));
            assertEquals(coders[1], r.getString("pairs[0].b"));
            // A and B share units 1–9 and differ only on unit 6 (1 vs 2).
            assertEquals(9, r.getInt("pairs[0].items"));
            assertEquals(r.getDouble("meanPairwiseCohenKappa"),
                    r.getList("pairs.cohenKappa", Double.class).stream().mapToDouble(Double::doubleValue).average()
                            .orElseThrow(), 1e-6);
        }

        @Test
        void bySourceGivesAlphaPerSource() {
            JsonPath r = ok(projectId, "?layer=nominal");
            assertEquals(2, r.getList("bySource").size());
            Map<String, Object> first = r.getMap("bySource.find { it.items == 6 && it.krippendorffAlpha < 0.7 }");
            assertEquals(0.6206896552, ((Number) first.get("krippendorffAlpha")).doubleValue(), 1e-6);
            Map<String, Object> second = r.getMap("bySource.find { it.krippendorffAlpha > 0.7 }");
            assertEquals(0.8504672897, ((Number) second.get("krippendorffAlpha")).doubleValue(), 1e-6);
            assertEquals(6, second.get("items"));
            assertEquals(0.9761904762, ok(projectId, "?layer=interval")
                    .getDouble("bySource.find { it.krippendorffAlpha > 0.9 }.krippendorffAlpha"), 1e-6);
        }

        @Test
        void byLabelCountsValuesAndGivesBinaryAlpha() {
            JsonPath r = ok(projectId, "?layer=nominal");
            assertEquals(ONE_TO_FIVE, r.getList("byLabel.label"));
            assertEquals(9, r.getInt("byLabel[0].values"));
            assertEquals(3, r.getInt("byLabel[4].values"));
            // "5": coded alike by everyone who coded units 10 (B, C, D); nowhere else → perfect binary agreement.
            assertEquals(1.0, r.getDouble("byLabel[4].krippendorffAlpha"), 1e-9);
        }

        @Test
        void bootstrapCiIsReproducibleAndBracketsTheEstimate() {
            JsonPath r = ok(projectId, "?layer=nominal&ci=0.9&replicates=500");
            double lower = r.getDouble("krippendorffAlphaCi.lower");
            double upper = r.getDouble("krippendorffAlphaCi.upper");
            assertEquals(0.9, r.getDouble("krippendorffAlphaCi.level"), 1e-12);
            assertEquals(500, r.getInt("krippendorffAlphaCi.replicates"));
            org.hamcrest.MatcherAssert.assertThat(lower, lessThanOrEqualTo(upper));
            JsonPath again = ok(projectId, "?layer=nominal&ci=0.9&replicates=500");
            assertEquals(lower, again.getDouble("krippendorffAlphaCi.lower"));
            assertEquals(upper, again.getDouble("krippendorffAlphaCi.upper"));
            JsonPath otherSeed = ok(projectId, "?layer=nominal&ci=0.9&replicates=500&seed=7");
            assertEquals(7L, otherSeed.getLong("krippendorffAlphaCi.seed"));
        }

        @Test
        void withoutLayerEveryLayerIsListedInOrder() {
            agreement(Fixtures.ADMIN_TOKEN, projectId, "").statusCode(200)
                    .body("layer", contains("nominal", "ordinal", "interval", "ratio"))
                    .body("[2].krippendorffAlpha", closeTo(0.849, EPS));
        }

        @Test
        void supervisorMayReadAnnotatorIsForbiddenAnonymousIsUnauthorised() {
            agreement(Fixtures.supervisor().token(), projectId, "?layer=nominal").statusCode(200);
            agreement(Fixtures.annotator().token(), projectId, "?layer=nominal").statusCode(403)
                    .contentType("application/problem+json");
            given().when().get("/api/v1/projects/" + projectId + "/agreement?layer=nominal")
                    .then().statusCode(401).contentType("application/problem+json");
        }

        @Test
        void unknownLayerIs404WithTheLayerNames() {
            agreement(Fixtures.ADMIN_TOKEN, projectId, "?layer=nope").statusCode(404)
                    .contentType("application/problem+json")
                    .body("layers", contains("nominal", "ordinal", "interval", "ratio"));
        }

        @Test
        void malformedQueryParametersAre400() {
            for (String q : List.of("?layer=nominal&ci=abc", "?layer=nominal&ci=1.5", "?layer=nominal&ci=0",
                    "?layer=nominal&ci=1", "?layer=nominal&ci=NaN", "?layer=nominal&ci=0.95&replicates=0",
                    "?layer=nominal&ci=0.95&replicates=x", "?layer=nominal&ci=0.95&replicates=10001",
                    "?layer=nominal&ci=0.95&seed=x", "?layer=nominal&replicates=10", "?layer=", "?layer= ")) {
                int status = agreement(Fixtures.ADMIN_TOKEN, projectId, q).extract().statusCode();
                assertEquals(400, status, q);
                agreement(Fixtures.ADMIN_TOKEN, projectId, q).statusCode(400).contentType("application/problem+json")
                        .body("status", equalTo(400)).body("errors[0].field", notNullValue());
            }
        }
    }

    @Test
    void unknownProjectIs404() {
        agreement(Fixtures.ADMIN_TOKEN, Long.MAX_VALUE, "?layer=stance").statusCode(404)
                .contentType("application/problem+json");
        agreement(Fixtures.ADMIN_TOKEN, Long.MAX_VALUE, "").statusCode(404);
    }

    @Test
    void cohenKappaOfTwoAnnotatorsMatchesTheHandComputedValue() {
        // Confusion (A rows, B columns) yes/no: [[4, 1], [2, 3]]: p_o = .7, p_e = .5·.6 + .5·.4 = .5 → κ = .4.
        long projectId = Fixtures.project(2, List.of(Fixtures.documentLayer("q", "nominal", List.of("yes", "no"))));
        List<Long> ids = articles(Fixtures.source(), 10);
        String a = Fixtures.unique("aa");
        String b = Fixtures.unique("bb");
        String[] la = {"yes", "yes", "yes", "yes", "yes", "no", "no", "no", "no", "no"};
        String[] lb = {"yes", "yes", "yes", "yes", "no", "yes", "yes", "no", "no", "no"};
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            body.append(docLine(ids.get(i), a, "q", la[i])).append(docLine(ids.get(i), b, "q", lb[i]));
        }
        importLines(projectId, body.toString());
        JsonPath r = ok(projectId, "?layer=q");
        assertEquals(1, r.getList("pairs").size());
        assertEquals(10, r.getInt("pairs[0].items"));
        assertEquals(0.4, r.getDouble("pairs[0].cohenKappa"), 1e-9);
        assertEquals(0.4, r.getDouble("meanPairwiseCohenKappa"), 1e-9);
        assertEquals(0.7, r.getDouble("percentAgreement"), 1e-9);
    }

    @Test
    void fleissKappaIsDefinedWhenEveryItemHasTheSameNumberOfLabels() {
        // Items [a,a,a] [a,a,b] [b,b,b] [a,b,b]: P̄ = 2/3, P̄_e = .5 → κ = 1/3.
        long projectId = Fixtures.project(3, List.of(Fixtures.documentLayer("q", "nominal", List.of("a", "b"))));
        List<Long> ids = articles(Fixtures.source(), 4);
        String[][] labels = {{"a", "a", "a"}, {"a", "a", "b"}, {"b", "b", "b"}, {"a", "b", "b"}};
        String p = Fixtures.unique("f");
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            for (int c = 0; c < 3; c++) {
                body.append(docLine(ids.get(i), p + "-" + c, "q", labels[i][c]));
            }
        }
        importLines(projectId, body.toString());
        assertEquals(1.0 / 3, ok(projectId, "?layer=q").getDouble("fleissKappa"), 1e-9);
    }

    @Test
    void oneCategoryOnlyGivesNullNotNaN() {
        long projectId = Fixtures.project(2, List.of(
                Fixtures.documentLayer("stance", "nominal", List.of("pro", "neutral", "anti"))));
        List<Long> ids = articles(Fixtures.source(), 3);
        String p = Fixtures.unique("same");
        StringBuilder body = new StringBuilder();
        for (long id : ids) {
            body.append(docLine(id, p + "-1", "stance", "pro")).append(docLine(id, p + "-2", "stance", "pro"));
        }
        importLines(projectId, body.toString());
        agreement(Fixtures.ADMIN_TOKEN, projectId, "?layer=stance&ci=0.95&replicates=50").statusCode(200)
                .body("$", hasKey("krippendorffAlpha")).body("krippendorffAlpha", nullValue())
                .body("fleissKappa", nullValue()).body("meanPairwiseCohenKappa", nullValue())
                .body("pairs[0].cohenKappa", nullValue())
                .body("percentAgreement", equalTo(1.0))
                .body("krippendorffAlphaCi.lower", nullValue())
                .body("bySource[0].krippendorffAlpha", nullValue())
                .body("byLabel[0].krippendorffAlpha", nullValue());
    }

    @Test
    void layerWithoutSubmittedWorkGivesNullsAndEmptyLists() {
        long projectId = Fixtures.project(2, List.of(
                Fixtures.documentLayer("stance", "nominal", List.of("pro", "anti")),
                Fixtures.spanLayer("claims", List.of("unsupported"))));
        Fixtures.addItems(projectId, articles(Fixtures.source(), 2));
        agreement(Fixtures.ADMIN_TOKEN, projectId, "?layer=stance").statusCode(200)
                .body("items", equalTo(0)).body("annotators", equalTo(0)).body("krippendorffAlpha", nullValue())
                .body("percentAgreement", nullValue()).body("pairs", hasSize(0)).body("bySource", hasSize(0));
        agreement(Fixtures.ADMIN_TOKEN, projectId, "?layer=claims&ci=0.95").statusCode(200)
                .body("items", equalTo(0)).body("unitizingAlpha", nullValue()).body("spanF1Exact", nullValue())
                .body("unitizingAlphaCi.lower", nullValue());
    }

    @Nested
    class SpanLayer {

        static final String TEXT_20 = "abcdefghij klmnopqr.";
        static final String TEXT_15 = "Markets fell 2%";

        long projectId;
        long first;
        long second;
        String a;
        String b;
        String c;

        /**
         * Two items (20 and 15 code points). A and B: three spans each, two identical, one overlapping but with other
         * boundaries; C did both items and marked nothing; a leased, unsubmitted annotator has a span too.
         */
        @BeforeEach
        void load() throws SQLException {
            projectId = Fixtures.project(3, List.of(
                    Fixtures.spanLayer("claims", List.of("unsupported", "contradicted", "world-fact-error"))));
            long source = Fixtures.source();
            first = Fixtures.article(source, TEXT_20);
            second = Fixtures.article(Fixtures.source(), TEXT_15);
            String p = Fixtures.unique("s");
            a = p + "-a";
            b = p + "-b";
            c = p + "-c";
            importLines(projectId, spanLine(first, a, "claims", "unsupported", 0, 5)
                    + spanLine(first, a, "claims", "contradicted", 7, 9)
                    + spanLine(second, a, "claims", "unsupported", 3, 8)
                    + spanLine(first, b, "claims", "unsupported", 0, 5)
                    + spanLine(first, b, "claims", "contradicted", 6, 9)
                    + spanLine(second, b, "claims", "unsupported", 3, 8)
                    + docLine(first, c, "claims", null)
                    + docLine(second, c, "claims", null));
            leasedAnnotation(projectId, first, "claims", "unsupported", 10, 15);
        }

        /** The same data given to the core directly: the endpoint must lay it out exactly like this. */
        Spans expectedSpans() {
            Spans.Builder s = Spans.builder(3, 3);
            int i0 = s.item(20);
            int i1 = s.item(15);
            s.allDone();
            return s.span(i0, 0, 5, 0, 0).span(i0, 7, 9, 1, 0).span(i1, 3, 8, 0, 0)
                    .span(i0, 0, 5, 0, 1).span(i0, 6, 9, 1, 1).span(i1, 3, 8, 0, 1).build();
        }

        @Test
        void spanF1CountsTheAnnotatorWhoMarkedNothing() {
            JsonPath r = ok(projectId, "?layer=claims");
            assertEquals("span", r.getString("scope"));
            assertEquals(2, r.getInt("items"));
            assertEquals(3, r.getInt("annotators"));
            // A–B: 2 exact matches of 3 + 3 spans → 2/3, every span overlaps → 1; A–C and B–C: 0.
            assertEquals((2.0 / 3) / 3, r.getDouble("spanF1Exact"), 1e-9);
            assertEquals(1.0 / 3, r.getDouble("spanF1Overlap"), 1e-9);
            assertEquals(3, r.getList("pairs").size());
            assertEquals(2.0 / 3, r.getDouble("pairs.find { it.a == '" + a + "' && it.b == '" + b + "' }.spanF1Exact"), 1e-9);
            assertEquals(1.0, r.getDouble("pairs.find { it.a == '" + a + "' && it.b == '" + b + "' }.spanF1Overlap"), 1e-9);
            assertEquals(0.0, r.getDouble("pairs.find { it.b == '" + c + "' && it.a == '" + a + "' }.spanF1Overlap"), 1e-9);
            assertEquals(2, r.getInt("pairs[0].items"));
        }

        @Test
        void unitizingAlphaIsTheCoresOnTheContinuumWithEveryoneWhoSubmitted() {
            JsonPath r = ok(projectId, "?layer=claims");
            UnitizingAlpha.Result expected = UnitizingAlpha.compute(expectedSpans());
            assertEquals(expected.alpha(), r.getDouble("unitizingAlpha"), 1e-6);
            // C's empty judgement makes agreement imperfect even though A and B largely agree.
            org.hamcrest.MatcherAssert.assertThat(r.getDouble("unitizingAlpha"), lessThanOrEqualTo(0.9));
            assertEquals(List.of("unsupported", "contradicted", "world-fact-error"), r.getList("byLabel.label"));
            assertEquals(expected.alphaByLabel()[0], r.getDouble("byLabel[0].unitizingAlpha"), 1e-6);
            assertEquals(expected.alphaByLabel()[1], r.getDouble("byLabel[1].unitizingAlpha"), 1e-6);
            assertEquals(4, r.getInt("byLabel[0].values"));
            agreement(Fixtures.ADMIN_TOKEN, projectId, "?layer=claims")
                    .body("byLabel[2].unitizingAlpha", nullValue()).body("byLabel[2].values", equalTo(0))
                    .body("krippendorffAlpha", nullValue()).body("fleissKappa", nullValue());
        }

        @Test
        void identicalSpansWithoutTheSilentAnnotatorAgreePerfectly() {
            long p2 = Fixtures.project(2, List.of(Fixtures.spanLayer("claims", List.of("unsupported"))));
            String x = Fixtures.unique("x");
            String y = Fixtures.unique("y");
            importLines(p2, spanLine(second, x, "claims", "unsupported", 3, 8)
                    + spanLine(second, y, "claims", "unsupported", 3, 8));
            JsonPath r = ok(p2, "?layer=claims");
            assertEquals(1.0, r.getDouble("unitizingAlpha"), 1e-9);
            assertEquals(1.0, r.getDouble("spanF1Exact"), 1e-9);
            assertEquals(1.0, r.getDouble("byLabel[0].spanF1Overlap"), 1e-9);
        }

        @Test
        void bySourceSplitsTheContinuum() {
            JsonPath r = ok(projectId, "?layer=claims");
            assertEquals(2, r.getList("bySource").size());
            Spans.Builder s = Spans.builder(3, 3);
            int i1 = s.item(15);
            s.allDone().span(i1, 3, 8, 0, 0).span(i1, 3, 8, 0, 1);
            double secondAlpha = UnitizingAlpha.compute(s.build()).alpha();
            assertEquals(secondAlpha, r.getDouble("bySource.find { it.items == 1 && it.spanF1Exact > 0.3 }.unitizingAlpha"),
                    1e-6);
        }

        @Test
        void bootstrapCiForUnitizingAlpha() {
            JsonPath r = ok(projectId, "?layer=claims&ci=0.95&replicates=200");
            assertEquals(0.95, r.getDouble("unitizingAlphaCi.level"), 1e-12);
            assertEquals(200, r.getInt("unitizingAlphaCi.replicates"));
            org.hamcrest.MatcherAssert.assertThat(r.getDouble("unitizingAlphaCi.lower"),
                    lessThanOrEqualTo(r.getDouble("unitizingAlphaCi.upper")));
        }
    }
}
