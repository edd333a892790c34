package io.crosscheck.agreement.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.function.ToDoubleFunction;

import org.junit.jupiter.api.Test;

/**
 * The bootstrap from per-item sums against the definition before it (one random stream for all replicates, the
 * statistic recomputed from the resampled raw data): the same intervals within Monte Carlo noise; and the same
 * interval for a seed on any number of threads.
 */
class SumsBootstrapTest {

    /** The bootstrap as it was before per-replicate streams: one SplittableRandom(seed) drawing every replicate. */
    static double[] before(int items, ToDoubleFunction<int[]> statistic, double level, int replicates, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[replicates];
        int defined = 0;
        int[] sample = new int[items];
        for (int rep = 0; rep < replicates; rep++) {
            for (int i = 0; i < items; i++) {
                sample[i] = random.nextInt(items);
            }
            double v = statistic.applyAsDouble(sample);
            if (!Double.isNaN(v)) {
                values[defined++] = v;
            }
        }
        Arrays.sort(values, 0, defined);
        double tail = (1 - level) / 2;
        return new double[] {Bootstrap.quantile(values, defined, tail), Bootstrap.quantile(values, defined, 1 - tail)};
    }

    /** Lower and upper bounds each within a tenth of the interval's width (≈ 5 Monte Carlo standard errors at 2,000). */
    static void withinNoise(double[] before, Bootstrap.Interval now, String what) {
        double width = before[1] - before[0];
        assertTrue(width > 0, what);
        assertEquals(before[0], now.lower(), 0.1 * width, what + " lower");
        assertEquals(before[1], now.upper(), 0.1 * width, what + " upper");
    }

    static Spans documents(SplittableRandom r, int docs) {
        Spans.Builder b = Spans.builder(4, 2);
        for (int d = 0; d < docs; d++) {
            int len = 200 + r.nextInt(300);
            int item = b.item(len);
            int[] truth = new int[4];
            for (int t = 0; t < truth.length; t++) {
                truth[t] = r.nextInt(len - 20);
            }
            for (int a = 0; a < 4; a++) {
                if (r.nextDouble() < 0.3) {
                    continue;
                }
                b.done(item, a);
                for (int t = 0; t < truth.length; t++) {
                    if (r.nextDouble() < 0.8) {
                        int s = Math.max(0, truth[t] + r.nextInt(5) - 2);
                        b.span(item, s, s + 5 + r.nextInt(12), t % 2, a);
                    }
                }
            }
        }
        return b.build();
    }

    @Test
    void alphaIntervalsFromProfilesMatchTheRecomputedOnes() {
        Ratings ratings = AlphaSumsTest.random(new SplittableRandom(5), 400, 5, 3);
        double[] values = {1, 2, 7};
        for (Level level : Level.values()) {
            double[] x = level == Level.INTERVAL || level == Level.RATIO ? values : null;
            double[] before = before(ratings.items(),
                    idx -> KrippendorffAlpha.compute(ratings.selectItems(idx), level, x).alpha(), 0.95, 2000, 20110101);
            Bootstrap.Interval now = Bootstrap.percentile(ratings.items(), AlphaSums.overProfiles(ratings, level, x),
                    0.95, 2000, 20110101);
            withinNoise(before, now, level.toString());
            assertEquals(KrippendorffAlpha.compute(ratings, level, x).alpha(), now.estimate(), 1e-12);
        }
    }

    @Test
    void gwetIntervalsFromProfilesMatchTheRecomputedOnes() {
        Ratings ratings = AlphaSumsTest.random(new SplittableRandom(6), 400, 5, 3);
        ItemProfiles profiles = ItemProfiles.of(ratings);
        GwetSums sums = GwetSums.of(profiles.ratings(), null);
        double[] ac1 = before(ratings.items(), idx -> GwetAc.ac1(ratings.selectItems(idx)).coefficient(), 0.95, 2000, 9);
        double[] bp = before(ratings.items(), idx -> BrennanPrediger.compute(ratings.selectItems(idx)), 0.95, 2000, 9);
        Bootstrap.Interval[] now = Bootstrap.percentiles(ratings.items(), 2, (drawn, out) -> {
            int[] times = profiles.times(drawn);
            out[0] = sums.resultOfTimes(times).coefficient();
            out[1] = sums.brennanPredigerOfTimes(times);
        }, 0.95, 2000, 9);
        withinNoise(ac1, now[0], "AC1");
        withinNoise(bp, now[1], "Brennan–Prediger");
        assertEquals(GwetAc.ac1(ratings).coefficient(), now[0].estimate(), 1e-12);
    }

    @Test
    void aProfilesResampleIsTheResampledRatingsExactly() {
        SplittableRandom r = new SplittableRandom(8);
        for (int trial = 0; trial < 100; trial++) {
            Ratings ratings = AlphaSumsTest.random(r, 1 + r.nextInt(80), 2 + r.nextInt(5), 2 + r.nextInt(4));
            int[] idx = UnitizingSumsTest.resample(r, ratings.items());
            Level level = Level.values()[trial % Level.values().length];
            double[] x = level == Level.INTERVAL || level == Level.RATIO ? new double[] {1, 3, 4, 9, 10} : null;
            UnitizingSumsTest.same(KrippendorffAlpha.compute(ratings.selectItems(idx), level, x).alpha(),
                    AlphaSums.overProfiles(ratings, level, x).applyAsDouble(idx), "α trial " + trial);
            ItemProfiles p = ItemProfiles.of(ratings);
            assertTrue(p.size() <= ratings.items());
            UnitizingSumsTest.same(GwetAc.ac1(ratings.selectItems(idx)).coefficient(),
                    GwetSums.of(p.ratings(), null).resultOfTimes(p.times(idx)).coefficient(), "AC1 trial " + trial);
        }
    }

    @Test
    void unitizingAlphaIntervalFromSumsMatchesTheRecomputedOne() {
        Spans spans = documents(new SplittableRandom(11), 150);
        double[] before = before(spans.items(), idx -> UnitizingAlpha.compute(spans.selectItems(idx)).alpha(), 0.95,
                2000, 20110101);
        Bootstrap.Interval now = Bootstrap.percentile(spans.items(), UnitizingSums.of(spans)::alpha, 0.95, 2000,
                20110101);
        withinNoise(before, now, "α_U");
        assertEquals(UnitizingAlpha.compute(spans).alpha(), now.estimate(), 1e-12);
    }

    @Test
    void spanF1IntervalFromSumsMatchesTheRecomputedOne() {
        Spans spans = documents(new SplittableRandom(12), 150);
        SpanF1Sums sums = SpanF1Sums.of(spans);
        double[] exact = before(spans.items(), idx -> SpanF1.compute(spans.selectItems(idx)).exactF1(), 0.95, 2000, 3);
        double[] overlap = before(spans.items(), idx -> SpanF1.compute(spans.selectItems(idx)).overlapF1(), 0.95, 2000,
                3);
        Bootstrap.Interval[] now = Bootstrap.percentiles(spans.items(), 2, (drawn, out) -> {
            double[] f = sums.f1(drawn);
            out[0] = f[0];
            out[1] = f[1];
        }, 0.95, 2000, 3);
        withinNoise(exact, now[0], "exact F1");
        withinNoise(overlap, now[1], "overlap F1");
    }

    @Test
    void theSameSeedGivesTheSameIntervalOnAnyNumberOfThreads() throws Exception {
        Spans spans = documents(new SplittableRandom(13), 300);
        UnitizingSums sums = UnitizingSums.of(spans);
        // 300 items × 1,000 replicates is above Bootstrap.PARALLEL_DRAWS: the replicates run in parallel blocks.
        assertTrue((long) spans.items() * 1000 >= Bootstrap.PARALLEL_DRAWS);
        Bootstrap.Interval here = Bootstrap.percentile(spans.items(), sums::alpha, 0.95, 1000, 77);
        for (int threads : new int[] {1, 2, 5}) {
            ForkJoinPool pool = new ForkJoinPool(threads);
            try {
                Bootstrap.Interval there = pool.submit(() -> Bootstrap.percentile(spans.items(), sums::alpha, 0.95,
                        1000, 77)).get();
                assertEquals(here, there, threads + " threads");
            } finally {
                pool.shutdown();
            }
        }
        // Below the threshold (sequential) the replicates are the same streams, so the same interval as in parallel.
        Bootstrap.Interval few = Bootstrap.percentile(spans.items(), sums::alpha, 0.95, 100, 77);
        ForkJoinPool pool = new ForkJoinPool(3);
        try {
            assertEquals(few, pool.submit(() -> Bootstrap.percentile(spans.items(), sums::alpha, 0.95, 100, 77)).get());
        } finally {
            pool.shutdown();
        }
    }
}
