package io.crosscheck.agreement.core;

/**
 * Gwet's AC1 (nominal) and AC2 (weighted) agreement coefficients over any number of raters with missing ratings
 * (Gwet 2008; Handbook of Inter-Rater Reliability, 4th ed., 2014, ch. 4 and 5), as computed by Gwet's own
 * irrCAC package: with r_ik the raters who put item i in category k, r_i = Σ_k r_ik, r*_ik = Σ_l w_kl r_il,
 * <ul>
 * <li>p_a = (1/n₂) Σ_{i: r_i ≥ 2} Σ_k r_ik (r*_ik − 1) / (r_i (r_i − 1)), n₂ the items with two ratings or more;</li>
 * <li>π_k = (1/n) Σ_{i: r_i ≥ 1} r_ik / r_i over the n items with at least one rating;</li>
 * <li>p_e = T_w / (q (q − 1)) · Σ_k π_k (1 − π_k), T_w = Σ_kl w_kl, q the number of categories;</li>
 * <li>AC = (p_a − p_e) / (1 − p_e).</li>
 * </ul>
 * With identity weights (T_w = q) this is AC1. Unlike κ and α, AC1 is defined when every rating falls in one
 * category (p_e = 0, AC1 = p_a = 1). NaN when no item has two ratings, q &lt; 2, or p_e = 1.
 */
public final class GwetAc {

    /**
     * @param coefficient AC1 or AC2, NaN if undefined
     * @param observed    p_a
     * @param expected    p_e
     */
    public record Result(double coefficient, double observed, double expected) {
    }

    private GwetAc() {
    }

    /** AC1: identity weights over the matrix's categories. O(N·m + K). */
    public static Result ac1(Ratings ratings) {
        return compute(ratings, null);
    }

    /** AC2 with the given q × q agreement weights (null: identity, i.e. AC1). O(N·m·d + K²). */
    public static Result compute(Ratings ratings, double[][] weights) {
        int[] all = new int[ratings.items()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return GwetSums.of(ratings, weights).result(all);
    }
}
