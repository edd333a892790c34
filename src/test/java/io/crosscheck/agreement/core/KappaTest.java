package io.crosscheck.agreement.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.crosscheck.agreement.core.CohenKappa.Weighting;

class KappaTest {

    private static final int M = Ratings.MISSING;

    /** Two columns from a confusion table (rows: annotator a, columns: annotator b). */
    static int[][] columns(int[][] table) {
        int n = 0;
        for (int[] row : table) {
            for (int v : row) {
                n += v;
            }
        }
        int[] a = new int[n];
        int[] b = new int[n];
        int k = 0;
        for (int i = 0; i < table.length; i++) {
            for (int j = 0; j < table[i].length; j++) {
                for (int t = 0; t < table[i][j]; t++) {
                    a[k] = i;
                    b[k] = j;
                    k++;
                }
            }
        }
        return new int[][] {a, b};
    }

    /** Ratings from per-item category counts (Fleiss' n_ij), raters filled in order. */
    static Ratings fromCounts(int[][] counts, int raters) {
        int[][] m = new int[counts.length][raters];
        for (int i = 0; i < counts.length; i++) {
            int r = 0;
            for (int c = 0; c < counts[i].length; c++) {
                for (int t = 0; t < counts[i][c]; t++) {
                    m[i][r++] = c;
                }
            }
            while (r < raters) {
                m[i][r++] = M;
            }
        }
        return Ratings.of(m, counts[0].length);
    }

    @Nested
    class Fleiss {

        /** The 10 subjects × 14 raters × 5 categories example (Wikipedia, "Fleiss' kappa"): κ = 0.210. */
        static final int[][] WIKIPEDIA = {
                {0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
                {7, 7, 0, 0, 0}, {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7},
        };

        @Test
        void wikipediaTenSubjectsFourteenRatersIs0210() {
            assertEquals(0.210, FleissKappa.compute(fromCounts(WIKIPEDIA, 14)), 0.0005);
        }

        @Test
        void wikipediaExampleExactlyFromPBarAndPe() {
            // P̄ = 0.378 and P̄_e = 0.213 as printed (rounded); κ from the unrounded values.
            double pBar = 0;
            double[] p = new double[5];
            for (int[] row : WIKIPEDIA) {
                double s = 0;
                for (int c = 0; c < 5; c++) {
                    s += row[c] * (row[c] - 1);
                    p[c] += row[c] / 140.0;
                }
                pBar += s / (14 * 13) / 10;
            }
            double pE = 0;
            for (double v : p) {
                pE += v * v;
            }
            assertEquals(0.378, pBar, 0.0005);
            assertEquals(0.213, pE, 0.0005);
            assertEquals((pBar - pE) / (1 - pE), FleissKappa.compute(fromCounts(WIKIPEDIA, 14)), 1e-12);
        }

        @Test
        void unequalNumbersOfRatingsIsNaN() {
            Ratings r = Ratings.of(new int[][] {{0, 1, 1}, {0, 0, M}}, 2);
            assertTrue(Double.isNaN(FleissKappa.compute(r)));
        }

        @Test
        void itemsNobodyRatedAreSkipped() {
            Ratings with = Ratings.of(new int[][] {{0, 1}, {1, 1}, {M, M}, {0, 0}}, 2);
            Ratings without = Ratings.of(new int[][] {{0, 1}, {1, 1}, {0, 0}}, 2);
            assertEquals(FleissKappa.compute(without), FleissKappa.compute(with), 1e-15);
        }

        @Test
        void oneRatingPerItemOrOneCategoryIsNaN() {
            assertTrue(Double.isNaN(FleissKappa.compute(Ratings.of(new int[][] {{0}, {1}}, 2))));
            assertTrue(Double.isNaN(FleissKappa.compute(Ratings.of(new int[][] {{1, 1}, {1, 1}}, 2))));
        }
    }

    @Nested
    class Cohen {

        /** Wikipedia "Cohen's kappa": 50 proposals, Yes/Yes 20, Yes/No 5, No/Yes 10, No/No 15: κ = 0.4. */
        @Test
        void wikipediaFiftyProposalsIs04() {
            int[][] ab = columns(new int[][] {{20, 5}, {10, 15}});
            assertEquals(0.4, CohenKappa.compute(ab[0], ab[1], 2), 1e-12);
        }

        /** Krippendorff (1995) digitised example A (also DKPro's test): Cohen 0.385, Scott 0.314. */
        @Test
        void krippendorff1995DigitisedBerthaAndBill() {
            int[] a = {0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0};
            int[] b = {0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0};
            assertEquals(0.385, CohenKappa.compute(a, b, 2), 0.0005);
            assertEquals(0.314, ScottPi.compute(a, b, 2), 0.0005);
        }

        /**
         * A 3 × 3 table worked by hand (N = 35, rows 12/13/10, columns 14/12/9): Σ w·o = 10, 11, 13 and
         * Σ w·e = 811/35, 1059/35, 311/7 for unweighted, linear and quadratic weights.
         */
        @Test
        void weightedKappaOnAHandWorkedTable() {
            int[][] ab = columns(new int[][] {{10, 2, 0}, {3, 8, 2}, {1, 2, 7}});
            assertEquals(461.0 / 811, CohenKappa.compute(ab[0], ab[1], 3, Weighting.NONE), 1e-12);
            assertEquals(674.0 / 1059, CohenKappa.compute(ab[0], ab[1], 3, Weighting.LINEAR), 1e-12);
            assertEquals(220.0 / 311, CohenKappa.compute(ab[0], ab[1], 3, Weighting.QUADRATIC), 1e-12);
        }

        @Test
        void onlyItemsBothCodedCount() {
            int[] a = {0, 1, 0, M, 1};
            int[] b = {0, 1, 1, 1, M};
            assertEquals(CohenKappa.compute(new int[] {0, 1, 0}, new int[] {0, 1, 1}, 2), CohenKappa.compute(a, b, 2),
                    1e-15);
        }

        @Test
        void pairwiseListsEveryPairWithItsCommonItems() {
            Ratings r = Ratings.of(new int[][] {{0, 0, M}, {1, 1, 1}, {0, 1, 0}, {1, M, 1}}, 2);
            List<CohenKappa.Pair> pairs = CohenKappa.pairwise(r, Weighting.NONE);
            assertEquals(3, pairs.size());
            assertEquals(3, pairs.get(0).items());
            assertEquals(3, pairs.get(1).items());
            assertEquals(2, pairs.get(2).items());
            assertEquals(1.0, pairs.get(1).kappa(), 1e-12);
        }

        @Test
        void noCommonItemsOrOneCategoryIsNaN() {
            assertTrue(Double.isNaN(CohenKappa.compute(new int[] {0, M}, new int[] {M, 1}, 2)));
            assertTrue(Double.isNaN(CohenKappa.compute(new int[] {1, 1}, new int[] {1, 1}, 2)));
            assertTrue(Double.isNaN(ScottPi.compute(new int[] {1, 1}, new int[] {1, 1}, 2)));
            assertTrue(Double.isNaN(CohenKappa.meanPairwise(Ratings.of(new int[][] {{0}}, 2), Weighting.NONE)));
        }

        @Test
        void perfectAgreementIsOneForEveryWeighting() {
            int[] a = {0, 1, 2, 2, 1};
            for (Weighting w : Weighting.values()) {
                assertEquals(1.0, CohenKappa.compute(a, a, 3, w), 1e-12);
            }
            assertEquals(1.0, ScottPi.compute(a, a, 3), 1e-12);
        }
    }
}
