package io.crosscheck.agreement.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class KrippendorffAlphaTest {

    private static final int M = Ratings.MISSING;

    /**
     * Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section E: 4 coders × 12 units with
     * missing values, values 1..5 stored as codes 0..4.
     */
    static Ratings krippendorff2011() {
        int[][] byCoder = {
                {1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0},
                {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3},
                {0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0},
                {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0},
        };
        int[][] matrix = new int[12][4];
        for (int u = 0; u < 12; u++) {
            for (int c = 0; c < 4; c++) {
                matrix[u][c] = byCoder[c][u] == 0 ? M : byCoder[c][u] - 1;
            }
        }
        return Ratings.of(matrix, 5);
    }

    static final double[] VALUES_1_TO_5 = {1, 2, 3, 4, 5};

    @Nested
    class Krippendorff2011WorkedExample {

        @Test
        void nominalAlphaIs0743() {
            assertEquals(0.743, KrippendorffAlpha.compute(krippendorff2011(), Level.NOMINAL).alpha(), 0.0005);
        }

        @Test
        void ordinalAlphaIs0815() {
            assertEquals(0.815, KrippendorffAlpha.compute(krippendorff2011(), Level.ORDINAL).alpha(), 0.0005);
        }

        @Test
        void intervalAlphaIs0849() {
            assertEquals(0.849,
                    KrippendorffAlpha.compute(krippendorff2011(), Level.INTERVAL, VALUES_1_TO_5).alpha(), 0.0005);
        }

        @Test
        void ratioAlphaIs0797() {
            assertEquals(0.797,
                    KrippendorffAlpha.compute(krippendorff2011(), Level.RATIO, VALUES_1_TO_5).alpha(), 0.0005);
        }

        @Test
        void unitElevenWithOneValueIsNotPairableSoFortyValuesCount() {
            // 41 values, unit 12 has a single one: n = 40 as in the paper.
            assertEquals(40, KrippendorffAlpha.compute(krippendorff2011(), Level.NOMINAL).pairableValues());
        }

        @Test
        void nominalIsOneMinusEightFortiethsOverTheExpectedFraction() {
            // Disagreeing pairs weigh 2 (unit 2) + 4 (unit 6) + 2 (unit 8): D_o = 8/40; marginals 9, 13, 10, 5, 3
            // give D_e = (40² − 384)/(40·39).
            double alpha = 1 - (8.0 / 40) / ((1600.0 - 384) / (40 * 39));
            assertEquals(alpha, KrippendorffAlpha.compute(krippendorff2011(), Level.NOMINAL).alpha(), 1e-12);
        }

        @Test
        void observedAgreementIsOneMinusNominalObservedDisagreement() {
            KrippendorffAlpha.Result r = KrippendorffAlpha.compute(krippendorff2011(), Level.NOMINAL);
            assertEquals(0.8, r.observedAgreement(), 1e-12);
            assertEquals(1 - r.observedDisagreement(), r.observedAgreement(), 1e-12);
            assertEquals(r.observedAgreement(), PercentAgreement.compute(krippendorff2011()), 1e-12);
        }

        @Test
        void intervalOnRealValuesEqualsIntervalOnCodesWithTheirValues() {
            Ratings r = krippendorff2011();
            double[] values = new double[r.items() * r.annotators()];
            for (int i = 0; i < r.items(); i++) {
                for (int a = 0; a < r.annotators(); a++) {
                    int c = r.code(i, a);
                    values[i * r.annotators() + a] = c < 0 ? Double.NaN : c + 1;
                }
            }
            for (Level level : Level.values()) {
                assertEquals(KrippendorffAlpha.compute(r, level, VALUES_1_TO_5).alpha(),
                        KrippendorffAlpha.computeValues(values, r.items(), r.annotators(), level).alpha(), 1e-12,
                        level.toString());
            }
        }
    }

    @Nested
    class UndefinedCases {

        @Test
        void oneCategoryOnlyIsNaNAndNullAtTheEdge() {
            Ratings r = Ratings.of(new int[][] {{2, 2}, {2, 2}, {2, M}}, 3);
            for (Level level : Level.values()) {
                double alpha = KrippendorffAlpha.compute(r, level).alpha();
                assertTrue(Double.isNaN(alpha), level.toString());
                assertNull(Undefined.orNull(alpha));
            }
        }

        @Test
        void noPairableValuesIsNaNEverywhere() {
            Ratings r = Ratings.of(new int[][] {{0, M}, {M, 1}, {M, M}}, 2);
            KrippendorffAlpha.Result result = KrippendorffAlpha.compute(r, Level.NOMINAL);
            assertTrue(Double.isNaN(result.alpha()));
            assertTrue(Double.isNaN(result.observedAgreement()));
            assertEquals(0, result.pairableValues());
            assertTrue(Double.isNaN(PercentAgreement.compute(r)));
        }

        @Test
        void singleAnnotatorIsNaN() {
            Ratings r = Ratings.of(new int[][] {{0}, {1}, {2}}, 3);
            assertTrue(Double.isNaN(KrippendorffAlpha.compute(r, Level.NOMINAL).alpha()));
        }

        @Test
        void noItemsIsNaN() {
            assertTrue(Double.isNaN(KrippendorffAlpha.compute(Ratings.of(0, 3, 2, new int[0]), Level.ORDINAL).alpha()));
        }
    }

    @Nested
    class BoundaryValues {

        @Test
        void allAgreeWithTwoCategoriesIsOne() {
            Ratings r = Ratings.of(new int[][] {{0, 0, 0}, {1, 1, M}, {0, 0, 0}}, 2);
            for (Level level : Level.values()) {
                assertEquals(1.0, KrippendorffAlpha.compute(r, level, new double[] {1, 2}).alpha(), 1e-12);
            }
            assertEquals(1.0, PercentAgreement.compute(r), 1e-12);
        }

        @Test
        void systematicDisagreementIsNegative() {
            Ratings r = Ratings.of(new int[][] {{0, 1}, {1, 0}, {0, 1}, {1, 0}}, 2);
            assertEquals(-0.75, KrippendorffAlpha.compute(r, Level.NOMINAL).alpha(), 1e-12);
        }

        @Test
        void unusedCategoriesDoNotChangeOrdinalAlpha() {
            Ratings dense = Ratings.of(new int[][] {{0, 1}, {1, 1}, {2, 1}, {2, 2}}, 3);
            Ratings sparse = Ratings.of(new int[][] {{0, 2}, {2, 2}, {4, 2}, {4, 4}}, 6);
            assertEquals(KrippendorffAlpha.compute(dense, Level.ORDINAL).alpha(),
                    KrippendorffAlpha.compute(sparse, Level.ORDINAL).alpha(), 1e-12);
        }

        @Test
        void coincidenceMatrixOfTheWorkedExampleSumsToPairableValues() {
            double[][] o = KrippendorffAlpha.coincidences(krippendorff2011());
            double total = 0;
            for (double[] row : o) {
                for (double v : row) {
                    total += v;
                }
            }
            assertEquals(40, total, 1e-9);
            assertEquals(7, o[0][0], 1e-9); // the paper's o_11
        }
    }
}
