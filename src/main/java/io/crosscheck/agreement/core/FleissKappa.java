package io.crosscheck.agreement.core;

/**
 * Fleiss' κ (Fleiss 1971): κ = (P̄ − P̄_e)/(1 − P̄_e) for items that all carry the same number m ≥ 2 of
 * ratings (not necessarily by the same annotators).
 *
 * <p>Items nobody rated are skipped. NaN when the remaining items have unequal numbers of ratings, when
 * m &lt; 2, when there are no items, or when P̄_e = 1 (a single category in use).
 */
public final class FleissKappa {

    private FleissKappa() {
    }

    /** κ, or NaN where undefined (see the class comment). O(N·m + K). */
    public static double compute(Ratings ratings) {
        int m = ratings.annotators();
        int[] codes = ratings.codes();
        int k = ratings.categories();
        long[] total = new long[k];
        ItemTally tally = new ItemTally(ratings);
        int raters = -1;
        long items = 0;
        double pSum = 0;
        for (int base = 0; base < codes.length; base += m) {
            tally.tally(codes, base, m);
            int mu = tally.values;
            for (int t = 0; t < tally.distinct; t++) {
                total[tally.seen[t]] += tally.count[tally.seen[t]];
            }
            if (mu == 0) {
                continue;
            }
            if (raters < 0) {
                raters = mu;
            } else if (mu != raters) {
                return Double.NaN;
            }
            items++;
            pSum += tally.agreeingPairs();
        }
        if (items == 0 || raters < 2) {
            return Double.NaN;
        }
        double ratingsTotal = (double) items * raters;
        double pBar = pSum / (ratingsTotal * (raters - 1));
        double pE = 0;
        for (long t : total) {
            double p = t / ratingsTotal;
            pE += p * p;
        }
        return pE >= 1.0 ? Double.NaN : (pBar - pE) / (1.0 - pE);
    }
}
