package io.crosscheck.agreement.core;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/**
 * Gwet's AC1/AC2 and Brennan–Prediger from per-item sufficient statistics, for the bootstrap: each item keeps whether
 * it is rated and pairable, its term of p_a (Σ_k r_ik (r*_ik − 1) / (r_i (r_i − 1))) and its shares r_ik / r_i of
 * π_k (a few sparse cells). A replicate sums the drawn items' statistics; {@link GwetAc#compute} is this over all
 * items, so a replicate's figure is the one recomputed on the resampled ratings, without rebuilding them.
 */
public final class GwetSums {

    private final int q;
    private final double tw;
    private final boolean[] pairable;
    private final boolean[] rated;
    private final double[] agree;
    private final int[] start;
    private final int[] category;
    private final double[] share;

    private GwetSums(int q, double tw, boolean[] pairable, boolean[] rated, double[] agree, int[] start,
                     int[] category, double[] share) {
        this.q = q;
        this.tw = tw;
        this.pairable = pairable;
        this.rated = rated;
        this.agree = agree;
        this.start = start;
        this.category = category;
        this.share = share;
    }

    /** The items' statistics with the q × q agreement weights (null: identity, AC1). */
    public static GwetSums of(Ratings ratings, double[][] weights) {
        int q = ratings.categories();
        if (weights != null && weights.length != q) {
            throw new IllegalArgumentException("need " + q + " × " + q + " weights");
        }
        int m = ratings.annotators();
        int n = ratings.items();
        int[] codes = ratings.codes();
        boolean[] pairable = new boolean[n];
        boolean[] rated = new boolean[n];
        double[] agree = new double[n];
        int[] start = new int[n + 1];
        int[] category = new int[Math.max(16, n * 2)];
        double[] share = new double[category.length];
        int used = 0;
        ItemTally tally = new ItemTally(ratings);
        int[] count = tally.count;
        int[] seen = tally.seen;
        for (int u = 0; u < n; u++) {
            tally.tally(codes, u * m, m);
            int ri = tally.values;
            int d = tally.distinct;
            if (ri > 0) {
                rated[u] = true;
                if (used + d > category.length) {
                    category = Arrays.copyOf(category, Math.max(category.length * 2, used + d));
                    share = Arrays.copyOf(share, category.length);
                }
                double sum = 0;
                for (int t = 0; t < d; t++) {
                    int k = seen[t];
                    category[used] = k;
                    share[used++] = (double) count[k] / ri;
                    double star = count[k];
                    if (weights != null) {
                        star = 0;
                        for (int v = 0; v < d; v++) {
                            star += weights[k][seen[v]] * count[seen[v]];
                        }
                    }
                    sum += count[k] * (star - 1);
                }
                if (ri >= 2) {
                    pairable[u] = true;
                    agree[u] = sum / ((double) ri * (ri - 1));
                }
            }
            start[u + 1] = used;
        }
        double tw = q;
        if (weights != null) {
            tw = 0;
            for (double[] row : weights) {
                for (double w : row) {
                    tw += w;
                }
            }
        }
        return new GwetSums(q, tw, pairable, rated, agree, start, Arrays.copyOf(category, used),
                Arrays.copyOf(share, used));
    }

    /** AC of the items {@code idx} (repeats count again); NaN where undefined. */
    public double coefficient(int[] idx) {
        return result(idx).coefficient();
    }

    /** AC, p_a and p_e of the items {@code idx} (repeats count again), as {@link GwetAc#compute} reports them. */
    public GwetAc.Result result(int[] idx) {
        return resultOfTimes(Bootstrap.times(idx, rated.length));
    }

    /** AC, p_a and p_e of a resample given as multiplicities: item u counted {@code times[u]} times. */
    public GwetAc.Result resultOfTimes(int[] times) {
        double[] pi = new double[q];
        long ratedItems = 0;
        long pairableItems = 0;
        double pa = 0;
        for (int u = 0; u < times.length; u++) {
            int t = times[u];
            if (t == 0 || !rated[u]) {
                continue;
            }
            ratedItems += t;
            for (int j = start[u]; j < start[u + 1]; j++) {
                pi[category[j]] += t * share[j];
            }
            if (pairable[u]) {
                pairableItems += t;
                pa += t * agree[u];
            }
        }
        if (pairableItems == 0 || q < 2) {
            return new GwetAc.Result(Double.NaN, pairableItems == 0 ? Double.NaN : pa / pairableItems, Double.NaN);
        }
        pa /= pairableItems;
        double spread = 0;
        for (int k = 0; k < q; k++) {
            double p = pi[k] / ratedItems;
            spread += p * (1 - p);
        }
        double pe = tw / ((double) q * (q - 1)) * spread;
        return new GwetAc.Result(pe >= 1 ? Double.NaN : (pa - pe) / (1 - pe), pa, pe);
    }

    /** Brennan–Prediger of the items {@code idx}: (p_a − 1/q) / (1 − 1/q) with AC1's p_a (identity weights only). */
    public double brennanPrediger(int[] idx) {
        return brennanPredigerOfTimes(Bootstrap.times(idx, rated.length));
    }

    /** Brennan–Prediger of a resample given as multiplicities. */
    public double brennanPredigerOfTimes(int[] times) {
        long pairableItems = 0;
        double pa = 0;
        for (int u = 0; u < times.length; u++) {
            if (times[u] > 0 && pairable[u]) {
                pairableItems += times[u];
                pa += times[u] * agree[u];
            }
        }
        if (pairableItems == 0 || q < 2) {
            return Double.NaN;
        }
        double pe = 1.0 / q;
        return (pa / pairableItems - pe) / (1 - pe);
    }

    public ToDoubleFunction<int[]> coefficientStatistic() {
        return this::coefficient;
    }

    public ToDoubleFunction<int[]> brennanPredigerStatistic() {
        return this::brennanPrediger;
    }
}
