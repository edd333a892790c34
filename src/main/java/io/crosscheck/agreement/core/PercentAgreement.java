package io.crosscheck.agreement.core;

/**
 * Krippendorff's observed agreement over pairable values, A_o = Σ_u [Σ_c n_uc(n_uc−1)/(m_u−1)] / Σ_u m_u over
 * units with m_u ≥ 2 (= 1 − D_o nominal): the share of agreeing pairs, each unit weighted by its values.
 * With two annotators and no missing values it is the plain share of items coded alike.
 */
public final class PercentAgreement {

    private PercentAgreement() {
    }

    /** A_o, NaN when no unit has two values. O(N·m). */
    public static double compute(Ratings ratings) {
        int m = ratings.annotators();
        int[] codes = ratings.codes();
        ItemTally tally = new ItemTally(ratings);
        long n = 0;
        double agree = 0;
        for (int base = 0; base < codes.length; base += m) {
            tally.tally(codes, base, m);
            int mu = tally.values;
            if (mu >= 2) {
                agree += (double) tally.agreeingPairs() / (mu - 1);
                n += mu;
            }
        }
        return n == 0 ? Double.NaN : agree / n;
    }
}
