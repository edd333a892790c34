package io.crosscheck.agreement.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.dkpro.statistics.agreement.InsufficientDataException;
import org.dkpro.statistics.agreement.coding.CodingAnnotationStudy;
import org.dkpro.statistics.agreement.coding.CohenKappaAgreement;
import org.dkpro.statistics.agreement.coding.FleissKappaAgreement;
import org.dkpro.statistics.agreement.coding.KrippendorffAlphaAgreement;
import org.dkpro.statistics.agreement.coding.PercentageAgreement;
import org.dkpro.statistics.agreement.coding.ScottPiAgreement;
import org.dkpro.statistics.agreement.coding.WeightedKappaAgreement;
import org.dkpro.statistics.agreement.distance.IDistanceFunction;
import org.dkpro.statistics.agreement.distance.IntervalDistanceFunction;
import org.dkpro.statistics.agreement.distance.NominalDistanceFunction;
import org.dkpro.statistics.agreement.distance.OrdinalDistanceFunction;
import org.dkpro.statistics.agreement.distance.RatioDistanceFunction;
import org.dkpro.statistics.agreement.unitizing.KrippendorffAlphaUnitizingAgreement;
import org.dkpro.statistics.agreement.unitizing.UnitizingAnnotationStudy;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import io.crosscheck.agreement.core.CohenKappa.Weighting;

/** Property tests: the core agrees with DKPro Agreement 2.2.1 on hundreds of seeded random data sets. */
class DkproOracleTest {

    static final double TOLERANCE = 1e-9;
    static final int DATASETS = 300;

    /** Codes correlated with a hidden truth so that α spreads over its whole range; some values missing. */
    static Ratings randomRatings(SplittableRandom rnd, int items, int annotators, int categories, double missing) {
        int[] codes = new int[items * annotators];
        double noise = rnd.nextDouble();
        for (int i = 0; i < items; i++) {
            int truth = rnd.nextInt(categories);
            for (int a = 0; a < annotators; a++) {
                int code = rnd.nextDouble() < noise ? rnd.nextInt(categories)
                        : Math.max(0, Math.min(categories - 1, truth + rnd.nextInt(3) - 1));
                codes[i * annotators + a] = rnd.nextDouble() < missing ? Ratings.MISSING : code;
            }
        }
        return Ratings.of(items, annotators, categories, codes);
    }

    /** The DKPro study with Integer categories code + offset; null for missing. */
    static CodingAnnotationStudy study(Ratings r, int offset, boolean skipIncomplete) {
        CodingAnnotationStudy s = new CodingAnnotationStudy(r.annotators());
        for (int i = 0; i < r.items(); i++) {
            Object[] row = new Object[r.annotators()];
            boolean complete = true;
            for (int a = 0; a < r.annotators(); a++) {
                int c = r.code(i, a);
                row[a] = c < 0 ? null : (Object) (c + offset);
                complete &= c >= 0;
            }
            if (complete || !skipIncomplete) {
                s.addItemAsArray(row);
            }
        }
        return s;
    }

    interface Dkpro {
        double value();
    }

    /**
     * Compares where ours is defined; where ours is NaN (undefined, null in the API) DKPro must say undefined too, by
     * throwing or with NaN. A number from DKPro there is a disagreement, 0.0 included: DKPro's α answers 0.0 when
     * D_o = D_e, but where that is 0 = 0 (no variation, undefined for us) it refuses the study first
     * ({@code whereNothingVariesBothSayUndefined}): no 0.0 needs excusing.
     */
    static boolean assertAgrees(double ours, Dkpro dkpro, String what) {
        double theirs;
        try {
            theirs = dkpro.value();
        } catch (InsufficientDataException e) {
            assertTrue(Double.isNaN(ours), what + ": DKPro undefined, ours " + ours);
            return false;
        }
        if (Double.isNaN(ours)) {
            assertTrue(Double.isNaN(theirs), what + ": ours undefined, DKPro " + theirs);
            return false;
        }
        assertEquals(theirs, ours, TOLERANCE, what);
        return true;
    }

    @Nested
    class CodedData {

        @Test
        void krippendorffAlphaAtEveryLevelWithMissingValues() {
            SplittableRandom rnd = new SplittableRandom(20261123);
            int compared = 0;
            for (int n = 0; n < DATASETS; n++) {
                Ratings r = randomRatings(rnd, 2 + rnd.nextInt(40), 2 + rnd.nextInt(5), 2 + rnd.nextInt(6),
                        rnd.nextDouble() * 0.5);
                double[] values = new double[r.categories()];
                for (int c = 0; c < values.length; c++) {
                    values[c] = c + 1;
                }
                CodingAnnotationStudy s = study(r, 1, false);
                assertAgrees(KrippendorffAlpha.compute(r, Level.NOMINAL).alpha(),
                        () -> new KrippendorffAlphaAgreement(s, new NominalDistanceFunction()).calculateAgreement(),
                        "nominal #" + n);
                assertAgrees(KrippendorffAlpha.compute(r, Level.ORDINAL).alpha(),
                        () -> new KrippendorffAlphaAgreement(s, new OrdinalDistanceFunction()).calculateAgreement(),
                        "ordinal #" + n);
                assertAgrees(KrippendorffAlpha.compute(r, Level.INTERVAL, values).alpha(),
                        () -> new KrippendorffAlphaAgreement(s, new IntervalDistanceFunction()).calculateAgreement(),
                        "interval #" + n);
                assertAgrees(KrippendorffAlpha.compute(r, Level.RATIO, values).alpha(),
                        () -> new KrippendorffAlphaAgreement(s, new RatioDistanceFunction()).calculateAgreement(),
                        "ratio #" + n);
                assertAgrees(PercentAgreement.compute(r), () -> new PercentageAgreement(s).calculateAgreement(),
                        "percent #" + n);
                if (!Double.isNaN(KrippendorffAlpha.compute(r, Level.NOMINAL).alpha())) {
                    compared++;
                }
            }
            assertTrue(compared > DATASETS * 0.9, "too few defined data sets: " + compared);
        }

        @Test
        void krippendorffAlphaOnRealValuedIntervalAndRatioData() {
            SplittableRandom rnd = new SplittableRandom(2011);
            for (int n = 0; n < 100; n++) {
                int items = 2 + rnd.nextInt(30);
                int annotators = 2 + rnd.nextInt(4);
                double[] values = new double[items * annotators];
                CodingAnnotationStudy s = new CodingAnnotationStudy(annotators);
                for (int i = 0; i < items; i++) {
                    double truth = 0.5 + rnd.nextDouble() * 10;
                    Object[] row = new Object[annotators];
                    for (int a = 0; a < annotators; a++) {
                        double v = rnd.nextInt(5) == 0 ? Double.NaN : truth + rnd.nextGaussian();
                        v = Double.isNaN(v) ? v : Math.max(0.01, Math.round(v * 4) / 4.0);
                        values[i * annotators + a] = v;
                        row[a] = Double.isNaN(v) ? null : (Object) v;
                    }
                    s.addItemAsArray(row);
                }
                assertAgrees(KrippendorffAlpha.computeValues(values, items, annotators, Level.INTERVAL).alpha(),
                        () -> new KrippendorffAlphaAgreement(s, new IntervalDistanceFunction()).calculateAgreement(),
                        "interval values #" + n);
                assertAgrees(KrippendorffAlpha.computeValues(values, items, annotators, Level.RATIO).alpha(),
                        () -> new KrippendorffAlphaAgreement(s, new RatioDistanceFunction()).calculateAgreement(),
                        "ratio values #" + n);
            }
        }

        @Test
        void cohenScottAndWeightedKappaOnItemsBothCoded() {
            SplittableRandom rnd = new SplittableRandom(7);
            int compared = 0;
            for (int n = 0; n < DATASETS; n++) {
                Ratings r = randomRatings(rnd, 3 + rnd.nextInt(60), 2, 2 + rnd.nextInt(6), rnd.nextDouble() * 0.3);
                int k = r.categories();
                int[] a = r.column(0);
                int[] b = r.column(1);
                CodingAnnotationStudy s = study(r, 0, true);
                if (s.getItemCount() == 0) {
                    continue;
                }
                if (assertAgrees(CohenKappa.compute(a, b, k), () -> new CohenKappaAgreement(s).calculateAgreement(),
                        "cohen #" + n)) {
                    compared++;
                }
                assertAgrees(ScottPi.compute(a, b, k), () -> new ScottPiAgreement(s).calculateAgreement(),
                        "scott #" + n);
                // DKPro's weighted kappa is only right with distances scaled to [0, 1].
                assertAgrees(CohenKappa.compute(a, b, k, Weighting.LINEAR),
                        () -> new WeightedKappaAgreement(s, scaled(k, false)).calculateAgreement(), "linear #" + n);
                assertAgrees(CohenKappa.compute(a, b, k, Weighting.QUADRATIC),
                        () -> new WeightedKappaAgreement(s, scaled(k, true)).calculateAgreement(),
                        "quadratic #" + n);
            }
            assertTrue(compared > DATASETS * 0.9, "too few defined data sets: " + compared);
        }

        @Test
        void fleissKappaWithEveryItemFullyRated() {
            SplittableRandom rnd = new SplittableRandom(1971);
            int compared = 0;
            for (int n = 0; n < DATASETS; n++) {
                Ratings r = randomRatings(rnd, 2 + rnd.nextInt(50), 2 + rnd.nextInt(8), 2 + rnd.nextInt(5), 0);
                CodingAnnotationStudy s = study(r, 0, false);
                if (assertAgrees(FleissKappa.compute(r), () -> new FleissKappaAgreement(s).calculateAgreement(),
                        "fleiss #" + n)) {
                    compared++;
                }
            }
            assertTrue(compared > DATASETS * 0.9, "too few defined data sets: " + compared);
        }

        @Test
        void theComparisonRejectsOurUndefinedWhereDkproHasANumber() {
            assertThrows(AssertionFailedError.class, () -> assertAgrees(Double.NaN, () -> 0.0, "NaN against 0.0"));
            assertThrows(AssertionFailedError.class, () -> assertAgrees(Double.NaN, () -> 0.4, "NaN against 0.4"));
            assertThrows(AssertionFailedError.class, () -> assertAgrees(0.0, () -> {
                throw new InsufficientDataException("undefined");
            }, "0.0 against undefined"));
        }

        @Test
        void whereNothingVariesBothSayUndefined() {
            // Every annotator gives every item the same code: D_o = D_e = 0. docs/agreement.md defines that as
            // undefined (null); DKPro refuses the study (one category), so no 0.0 fallback needs excusing.
            Ratings r = Ratings.of(12, 3, 2, new int[12 * 3]);
            CodingAnnotationStudy s = study(r, 1, false);
            assertAgrees(KrippendorffAlpha.compute(r, Level.NOMINAL).alpha(),
                    () -> new KrippendorffAlphaAgreement(s, new NominalDistanceFunction()).calculateAgreement(), "nominal");
            assertAgrees(KrippendorffAlpha.compute(r, Level.INTERVAL, new double[] {0, 1}).alpha(),
                    () -> new KrippendorffAlphaAgreement(s, new IntervalDistanceFunction()).calculateAgreement(), "interval");
            assertAgrees(FleissKappa.compute(r), () -> new FleissKappaAgreement(s).calculateAgreement(), "Fleiss");
            assertTrue(Double.isNaN(KrippendorffAlpha.compute(r, Level.NOMINAL).alpha()), "ours is undefined");
        }

        @Test
        void fleissKappaIsUndefinedWhereDkproWouldAverageUnequalRatings() {
            SplittableRandom rnd = new SplittableRandom(3);
            Ratings r = randomRatings(rnd, 30, 5, 3, 0.3);
            assertTrue(Double.isNaN(FleissKappa.compute(r)));
        }

        private IDistanceFunction scaled(int k, boolean quadratic) {
            return (study, c1, c2) -> {
                double d = Math.abs((Integer) c1 - (Integer) c2) / (double) (k - 1);
                return quadratic ? d * d : d;
            };
        }
    }

    @Nested
    class Unitizing {

        /** Non-overlapping units per annotator and label (DKPro's walk assumes it), jittered copies of a truth. */
        static Spans randomSpans(SplittableRandom rnd, int docs, int annotators, int labels) {
            Spans.Builder b = Spans.builder(annotators, labels);
            double jitter = rnd.nextDouble();
            for (int d = 0; d < docs; d++) {
                int len = 20 + rnd.nextInt(200);
                int item = b.item(len);
                for (int c = 0; c < labels; c++) {
                    int pos = rnd.nextInt(10);
                    int[][] truth = new int[40][];
                    int t = 0;
                    while (t < truth.length) {
                        int s = pos + rnd.nextInt(15);
                        int e = s + 1 + rnd.nextInt(25);
                        if (e > len) {
                            break;
                        }
                        truth[t++] = new int[] {s, e};
                        pos = e + (rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(10));
                    }
                    for (int a = 0; a < annotators; a++) {
                        int lastEnd = 0;
                        for (int u = 0; u < t; u++) {
                            if (rnd.nextDouble() < 0.15 * jitter) {
                                continue;
                            }
                            int s = truth[u][0];
                            int e = truth[u][1];
                            if (rnd.nextDouble() < jitter) {
                                s += rnd.nextInt(5) - 2;
                                e += rnd.nextInt(5) - 2;
                            }
                            s = Math.max(s, lastEnd);
                            e = Math.min(e, len);
                            if (u + 1 < t) {
                                e = Math.min(e, truth[u + 1][0] - 2 >= s + 1 ? truth[u + 1][0] : e);
                            }
                            if (e > s) {
                                b.span(item, s, e, c, a);
                                lastEnd = e;
                            }
                        }
                    }
                }
            }
            return b.allDone().build();
        }

        static UnitizingAnnotationStudy dkpro(Spans spans, int[][] spanRows) {
            UnitizingAnnotationStudy s = new UnitizingAnnotationStudy(spans.annotators(), 0,
                    spans.continuumLength());
            for (int[] row : spanRows) {
                s.addUnit(row[0], row[1] - row[0], row[3], row[2]);
            }
            return s;
        }

        /** Rows (global start, global end, label, annotator) of the kept, merged-free spans. */
        static int[][] rows(Spans spans) {
            SpanIndex idx = spans.index();
            int[][] out = new int[idx.keys.length][];
            int n = 0;
            for (int c = 0; c < spans.labels(); c++) {
                for (int a = 0; a < spans.annotators(); a++) {
                    for (int k = idx.from(c, a); k < idx.to(c, a); k++) {
                        out[n++] = new int[] {SpanIndex.start(idx.keys[k]), SpanIndex.end(idx.keys[k]), c, a};
                    }
                }
            }
            return out;
        }

        static boolean overlapsWithinBucket(int[][] rows) {
            for (int i = 1; i < rows.length; i++) {
                int[] p = rows[i - 1];
                int[] q = rows[i];
                if (p[2] == q[2] && p[3] == q[3] && q[0] < p[1]) {
                    return true;
                }
            }
            return false;
        }

        @Test
        void alphaUOverallAndPerLabelOnRandomSpans() {
            SplittableRandom rnd = new SplittableRandom(1995);
            int compared = 0;
            for (int n = 0; n < 200; n++) {
                Spans spans = randomSpans(rnd, 1 + rnd.nextInt(4), 2 + rnd.nextInt(3), 1 + rnd.nextInt(3));
                int[][] rows = rows(spans);
                if (rows.length == 0 || overlapsWithinBucket(rows)) {
                    continue;
                }
                UnitizingAnnotationStudy study = dkpro(spans, rows);
                KrippendorffAlphaUnitizingAgreement theirs = new KrippendorffAlphaUnitizingAgreement(study);
                UnitizingAlpha.Result ours = UnitizingAlpha.compute(spans);
                assertAgrees(ours.alpha(), theirs::calculateAgreement, "alpha_U #" + n);
                for (int c = 0; c < spans.labels(); c++) {
                    if (ours.expectedByLabel()[c] == 0) {
                        continue;
                    }
                    ExposedDkpro exposed = new ExposedDkpro(study);
                    int label = c;
                    assertEquals(exposed.observed(label), ours.observedByLabel()[c], TOLERANCE, "D_o #" + n);
                    assertEquals(exposed.expected(label), ours.expectedByLabel()[c], TOLERANCE, "D_e #" + n);
                    assertAgrees(ours.alphaByLabel()[c], () -> theirs.calculateCategoryAgreement(label),
                            "alpha_U^c #" + n);
                }
                compared++;
            }
            assertTrue(compared > 150, "too few comparable data sets: " + compared);
        }

        @Test
        void krippendorff1995And2004ExamplesMatchDkproExactly() {
            for (Spans spans : new Spans[] {UnitizingAlphaTest.krippendorff1995(1),
                    UnitizingAlphaTest.krippendorff1995(7), UnitizingAlphaTest.krippendorff2004()}) {
                UnitizingAnnotationStudy study = dkpro(spans, rows(spans));
                assertEquals(new KrippendorffAlphaUnitizingAgreement(study).calculateAgreement(),
                        UnitizingAlpha.compute(spans).alpha(), TOLERANCE);
            }
        }

        /** Opens DKPro's protected per-category disagreements. */
        static final class ExposedDkpro extends KrippendorffAlphaUnitizingAgreement {
            ExposedDkpro(UnitizingAnnotationStudy study) {
                super(study);
            }

            double observed(Object category) {
                return calculateObservedCategoryDisagreement(category);
            }

            double expected(Object category) {
                return calculateExpectedCategoryDisagreement(category);
            }
        }
    }
}
