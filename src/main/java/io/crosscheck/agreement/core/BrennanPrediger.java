package io.crosscheck.agreement.core;

/**
 * Brennan–Prediger's free-marginal κ over any number of raters (Brennan &amp; Prediger 1981; Randolph's 2005
 * "free-marginal multirater κ"; with missing ratings as in Gwet 2014, ch. 4): κ_n = (p_a − 1/q)/(1 − 1/q), where
 * p_a is the observed agreement of {@link GwetAc} (pairs of raters agreeing, averaged over items with two
 * ratings or more) and q the number of categories the raters could choose from. The chance term does not look
 * at how the raters actually used the categories. NaN when no item has two ratings or q &lt; 2.
 */
public final class BrennanPrediger {

    private BrennanPrediger() {
    }

    /** κ_n over the matrix's categories. O(N·m + K). */
    public static double compute(Ratings ratings) {
        int q = ratings.categories();
        double pa = GwetAc.ac1(ratings).observed();
        if (Double.isNaN(pa) || q < 2) {
            return Double.NaN;
        }
        double pe = 1.0 / q;
        return (pa - pe) / (1 - pe);
    }
}
