package io.crosscheck.agreement.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

import org.junit.jupiter.api.Test;

class BootstrapTest {

    static Ratings noisyRatings(int items, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] codes = new int[items * 3];
        for (int i = 0; i < items; i++) {
            int truth = rnd.nextInt(4);
            for (int a = 0; a < 3; a++) {
                codes[i * 3 + a] = rnd.nextInt(10) < 7 ? truth : rnd.nextInt(4);
            }
        }
        return Ratings.of(items, 3, 4, codes);
    }

    @Test
    void sameSeedGivesTheSameInterval() {
        Ratings r = noisyRatings(200, 1);
        ToDoubleFunction<int[]> alpha = idx -> KrippendorffAlpha.compute(r.selectItems(idx), Level.NOMINAL).alpha();
        assertEquals(Bootstrap.percentile(r.items(), alpha, 0.95, 300, 7),
                Bootstrap.percentile(r.items(), alpha, 0.95, 300, 7));
    }

    @Test
    void intervalBracketsTheEstimateAndNarrowsWithMoreItems() {
        Ratings small = noisyRatings(100, 2);
        Ratings large = noisyRatings(2000, 2);
        Bootstrap.Interval s = Bootstrap.percentile(small.items(),
                idx -> KrippendorffAlpha.compute(small.selectItems(idx), Level.NOMINAL).alpha(), 0.95, 400, 3);
        Bootstrap.Interval l = Bootstrap.percentile(large.items(),
                idx -> KrippendorffAlpha.compute(large.selectItems(idx), Level.NOMINAL).alpha(), 0.95, 400, 3);
        assertTrue(s.lower() < s.estimate() && s.estimate() < s.upper(), s.toString());
        assertTrue(l.lower() < l.estimate() && l.estimate() < l.upper(), l.toString());
        assertTrue(l.upper() - l.lower() < s.upper() - s.lower());
        assertEquals(400, s.defined());
    }

    @Test
    void undefinedReplicatesAreDroppedAndCounted() {
        Bootstrap.Interval i = Bootstrap.percentile(10, idx -> idx[0] % 2 == 0 ? Double.NaN : idx.length, 0.9, 100,
                5);
        assertTrue(i.defined() < 100 && i.defined() > 0);
        assertEquals(10, i.lower(), 0);
        assertEquals(10, i.upper(), 0);
        Bootstrap.Interval none = Bootstrap.percentile(10, idx -> Double.NaN, 0.9, 50, 5);
        assertTrue(Double.isNaN(none.lower()) && Double.isNaN(none.upper()));
        assertEquals(0, none.defined());
    }

    @Test
    void noItemsGiveAnUndefinedInterval() {
        Bootstrap.Interval i = Bootstrap.percentile(0, idx -> 1.0, 0.95, 10, 1);
        assertTrue(Double.isNaN(i.estimate()) && Double.isNaN(i.lower()));
    }

    @Test
    void levelOutsideZeroOneIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.percentile(5, idx -> 1, 1.0, 10, 1));
    }

    @Test
    void quantilesInterpolateBetweenOrderStatistics() {
        double[] v = {1, 2, 3, 4};
        assertEquals(2.5, Bootstrap.quantile(v, 4, 0.5), 1e-15);
        assertEquals(1.075, Bootstrap.quantile(v, 4, 0.025), 1e-12);
        assertEquals(4, Bootstrap.quantile(v, 4, 1), 0);
    }

    @Test
    void resamplingDocumentsWorksForUnitizingAlpha() {
        Spans s = UnitizingAlphaTest.krippendorff1995(1);
        Bootstrap.Interval i = Bootstrap.percentile(s.items(),
                idx -> UnitizingAlpha.compute(s.selectItems(idx)).alpha(), 0.95, 20, 1);
        assertEquals(UnitizingAlpha.compute(s).alpha(), i.estimate(), 0);
        assertEquals(UnitizingAlpha.compute(s).alpha(), i.lower(), 1e-12); // one item: every resample is itself
    }

    /** The draw without a division gives SplittableRandom.nextInt(bound)'s numbers, so every interval is unchanged. */
    @Test
    void drawIsSplittableRandomsBoundedNextInt() {
        int[] bounds = {1, 2, 3, 7, 64, 1000, 11_111, 222_222, 1 << 20, (1 << 30) + 1, Integer.MAX_VALUE - 1,
            Integer.MAX_VALUE};
        for (int bound : bounds) {
            for (long seed : new long[] {0, 42, -1, Long.MIN_VALUE, 0x9e3779b97f4a7c15L}) {
                SplittableRandom expected = new SplittableRandom(seed);
                Bootstrap.Draw draw = new Bootstrap.Draw(bound);
                draw.seed = seed;
                for (int i = 0; i < 20_000; i++) {
                    assertEquals(expected.nextInt(bound), draw.next(), "bound " + bound + " seed " + seed + " #" + i);
                }
            }
        }
    }

    /** Counting the drawn items' classes inside the draw gives the figures of counting them in the statistic. */
    @Test
    void percentilesOfTimesEqualPercentilesOfCountedDraws() {
        Ratings r = noisyRatings(3000, 5);
        ItemProfiles profiles = ItemProfiles.of(r);
        AlphaSums sums = AlphaSums.of(profiles.ratings());
        for (int replicates : new int[] {1, 50, 400}) {
            Bootstrap.Interval viaDraws = Bootstrap.percentile(r.items(),
                    drawn -> sums.alphaOfTimes(profiles.times(drawn), Level.NOMINAL, null), 0.9, replicates, 11);
            Bootstrap.Interval viaTimes = profiles.percentiles(1,
                    (times, out) -> out[0] = sums.alphaOfTimes(times, Level.NOMINAL, null), 0.9, replicates, 11)[0];
            assertEquals(viaDraws, viaTimes);
            assertEquals(viaDraws, AlphaSums.intervalOverProfiles(r, Level.NOMINAL, null, 0.9, replicates, 11));
        }
    }
}
