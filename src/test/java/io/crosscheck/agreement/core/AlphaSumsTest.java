package io.crosscheck.agreement.core;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** α from per-item sufficient statistics equals α recomputed on the resampled ratings, at every level. */
class AlphaSumsTest {

    static Ratings random(SplittableRandom r, int items, int annotators, int k) {
        int[] codes = new int[items * annotators];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = r.nextDouble() < 0.25 ? Ratings.MISSING : (r.nextDouble() < 0.6 ? (i / annotators) % k : r.nextInt(k));
        }
        return Ratings.of(items, annotators, k, codes);
    }

    @Test
    void aResamplesAlphaEqualsTheRecomputedOne() {
        SplittableRandom r = new SplittableRandom(13);
        double[] values = {1, 2.5, 4, 10, 11};
        for (Level level : Level.values()) {
            for (int trial = 0; trial < 20; trial++) {
                Ratings ratings = random(r, 1 + r.nextInt(60), 2 + r.nextInt(5), 2 + r.nextInt(4));
                double[] x = level == Level.INTERVAL || level == Level.RATIO ? values : null;
                AlphaSums sums = AlphaSums.of(ratings);
                int[] idx = new int[ratings.items()];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = r.nextInt(idx.length);
                }
                double expected = KrippendorffAlpha.compute(ratings.selectItems(idx), level, x).alpha();
                double actual = sums.alpha(idx, level, x);
                if (Double.isNaN(expected)) {
                    assertTrue(Double.isNaN(actual), level + " trial " + trial);
                } else {
                    assertEquals(expected, actual, 1e-9, level + " trial " + trial);
                }
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameInterval() {
        Ratings ratings = random(new SplittableRandom(7), 200, 4, 3);
        AlphaSums sums = AlphaSums.of(ratings);
        Bootstrap.Interval before = Bootstrap.percentile(ratings.items(),
                idx -> KrippendorffAlpha.compute(ratings.selectItems(idx), Level.NOMINAL).alpha(), 0.95, 300, 42);
        Bootstrap.Interval after = Bootstrap.percentile(ratings.items(), sums.statistic(Level.NOMINAL, null), 0.95,
                300, 42);
        assertEquals(before.lower(), after.lower(), 1e-12);
        assertEquals(before.upper(), after.upper(), 1e-12);
        assertEquals(before.estimate(), after.estimate(), 1e-12);
    }
}
