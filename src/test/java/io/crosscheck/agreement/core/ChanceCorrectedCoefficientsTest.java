package io.crosscheck.agreement.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.dkpro.statistics.agreement.coding.CodingAnnotationStudy;
import org.dkpro.statistics.agreement.coding.RandolphKappaAgreement;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.crosscheck.agreement.core.CohenKappa.Weighting;

/**
 * Scott's π, weighted κ, Gwet's AC1/AC2 and Brennan–Prediger against published worked examples and the values
 * printed by other implementations' test suites; each number says where it comes from.
 */
class ChanceCorrectedCoefficientsTest {

    private static final int M = Ratings.MISSING;

    /** Gwet (2014) Handbook, 4th ed., p. 120: 4 raters × 12 units, categories 1–5 (= Krippendorff 2011's data). */
    static final int[][] GWET_4_RATERS = {
            {1, 1, M, 1}, {2, 2, 3, 2}, {3, 3, 3, 3}, {3, 3, 3, 3}, {2, 2, 2, 2}, {1, 2, 3, 4},
            {4, 4, 4, 4}, {1, 1, 2, 1}, {2, 2, 2, 2}, {M, 5, 5, 5}, {M, M, 1, 1}, {M, M, 3, M},
    };

    /** Gwet (2014) Handbook, 4th ed. (larger version p. 125): 5 observers × 15 units, scores 0–3. */
    static final int[][] GWET_5_OBSERVERS = {
            {1, 1, 2, M, 2}, {1, 1, 0, 1, M}, {2, 3, 3, 3, M}, {M, 0, 0, M, 0}, {0, 0, 0, M, 0},
            {0, 0, 0, M, 0}, {1, 0, 2, M, 1}, {1, M, 2, 0, M}, {2, 2, 2, M, 2}, {2, 1, 1, 1, M},
            {M, 1, 0, 0, M}, {0, 0, 0, 0, M}, {1, 2, 2, 2, M}, {3, 3, 2, 2, 3}, {1, 1, 1, M, 1},
    };

    /** irrCAC's raw_gender data set: 4 raters × 15 subjects, categories a, b, c. */
    static final String[] GENDER = {
            "a a a a a b b b c a a a a a b", "a a a a b a b c c a a a a b a",
            "a b b c a a b b c a b b c a a", "c c c c a a b b c c c c c a a",
    };

    /** Codes 1–5 (or 0–3) become 0-based categories. */
    static Ratings ratings(int[][] rows, int categories, int offset) {
        int[][] m = new int[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            m[i] = rows[i].clone();
            for (int a = 0; a < m[i].length; a++) {
                m[i][a] = m[i][a] == M ? M : m[i][a] - offset;
            }
        }
        return Ratings.of(m, categories);
    }

    static Ratings gender() {
        int[][] m = new int[15][4];
        for (int r = 0; r < 4; r++) {
            String[] v = GENDER[r].split(" ");
            for (int i = 0; i < 15; i++) {
                m[i][r] = v[i].charAt(0) - 'a';
            }
        }
        return Ratings.of(m, 3);
    }

    @Nested
    class Gwet {

        /**
         * Gwet's irrCAC as ported to Python (afergadis/irrCAC, test/unit/irrCAC/raw/test_gwet.py), printed to three
         * digits: unweighted p_a .818, p_e .190, AC1 .775; ordinal .968 / .685 / .899; quadratic .975 / .714 / .914;
         * ratio .954 / .678 / .857.
         */
        @Test
        void handbookFourRatersAc1AndAc2MatchIrrCac() {
            Ratings r = ratings(GWET_4_RATERS, 5, 1);
            GwetAc.Result ac1 = GwetAc.ac1(r);
            assertEquals(0.818, ac1.observed(), 5e-4);
            assertEquals(0.190, ac1.expected(), 5e-4);
            assertEquals(0.775, ac1.coefficient(), 5e-4);
            GwetAc.Result ordinal = GwetAc.compute(r, AgreementWeights.ordinal(5));
            assertEquals(0.968, ordinal.observed(), 5e-4);
            assertEquals(0.685, ordinal.expected(), 5e-4);
            assertEquals(0.899, ordinal.coefficient(), 5e-4);
            double[] values = {1, 2, 3, 4, 5};
            GwetAc.Result quadratic = GwetAc.compute(r, AgreementWeights.quadratic(values));
            assertEquals(0.975, quadratic.observed(), 5e-4);
            assertEquals(0.714, quadratic.expected(), 5e-4);
            assertEquals(0.914, quadratic.coefficient(), 5e-4);
            GwetAc.Result ratio = GwetAc.compute(r, AgreementWeights.ratio(values));
            assertEquals(0.954, ratio.observed(), 5e-4);
            assertEquals(0.678, ratio.expected(), 5e-4);
            assertEquals(0.857, ratio.coefficient(), 5e-4);
        }

        /** irrCAC test_gwet.py: raw_5observers AC1 .497 (p_a .616, p_e .236); raw_gender AC1 .208 (.456, .312). */
        @Test
        void fiveObserversAndGenderMatchIrrCac() {
            GwetAc.Result five = GwetAc.ac1(ratings(GWET_5_OBSERVERS, 4, 0));
            assertEquals(0.616, five.observed(), 5e-4);
            assertEquals(0.236, five.expected(), 5e-4);
            assertEquals(0.497, five.coefficient(), 5e-4);
            GwetAc.Result g = GwetAc.ac1(gender());
            assertEquals(0.456, g.observed(), 5e-4);
            assertEquals(0.312, g.expected(), 6e-4); // 0.3125 exactly, printed as .312
            assertEquals(0.208, g.coefficient(), 5e-4);
        }

        /**
         * Gwet (2008)'s point, with DKPro Agreement's hand example (Gwet2008Test): 8 yes/yes, 1 no/no, 1 yes/no gives
         * p_a .9, p_e .255, AC1 .8658 while Scott's π falls to .6078.
         */
        @Test
        void skewedMarginalsKeepAc1NearObservedAgreement() {
            int[][] ab = KappaTest.columns(new int[][] {{8, 1}, {0, 1}});
            Ratings r = twoRaters(ab);
            GwetAc.Result ac1 = GwetAc.ac1(r);
            assertEquals(0.9, ac1.observed(), 1e-12);
            assertEquals(0.255, ac1.expected(), 1e-12);
            assertEquals(0.8658, ac1.coefficient(), 5e-5);
            assertEquals(0.6078, ScottPi.compute(ab[0], ab[1], 2), 5e-5);
        }

        @Test
        void oneCategoryOnlyIsPerfectWhereAlphaIsUndefined() {
            Ratings r = Ratings.of(new int[][] {{1, 1}, {1, 1}, {1, M}}, 3);
            assertEquals(1.0, GwetAc.ac1(r).coefficient(), 1e-12);
            assertTrue(Double.isNaN(KrippendorffAlpha.compute(r, Level.NOMINAL).alpha()));
        }

        @Test
        void noItemWithTwoRatingsOrASingleCategoryIsNaN() {
            assertTrue(Double.isNaN(GwetAc.ac1(Ratings.of(new int[][] {{0, M}, {M, 1}}, 2)).coefficient()));
            assertTrue(Double.isNaN(GwetAc.ac1(Ratings.of(new int[][] {{0, 0}}, 1)).coefficient()));
            assertTrue(Double.isNaN(BrennanPrediger.compute(Ratings.of(new int[][] {{0, M}}, 2))));
        }

        /** A literal transcription of Gwet's formulas (2014, eq. 4.1–4.3 with weights) on random data. */
        @Test
        void ac2MatchesALiteralTranscriptionOnRandomDataWithMissingValues() {
            SplittableRandom rnd = new SplittableRandom(2014);
            for (int n = 0; n < 200; n++) {
                Ratings r = DkproOracleTest.randomRatings(rnd, 2 + rnd.nextInt(30), 2 + rnd.nextInt(5),
                        2 + rnd.nextInt(5), rnd.nextDouble() * 0.5);
                double[] values = new double[r.categories()];
                for (int c = 0; c < values.length; c++) {
                    values[c] = 1 + c * c;
                }
                for (double[][] w : new double[][][] {AgreementWeights.identity(r.categories()),
                        AgreementWeights.ordinal(r.categories()), AgreementWeights.quadratic(values),
                        AgreementWeights.ratio(values)}) {
                    double expected = literalAc(r, w);
                    double ours = GwetAc.compute(r, w).coefficient();
                    if (Double.isNaN(expected)) {
                        assertTrue(Double.isNaN(ours));
                    } else {
                        assertEquals(expected, ours, 1e-12, "data set " + n);
                    }
                }
            }
        }

        private double literalAc(Ratings r, double[][] w) {
            int q = r.categories();
            double pa = 0;
            int n2 = 0;
            int n1 = 0;
            double[] pi = new double[q];
            for (int i = 0; i < r.items(); i++) {
                double[] rik = new double[q];
                int ri = 0;
                for (int a = 0; a < r.annotators(); a++) {
                    if (r.code(i, a) >= 0) {
                        rik[r.code(i, a)]++;
                        ri++;
                    }
                }
                if (ri == 0) {
                    continue;
                }
                n1++;
                for (int k = 0; k < q; k++) {
                    pi[k] += rik[k] / ri;
                }
                if (ri < 2) {
                    continue;
                }
                n2++;
                double s = 0;
                for (int k = 0; k < q; k++) {
                    double star = 0;
                    for (int l = 0; l < q; l++) {
                        star += w[k][l] * rik[l];
                    }
                    s += rik[k] * (star - 1);
                }
                pa += s / (ri * (ri - 1.0));
            }
            if (n2 == 0) {
                return Double.NaN;
            }
            pa /= n2;
            double tw = 0;
            for (double[] row : w) {
                for (double v : row) {
                    tw += v;
                }
            }
            double pe = 0;
            for (int k = 0; k < q; k++) {
                pe += pi[k] / n1 * (1 - pi[k] / n1);
            }
            pe *= tw / (q * (q - 1.0));
            return (pa - pe) / (1 - pe);
        }
    }

    @Nested
    class FreeMarginal {

        /** Randolph (2005, p. 17) via DKPro's Randolph2005Test: both 3-rater examples give κ_free = .33. */
        @Test
        void randolph2005BothExamplesAreOneThird() {
            Ratings one = Ratings.of(new int[][] {{0, 0, 0}, {0, 0, 1}, {1, 1, 0}, {1, 1, 1}}, 2);
            Ratings two = Ratings.of(new int[][] {{0, 0, 0}, {0, 0, 1}, {0, 0, 1}, {0, 0, 0}}, 2);
            assertEquals(1.0 / 3, BrennanPrediger.compute(one), 1e-12);
            assertEquals(1.0 / 3, BrennanPrediger.compute(two), 1e-12);
            // Randolph's point: Fleiss' κ of the second is −0.2 although the raters agree as often.
            assertEquals(-0.2, FleissKappa.compute(two), 1e-12);
        }

        /** irrCAC test_bp.py: raw_4raters .773 (p_e .200), raw_5observers .487 (.250), raw_gender .183 (.333). */
        @Test
        void handbookDataMatchIrrCac() {
            assertEquals(0.773, BrennanPrediger.compute(ratings(GWET_4_RATERS, 5, 1)), 5e-4);
            assertEquals(0.487, BrennanPrediger.compute(ratings(GWET_5_OBSERVERS, 4, 0)), 5e-4);
            assertEquals(0.183, BrennanPrediger.compute(gender()), 5e-4);
        }

        /** DKPro Agreement 2.2.1's RandolphKappaAgreement on seeded random complete data. */
        @Test
        void matchesDkproRandolphKappaOnRandomData() {
            SplittableRandom rnd = new SplittableRandom(2005);
            for (int n = 0; n < 300; n++) {
                Ratings r = DkproOracleTest.randomRatings(rnd, 2 + rnd.nextInt(40), 2 + rnd.nextInt(6),
                        2 + rnd.nextInt(5), 0);
                CodingAnnotationStudy study = DkproOracleTest.study(r, 0, false);
                for (int c = 0; c < r.categories(); c++) {
                    study.addCategory(c);
                }
                DkproOracleTest.assertAgrees(BrennanPrediger.compute(r),
                        () -> new RandolphKappaAgreement(study).calculateAgreement(), "randolph #" + n);
            }
        }
    }

    @Nested
    class Scott {

        /**
         * Artstein &amp; Poesio (2008) p. 558 (A_o .7, A_e^π .545, π .341) and p. 568 (A_o .88, A_e^π .4014,
         * π .7995; κ .8013, the value scikit-learn's test_cohen_kappa checks for the same table).
         */
        @Test
        void artsteinPoesio2008BothExamples() {
            int[][] one = KappaTest.columns(new int[][] {{20, 10}, {20, 50}});
            assertEquals(0.341, ScottPi.compute(one[0], one[1], 2), 5e-4);
            assertEquals(0.348, CohenKappa.compute(one[0], one[1], 2), 5e-4);
            int[][] two = KappaTest.columns(new int[][] {{46, 0, 0}, {6, 32, 6}, {0, 0, 10}});
            assertEquals(0.7995, ScottPi.compute(two[0], two[1], 3), 5e-5);
            assertEquals(0.8013, CohenKappa.compute(two[0], two[1], 3), 5e-5);
        }

        /** irrCAC table tests (test_scott.py): cont3x3abstractors π .796, cont4x4diagnosis π .430. */
        @Test
        void gwetHandbookTablesMatchIrrCac() {
            int[][] abstractors = KappaTest.columns(new int[][] {{13, 0, 0}, {0, 20, 7}, {0, 4, 56}});
            assertEquals(0.796, ScottPi.compute(abstractors[0], abstractors[1], 3), 5e-4);
            int[][] diagnosis = KappaTest.columns(new int[][] {{40, 6, 4, 15}, {4, 25, 1, 5}, {4, 2, 21, 9},
                    {17, 13, 12, 45}});
            assertEquals(0.430, ScottPi.compute(diagnosis[0], diagnosis[1], 4), 5e-4);
        }
    }

    @Nested
    class Weighted {

        /**
         * scikit-learn's test_cohen_kappa ("weighting example"): 46 × (0,0), 4 × (1,0), 40 × (1,1), 10 × (2,2) gives
         * κ .9315, linear .9412, quadratic .9541.
         */
        @Test
        void scikitLearnWeightingExample() {
            int[][] ab = KappaTest.columns(new int[][] {{46, 0, 0}, {4, 40, 0}, {0, 0, 10}});
            assertEquals(0.9315, CohenKappa.compute(ab[0], ab[1], 3), 5e-5);
            assertEquals(0.9412, CohenKappa.compute(ab[0], ab[1], 3, Weighting.LINEAR), 5e-5);
            assertEquals(0.9541, CohenKappa.compute(ab[0], ab[1], 3, Weighting.QUADRATIC), 5e-5);
        }

        /**
         * irrCAC table tests (test_cohen.py), Cohen's (1968) κ_w with weights by category rank: cont3x3abstractors
         * linear .843, quadratic .892; cont4x4diagnosis unweighted .432, linear .407, quadratic .383.
         */
        @Test
        void gwetHandbookTablesMatchIrrCac() {
            int[][] abstractors = KappaTest.columns(new int[][] {{13, 0, 0}, {0, 20, 7}, {0, 4, 56}});
            assertEquals(0.843, CohenKappa.compute(abstractors[0], abstractors[1], 3, Weighting.LINEAR), 5e-4);
            assertEquals(0.892, CohenKappa.compute(abstractors[0], abstractors[1], 3, Weighting.QUADRATIC), 5e-4);
            int[][] diagnosis = KappaTest.columns(new int[][] {{40, 6, 4, 15}, {4, 25, 1, 5}, {4, 2, 21, 9},
                    {17, 13, 12, 45}});
            assertEquals(0.432, CohenKappa.compute(diagnosis[0], diagnosis[1], 4), 5e-4);
            assertEquals(0.407, CohenKappa.compute(diagnosis[0], diagnosis[1], 4, Weighting.LINEAR), 5e-4);
            assertEquals(0.383, CohenKappa.compute(diagnosis[0], diagnosis[1], 4, Weighting.QUADRATIC), 5e-4);
        }
    }

    @Nested
    class Rescaling {

        /** Issue #15 item 4: δ² of labels near 1e200 overflowed; α does not depend on the unit. */
        @Test
        void alphaOfLabelsNear1e200EqualsAlphaOfTheSameDataNear1() {
            Ratings r = ratings(GWET_4_RATERS, 5, 1);
            double[] near1 = {1, 2, 3, 4, 5};
            double[] huge = new double[5];
            double[] shifted = new double[5];
            for (int c = 0; c < 5; c++) {
                huge[c] = near1[c] * 1e200;
                shifted[c] = 1e200 + near1[c] * 1e192;
            }
            for (Level level : new Level[] {Level.INTERVAL, Level.RATIO}) {
                double expected = KrippendorffAlpha.compute(r, level, near1).alpha();
                assertEquals(expected, KrippendorffAlpha.compute(r, level, huge).alpha(), 1e-12, level.toString());
                assertEquals(GwetAc.compute(r, AgreementWeights.forLevel(level, 5, near1)).coefficient(),
                        GwetAc.compute(r, AgreementWeights.forLevel(level, 5, huge)).coefficient(), 1e-12);
            }
            assertEquals(0.849, KrippendorffAlpha.compute(r, Level.INTERVAL, huge).alpha(), 5e-4);
            assertEquals(0.797, KrippendorffAlpha.compute(r, Level.RATIO, huge).alpha(), 5e-4);
            // Interval α is also unchanged by a shift: labels 1e200 + c·1e192 are the same interval data.
            assertEquals(0.849, KrippendorffAlpha.compute(r, Level.INTERVAL, shifted).alpha(), 5e-4);
            assertEquals(0.849, KrippendorffAlpha.computeValues(valuesOf(r, huge), r.items(), r.annotators(),
                    Level.INTERVAL).alpha(), 5e-4);
        }

        private double[] valuesOf(Ratings r, double[] x) {
            double[] v = new double[r.items() * r.annotators()];
            for (int i = 0; i < r.items(); i++) {
                for (int a = 0; a < r.annotators(); a++) {
                    int c = r.code(i, a);
                    v[i * r.annotators() + a] = c < 0 ? Double.NaN : x[c];
                }
            }
            return v;
        }
    }

    static Ratings twoRaters(int[][] ab) {
        int[][] m = new int[ab[0].length][2];
        for (int i = 0; i < m.length; i++) {
            m[i][0] = ab[0][i];
            m[i][1] = ab[1][i];
        }
        return Ratings.of(m, 2);
    }
}
