package io.crosscheck.agreement;

import io.crosscheck.agreement.core.Gamma;
import io.crosscheck.agreement.core.GwetAc;
import io.crosscheck.agreement.core.Ratings;
import io.crosscheck.agreement.core.Spans;
import io.crosscheck.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.crosscheck.agreement.AgreementResourceTest.ONE_TO_FIVE;
import static io.crosscheck.agreement.AgreementResourceTest.RELIABILITY_DATA;
import static io.crosscheck.agreement.AgreementResourceTest.agreement;
import static io.crosscheck.agreement.AgreementResourceTest.articles;
import static io.crosscheck.agreement.AgreementResourceTest.docLine;
import static io.crosscheck.agreement.AgreementResourceTest.importLines;
import static io.crosscheck.agreement.AgreementResourceTest.ok;
import static io.crosscheck.agreement.AgreementResourceTest.spanLine;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The coefficients people compare against (scottPi, weightedKappa, gwetAc1/2, brennanPrediger, gamma) over HTTP. */
@QuarkusTest
class ComparedCoefficientsResourceTest {

    static final double EPS = 5e-4;

    @Nested
    class GwetHandbookData {

        long projectId;
        String[] coders;

        /** Gwet (2014) p. 120 = Krippendorff (2011)'s 4 coders × 12 units, on one layer per level. */
        @BeforeEach
        void load() {
            projectId = Fixtures.project(4, List.of(
                    Fixtures.documentLayer("nominal", "nominal", ONE_TO_FIVE),
                    Fixtures.documentLayer("ordinal", "ordinal", ONE_TO_FIVE),
                    Fixtures.documentLayer("interval", "interval", ONE_TO_FIVE),
                    Fixtures.documentLayer("ratio", "ratio", ONE_TO_FIVE)));
            List<Long> units = articles(Fixtures.source(), 12);
            String prefix = Fixtures.unique("g");
            coders = new String[] {prefix + "-a", prefix + "-b", prefix + "-c", prefix + "-d"};
            StringBuilder body = new StringBuilder();
            for (int u = 0; u < 12; u++) {
                for (int c = 0; c < 4; c++) {
                    String v = RELIABILITY_DATA[c][u];
                    if (!v.equals(".")) {
                        for (String layer : List.of("nominal", "ordinal", "interval", "ratio")) {
                            body.append(docLine(units.get(u), coders[c], layer, v));
                        }
                    }
                }
            }
            importLines(projectId, body.toString());
        }

        /** irrCAC (afergadis/irrCAC test_gwet.py, test_bp.py): AC1 .775, Brennan–Prediger .773. */
        @Test
        void nominalLayerGivesAc1AndBrennanPredigerAsIrrCac() {
            JsonPath r = ok(projectId, "?layer=nominal");
            assertEquals(0.775, r.getDouble("gwetAc1"), EPS);
            assertEquals(0.773, r.getDouble("brennanPrediger"), EPS);
            agreement(Fixtures.ADMIN_TOKEN, projectId, "?layer=nominal").statusCode(200)
                    .body("$", hasKey("gwetAc2")).body("gwetAc2", nullValue())
                    .body("gamma", nullValue()).body("gwetAc1Ci", nullValue())
                    .body("pairs[0]", hasKey("weightedKappa")).body("pairs[0].weightedKappa", nullValue())
                    .body("pairs[0].scottPi", notNullValue());
        }

        /** irrCAC's AC2: ordinal weights .899, quadratic .914, ratio .857 (the layer's level picks the weights). */
        @Test
        void orderedLayersGiveAc2WithTheirLevelsWeights() {
            assertEquals(0.899, ok(projectId, "?layer=ordinal").getDouble("gwetAc2"), EPS);
            assertEquals(0.914, ok(projectId, "?layer=interval").getDouble("gwetAc2"), EPS);
            assertEquals(0.857, ok(projectId, "?layer=ratio").getDouble("gwetAc2"), EPS);
            assertEquals(0.775, ok(projectId, "?layer=ordinal").getDouble("gwetAc1"), EPS);
        }

        /** Coders A and B share units 1–9, differing only on unit 6 (1 vs 2): κ_w and π from those 9 pairs. */
        @Test
        void pairsGiveScottPiAndWeightedKappaOnTheItemsBothCoded() {
            JsonPath r = ok(projectId, "?layer=ordinal");
            int[] a = {0, 1, 2, 2, 1, 0, 3, 0, 1};
            int[] b = {0, 1, 2, 2, 1, 1, 3, 0, 1};
            assertEquals(coders[0], r.getString("pairs[0].a"));
            assertEquals(coders[1], r.getString("pairs[0].b"));
            assertEquals(io.crosscheck.agreement.core.ScottPi.compute(a, b, 5), r.getDouble("pairs[0].scottPi"),
                    1e-9);
            assertEquals(io.crosscheck.agreement.core.CohenKappa.compute(a, b, 5,
                    io.crosscheck.agreement.core.CohenKappa.Weighting.LINEAR),
                    r.getDouble("pairs[0].weightedKappa.linear"), 1e-9);
            assertEquals(io.crosscheck.agreement.core.CohenKappa.compute(a, b, 5,
                    io.crosscheck.agreement.core.CohenKappa.Weighting.QUADRATIC),
                    r.getDouble("pairs[0].weightedKappa.quadratic"), 1e-9);
            assertTrue(r.getDouble("pairs[0].weightedKappa.quadratic") > r.getDouble("pairs[0].weightedKappa.linear"));
        }

        /** byLabel: AC1 and Brennan–Prediger of the binary recoding, as for α. */
        @Test
        void byLabelGivesBinaryAc1AndBrennanPrediger() {
            JsonPath r = ok(projectId, "?layer=nominal");
            int[][] rows = new int[12][4];
            for (int u = 0; u < 12; u++) {
                int slot = 0;
                for (int c = 0; c < 4; c++) {
                    rows[u][c] = Ratings.MISSING;
                }
                for (int c = 0; c < 4; c++) {
                    String v = RELIABILITY_DATA[c][u];
                    if (!v.equals(".")) {
                        rows[u][slot++] = v.equals("3") ? 1 : 0;
                    }
                }
            }
            Ratings binary = Ratings.of(rows, 2);
            assertEquals(GwetAc.ac1(binary).coefficient(), r.getDouble("byLabel[2].gwetAc1"), 1e-9);
            assertEquals(io.crosscheck.agreement.core.BrennanPrediger.compute(binary),
                    r.getDouble("byLabel[2].brennanPrediger"), 1e-9);
            agreement(Fixtures.ADMIN_TOKEN, projectId, "?layer=nominal").body("byLabel[2].gwetAc2", nullValue())
                    .body("byLabel[2].gamma", nullValue());
        }

        @Test
        void intervalsForEveryNewCoefficientAreReproducible() {
            JsonPath r = ok(projectId, "?layer=ordinal&ci=0.9&replicates=300");
            for (String f : List.of("gwetAc1Ci", "gwetAc2Ci", "brennanPredigerCi")) {
                double lower = r.getDouble(f + ".lower");
                double upper = r.getDouble(f + ".upper");
                assertTrue(lower <= upper, f);
                assertEquals(300, r.getInt(f + ".replicates"));
                assertEquals(0.9, r.getDouble(f + ".level"), 1e-12);
            }
            JsonPath again = ok(projectId, "?layer=ordinal&ci=0.9&replicates=300");
            assertEquals(r.getDouble("gwetAc2Ci.lower"), again.getDouble("gwetAc2Ci.lower"));
            agreement(Fixtures.ADMIN_TOKEN, projectId, "?layer=nominal&ci=0.9&replicates=50")
                    .body("gwetAc2Ci", nullValue()).body("gammaCi", nullValue());
        }
    }

    /**
     * scikit-learn's test_cohen_kappa weighting example on an ordinal layer: 46 × (0,0), 4 × (1,0), 40 × (1,1),
     * 10 × (2,2) gives linear κ_w .9412 and quadratic .9541; Scott's π from the same table.
     */
    @Test
    void weightedKappaOfScikitLearnsExample() {
        long projectId = Fixtures.project(2, List.of(Fixtures.documentLayer("grade", "ordinal",
                List.of("0", "1", "2"))));
        List<Long> ids = articles(Fixtures.source(), 100);
        String a = Fixtures.unique("wa");
        String b = Fixtures.unique("wb");
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            String x = i < 50 ? (i < 46 ? "0" : "1") : i < 90 ? "1" : "2";
            String y = i < 50 ? "0" : i < 90 ? "1" : "2";
            body.append(docLine(ids.get(i), a, "grade", x)).append(docLine(ids.get(i), b, "grade", y));
        }
        importLines(projectId, body.toString());
        JsonPath r = ok(projectId, "?layer=grade");
        assertEquals(0.9412, r.getDouble("pairs[0].weightedKappa.linear"), 5e-5);
        assertEquals(0.9541, r.getDouble("pairs[0].weightedKappa.quadratic"), 5e-5);
        assertEquals(0.9315, r.getDouble("pairs[0].cohenKappa"), 5e-5);
        // Pooled marginals (0: 96, 1: 84, 2: 20 of 200): p_e = .3364, p_o = .96.
        double pe = 0.48 * 0.48 + 0.42 * 0.42 + 0.1 * 0.1;
        assertEquals((0.96 - pe) / (1 - pe), r.getDouble("pairs[0].scottPi"), 1e-9);
    }

    /** One category only: κ, π and α are undefined (null), AC1 and Brennan–Prediger are not. */
    @Test
    void oneCategoryOnlyGivesNullPiButDefinedAc1() {
        long projectId = Fixtures.project(2, List.of(
                Fixtures.documentLayer("stance", "nominal", List.of("pro", "neutral", "anti"))));
        List<Long> ids = articles(Fixtures.source(), 3);
        String p = Fixtures.unique("one");
        StringBuilder body = new StringBuilder();
        for (long id : ids) {
            body.append(docLine(id, p + "-1", "stance", "pro")).append(docLine(id, p + "-2", "stance", "pro"));
        }
        importLines(projectId, body.toString());
        agreement(Fixtures.ADMIN_TOKEN, projectId, "?layer=stance").statusCode(200)
                .body("krippendorffAlpha", nullValue()).body("pairs[0].scottPi", nullValue())
                .body("gwetAc1", org.hamcrest.Matchers.equalTo(1.0))
                .body("brennanPrediger", org.hamcrest.Matchers.equalTo(1.0));
    }

    @Nested
    class SpanLayer {

        long projectId;
        long first;
        long second;

        /** As AgreementResourceTest's span layer: A and B mostly agree, C did both items and marked nothing. */
        @BeforeEach
        void load() {
            projectId = Fixtures.project(3, List.of(
                    Fixtures.spanLayer("claims", List.of("unsupported", "contradicted", "world-fact-error"))));
            first = Fixtures.article(Fixtures.source(), "abcdefghij klmnopqr.");
            second = Fixtures.article(Fixtures.source(), "Markets fell 2%");
            String p = Fixtures.unique("gs");
            importLines(projectId, spanLine(first, p + "-a", "claims", "unsupported", 0, 5)
                    + spanLine(first, p + "-a", "claims", "contradicted", 7, 9)
                    + spanLine(second, p + "-a", "claims", "unsupported", 3, 8)
                    + spanLine(first, p + "-b", "claims", "unsupported", 0, 5)
                    + spanLine(first, p + "-b", "claims", "contradicted", 6, 9)
                    + spanLine(second, p + "-b", "claims", "unsupported", 3, 8)
                    + docLine(first, p + "-c", "claims", null)
                    + docLine(second, p + "-c", "claims", null));
        }

        Spans.Builder expected() {
            Spans.Builder s = Spans.builder(3, 3);
            s.item(20);
            s.item(15);
            return s.allDone();
        }

        @Test
        void gammaIsTheCoresOnOneContinuumPerItem() {
            Spans spans = expected().span(0, 0, 5, 0, 0).span(0, 7, 9, 1, 0).span(1, 3, 8, 0, 0)
                    .span(0, 0, 5, 0, 1).span(0, 6, 9, 1, 1).span(1, 3, 8, 0, 1).build();
            double gamma = Gamma.compute(spans, Gamma.Parameters.DEFAULT).gamma();
            JsonPath r = ok(projectId, "?layer=claims");
            assertEquals(gamma, r.getDouble("gamma"), 1e-9);
            Spans.Builder u = Spans.builder(3, 1);
            u.item(20);
            u.item(15);
            Spans unsupported = u.allDone().span(0, 0, 5, 0, 0).span(1, 3, 8, 0, 0).span(0, 0, 5, 0, 1)
                    .span(1, 3, 8, 0, 1).build();
            assertEquals(Gamma.compute(unsupported, Gamma.Parameters.DEFAULT).gamma(),
                    r.getDouble("byLabel[0].gamma"), 1e-9);
            agreement(Fixtures.ADMIN_TOKEN, projectId, "?layer=claims").statusCode(200)
                    .body("byLabel[2].gamma", nullValue()).body("gwetAc1", nullValue())
                    .body("brennanPrediger", nullValue()).body("pairs[0].scottPi", nullValue())
                    .body("pairs[0].weightedKappa", nullValue()).body("byLabel[0].gwetAc1", nullValue());
        }

        @Test
        void gammaIntervalWithCi() {
            JsonPath r = ok(projectId, "?layer=claims&ci=0.95&replicates=200");
            assertEquals(200, r.getInt("gammaCi.replicates"));
            assertTrue(r.getDouble("gammaCi.lower") <= r.getDouble("gammaCi.upper"));
        }

        @Test
        void identicalSpansGiveGammaOne() {
            long p2 = Fixtures.project(2, List.of(Fixtures.spanLayer("claims", List.of("unsupported"))));
            String x = Fixtures.unique("x");
            String y = Fixtures.unique("y");
            importLines(p2, spanLine(second, x, "claims", "unsupported", 3, 8)
                    + spanLine(second, y, "claims", "unsupported", 3, 8));
            assertEquals(1.0, ok(p2, "?layer=claims").getDouble("gamma"), 1e-12);
        }
    }
}
