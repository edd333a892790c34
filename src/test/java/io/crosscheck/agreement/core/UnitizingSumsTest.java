package io.crosscheck.agreement.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * α_U and span F1 from per-document sums equal the recomputation on the resampled spans — on the full sample and on
 * any resample, complete and partial coverage, overlapping and duplicate spans, documents with one annotator.
 */
class UnitizingSumsTest {

    /** Random documents: random lengths, partial coverage, clustered spans (overlaps and exact duplicates). */
    static Spans random(SplittableRandom r, boolean complete) {
        int annotators = 1 + r.nextInt(5);
        int labels = 1 + r.nextInt(3);
        int docs = 1 + r.nextInt(12);
        Spans.Builder b = Spans.builder(annotators, labels);
        for (int d = 0; d < docs; d++) {
            int len = 1 + r.nextInt(r.nextBoolean() ? 30 : 400);
            int item = b.item(len);
            for (int a = 0; a < annotators; a++) {
                if (!complete && r.nextDouble() < 0.35) {
                    continue;
                }
                b.done(item, a);
                int spans = r.nextInt(6);
                for (int s = 0; s < spans; s++) {
                    int start = r.nextInt(len);
                    int end = start + 1 + r.nextInt(Math.max(1, Math.min(len - start, r.nextBoolean() ? 4 : 60)));
                    b.span(item, start, end, r.nextInt(labels), a);
                    if (r.nextDouble() < 0.2) {
                        b.span(item, start, end, r.nextInt(labels), a); // duplicate or same place, other label
                    }
                }
            }
        }
        return b.build();
    }

    static int[] resample(SplittableRandom r, int items) {
        int[] idx = new int[items];
        for (int i = 0; i < items; i++) {
            idx[i] = r.nextInt(items);
        }
        return idx;
    }

    static int[] identity(int items) {
        int[] all = new int[items];
        for (int i = 0; i < items; i++) {
            all[i] = i;
        }
        return all;
    }

    static void same(double expected, double actual, String what) {
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(actual), what + ": expected NaN, got " + actual);
        } else {
            assertEquals(expected, actual, 1e-9 * Math.max(1, Math.abs(expected)), what);
        }
    }

    static void same(UnitizingAlpha.Result expected, UnitizingAlpha.Result actual, String what) {
        same(expected.alpha(), actual.alpha(), what + " α_U");
        for (int c = 0; c < expected.alphaByLabel().length; c++) {
            same(expected.alphaByLabel()[c], actual.alphaByLabel()[c], what + " α_U^" + c);
            same(expected.observedByLabel()[c], actual.observedByLabel()[c], what + " D_o^" + c);
            same(expected.expectedByLabel()[c], actual.expectedByLabel()[c], what + " D_e^" + c);
        }
    }

    @Test
    void theFullSampleGivesUnitizingAlphaExactly() {
        SplittableRandom r = new SplittableRandom(1);
        for (int trial = 0; trial < 400; trial++) {
            Spans spans = random(r, trial % 4 == 0);
            int[] all = identity(spans.items());
            same(UnitizingAlpha.compute(spans), UnitizingSums.of(spans).result(all), "trial " + trial);
        }
    }

    @Test
    void aResampleGivesTheRecomputedUnitizingAlpha() {
        SplittableRandom r = new SplittableRandom(2);
        for (int trial = 0; trial < 400; trial++) {
            Spans spans = random(r, trial % 4 == 0);
            UnitizingSums sums = UnitizingSums.of(spans);
            for (int rep = 0; rep < 5; rep++) {
                int[] idx = resample(r, spans.items());
                same(UnitizingAlpha.compute(spans.selectItems(idx)), sums.result(idx), "trial " + trial + "." + rep);
            }
        }
    }

    @Test
    void publishedExamplesThroughTheSums() {
        for (Spans spans : new Spans[] {UnitizingAlphaTest.krippendorff2004(), UnitizingAlphaTest.krippendorff1995(1),
            UnitizingAlphaTest.krippendorff1995(3)}) {
            same(UnitizingAlpha.compute(spans), UnitizingSums.of(spans).result(new int[] {0}), "published");
        }
    }

    @Test
    void spanF1FromPerDocumentCountsEqualsTheRecomputedOne() {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 400; trial++) {
            Spans spans = random(r, trial % 4 == 0);
            SpanF1Sums sums = SpanF1Sums.of(spans);
            int[] all = identity(spans.items());
            SpanF1.Result full = SpanF1.compute(spans);
            double[] f = sums.f1(all);
            assertEquals(full.exactF1(), f[0], 0, "exact, trial " + trial);
            assertEquals(full.overlapF1(), f[1], 0, "overlap, trial " + trial);
            for (int rep = 0; rep < 5; rep++) {
                int[] idx = resample(r, spans.items());
                SpanF1.Result re = SpanF1.compute(spans.selectItems(idx));
                double[] g = sums.f1(idx);
                assertEquals(re.exactF1(), g[0], 0, "exact, trial " + trial + "." + rep);
                assertEquals(re.overlapF1(), g[1], 0, "overlap, trial " + trial + "." + rep);
            }
        }
    }
}
