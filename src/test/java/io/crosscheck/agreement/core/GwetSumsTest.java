package io.crosscheck.agreement.core;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AC1, AC2 and Brennan–Prediger from per-item sums equal the figures recomputed on the resampled ratings. */
class GwetSumsTest {

    static void same(double expected, double actual, String where) {
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(actual), where);
        } else {
            assertEquals(expected, actual, 1e-12, where);
        }
    }

    @Test
    void aResamplesFiguresEqualTheRecomputedOnes() {
        SplittableRandom r = new SplittableRandom(2008);
        for (int trial = 0; trial < 40; trial++) {
            Ratings ratings = AlphaSumsTest.random(r, 1 + r.nextInt(60), 2 + r.nextInt(5), 2 + r.nextInt(4));
            int[] idx = new int[ratings.items()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = r.nextInt(idx.length);
            }
            Ratings resampled = ratings.selectItems(idx);
            double[][] weights = AgreementWeights.forLevel(Level.ORDINAL, ratings.categories(), null);
            same(GwetAc.ac1(resampled).coefficient(), GwetSums.of(ratings, null).coefficient(idx), "AC1 " + trial);
            same(GwetAc.compute(resampled, weights).coefficient(), GwetSums.of(ratings, weights).coefficient(idx),
                    "AC2 " + trial);
            same(BrennanPrediger.compute(resampled), GwetSums.of(ratings, null).brennanPrediger(idx), "BP " + trial);
        }
    }
}
