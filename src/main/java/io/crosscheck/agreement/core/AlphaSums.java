package io.crosscheck.agreement.core;

import java.util.function.ToDoubleFunction;

/**
 * Krippendorff's α from per-item sufficient statistics, for the bootstrap. Each pairable unit u (m_u ≥ 2) contributes
 * its share of the coincidence matrix, o_ck += n_uc n_uk / (m_u − 1) (c ≠ k) and o_cc += n_uc (n_uc − 1) / (m_u − 1),
 * kept as a few sparse cells; a resample's α is the sum of its units' cells followed by α from the coincidences
 * (n_c = Σ_k o_ck, D_o = Σ o_ck δ²_ck / n, D_e = Σ n_c n_k δ²_ck / (n (n − 1)), δ² at the level, ordinal from the
 * resample's own n_c). That is exactly what {@link KrippendorffAlpha#compute} gives on the resampled units (a unit
 * drawn twice counts twice), without rebuilding a ratings table per replicate: O(cells of the drawn units + K²).
 */
public final class AlphaSums {

    private final int k;
    private final int[] start;
    private final int[] cell;
    private final double[] weight;

    private AlphaSums(int k, int[] start, int[] cell, double[] weight) {
        this.k = k;
        this.start = start;
        this.cell = cell;
        this.weight = weight;
    }

    /** The units' coincidence cells; units with fewer than two values contribute none. */
    public static AlphaSums of(Ratings ratings) {
        int k = ratings.categories();
        int items = ratings.items();
        int[] start = new int[items + 1];
        int[] cells = new int[Math.max(16, items * 4)];
        double[] weights = new double[cells.length];
        int used = 0;
        int m = ratings.annotators();
        int[] codes = ratings.codes();
        ItemTally tally = new ItemTally(ratings);
        int[] counts = tally.count;
        int[] seen = tally.seen;
        for (int u = 0; u < items; u++) {
            tally.tally(codes, u * m, m);
            int distinct = tally.distinct;
            int mu = tally.values;
            if (mu >= 2) {
                if (used + distinct * distinct > cells.length) {
                    int grow = Math.max(cells.length * 2, used + distinct * distinct);
                    cells = java.util.Arrays.copyOf(cells, grow);
                    weights = java.util.Arrays.copyOf(weights, grow);
                }
                for (int i = 0; i < distinct; i++) {
                    int c = seen[i];
                    for (int j = 0; j < distinct; j++) {
                        int d = seen[j];
                        double n = c == d ? (double) counts[c] * (counts[c] - 1) : (double) counts[c] * counts[d];
                        if (n != 0) {
                            cells[used] = c * k + d;
                            weights[used++] = n / (mu - 1);
                        }
                    }
                }
            }
            start[u + 1] = used;
        }
        return new AlphaSums(k, start, java.util.Arrays.copyOf(cells, used), java.util.Arrays.copyOf(weights, used));
    }

    /** α of the units {@code idx} (repeats count again) at the level; NaN where undefined. */
    public double alpha(int[] idx, Level level, double[] categoryValues) {
        return alphaOfTimes(Bootstrap.times(idx, start.length - 1), level, categoryValues);
    }

    /**
     * α of a resample given as multiplicities: unit u counted {@code times[u]} times. With the units of
     * {@link ItemProfiles#ratings()} this is α of the items whose profiles were drawn that often.
     */
    public double alphaOfTimes(int[] times, Level level, double[] categoryValues) {
        double[] o = new double[k * k];
        for (int u = 0; u < times.length; u++) {
            int t = times[u];
            if (t == 0) {
                continue;
            }
            for (int j = start[u]; j < start[u + 1]; j++) {
                o[cell[j]] += t * weight[j];
            }
        }
        return fromCoincidences(o, k, level, categoryValues);
    }

    /**
     * The bootstrap statistic over the items of {@code ratings}, summed by item profile ({@link ItemProfiles}): a
     * replicate counts how often each profile was drawn and sums those few profiles' cells.
     */
    public static ToDoubleFunction<int[]> overProfiles(Ratings ratings, Level level, double[] categoryValues) {
        ItemProfiles profiles = ItemProfiles.of(ratings);
        AlphaSums sums = of(profiles.ratings());
        return drawn -> sums.alphaOfTimes(profiles.times(drawn), level, categoryValues);
    }

    /** The interval of α over the items of {@code ratings}, bootstrapped by item profile as {@link #overProfiles}. */
    public static Bootstrap.Interval intervalOverProfiles(Ratings ratings, Level level, double[] categoryValues,
            double ciLevel, int replicates, long seed) {
        ItemProfiles profiles = ItemProfiles.of(ratings);
        AlphaSums sums = of(profiles.ratings());
        return profiles.percentiles(1, (times, out) -> out[0] = sums.alphaOfTimes(times, level, categoryValues),
                ciLevel, replicates, seed)[0];
    }

    /** The bootstrap statistic: α of a resample. */
    public ToDoubleFunction<int[]> statistic(Level level, double[] categoryValues) {
        return idx -> alpha(idx, level, categoryValues);
    }

    /** α from a K × K coincidence matrix {@code o[c * k + d]}; NaN where undefined. */
    static double fromCoincidences(double[] o, int k, Level level, double[] categoryValues) {
        double[] marginal = new double[k];
        double n = 0;
        for (int c = 0; c < k; c++) {
            for (int d = 0; d < k; d++) {
                marginal[c] += o[c * k + d];
            }
            n += marginal[c];
        }
        if (n <= 1) {
            return Double.NaN;
        }
        double[] x = categoryValues;
        if ((level == Level.INTERVAL || level == Level.RATIO) && x == null) {
            x = new double[k];
            for (int c = 0; c < k; c++) {
                x[c] = c;
            }
        }
        double observed = 0;
        double expected = 0;
        for (int c = 0; c < k; c++) {
            for (int d = 0; d < k; d++) {
                double delta = KrippendorffAlpha.difference(level, c, d, marginal, x);
                observed += o[c * k + d] * delta;
                expected += marginal[c] * marginal[d] * delta;
            }
        }
        double dO = observed / n;
        double dE = expected / (n * (n - 1));
        return dE == 0 || Double.isNaN(dE) ? Double.NaN : 1.0 - dO / dE;
    }
}
