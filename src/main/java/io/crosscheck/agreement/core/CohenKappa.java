package io.crosscheck.agreement.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Cohen's κ for two annotators (Cohen 1960), unweighted or with linear / quadratic disagreement weights over
 * the ordered category codes (Cohen 1968): κ_w = 1 − Σ w_ij o_ij / Σ w_ij e_ij with e_ij from each
 * annotator's own marginals. Unweighted κ is the case w_ij = [i ≠ j], i.e. (p_o − p_e)/(1 − p_e).
 *
 * <p>Only items both annotators coded count. NaN when there is no such item or the expected disagreement
 * is 0 (both used one and the same category only).
 */
public final class CohenKappa {

    /** Disagreement weight between categories i and j. */
    public enum Weighting {
        /** [i ≠ j]: plain Cohen's κ. */
        NONE,
        /** |i − j|. */
        LINEAR,
        /** (i − j)². */
        QUADRATIC;

        double weight(int i, int j) {
            int d = Math.abs(i - j);
            return switch (this) {
                case NONE -> d == 0 ? 0 : 1;
                case LINEAR -> d;
                case QUADRATIC -> (double) d * d;
            };
        }
    }

    /** κ of one annotator pair (a &lt; b are annotator indices) over the items both coded. */
    public record Pair(int a, int b, int items, double kappa) {
    }

    private CohenKappa() {
    }

    /** Unweighted κ of two code columns (−1 = missing). */
    public static double compute(int[] a, int[] b, int categories) {
        return compute(a, b, categories, Weighting.NONE);
    }

    /** κ of two code columns (−1 = missing) with the weighting. O(N + K²). */
    public static double compute(int[] a, int[] b, int categories, Weighting weighting) {
        return kappa(confusion(a, b, categories), categories, weighting);
    }

    /** κ of annotators a and b of the matrix. */
    public static double compute(Ratings ratings, int a, int b, Weighting weighting) {
        return compute(ratings.column(a), ratings.column(b), ratings.categories(), weighting);
    }

    /** κ for every annotator pair, including pairs without common items (κ NaN, items 0). */
    public static List<Pair> pairwise(Ratings ratings, Weighting weighting) {
        int m = ratings.annotators();
        int[][] cols = new int[m][];
        for (int r = 0; r < m; r++) {
            cols[r] = ratings.column(r);
        }
        List<Pair> pairs = new ArrayList<>(m * (m - 1) / 2);
        for (int a = 0; a < m; a++) {
            for (int b = a + 1; b < m; b++) {
                long[][] conf = confusion(cols[a], cols[b], ratings.categories());
                int items = 0;
                for (long[] row : conf) {
                    for (long v : row) {
                        items += (int) v;
                    }
                }
                pairs.add(new Pair(a, b, items, kappa(conf, ratings.categories(), weighting)));
            }
        }
        return pairs;
    }

    /** Unweighted mean of the defined pairwise κ values; NaN if none is defined. */
    public static double meanPairwise(Ratings ratings, Weighting weighting) {
        double sum = 0;
        int n = 0;
        for (Pair p : pairwise(ratings, weighting)) {
            if (!Double.isNaN(p.kappa())) {
                sum += p.kappa();
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    static long[][] confusion(int[] a, int[] b, int categories) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("columns differ in length: " + a.length + " vs " + b.length);
        }
        long[][] conf = new long[categories][categories];
        for (int i = 0; i < a.length; i++) {
            int x = a[i];
            int y = b[i];
            if (x >= 0 && y >= 0) {
                conf[x][y]++;
            }
        }
        return conf;
    }

    /**
     * κ from a K × K confusion table {@code conf[x * k + y]} (a's code x, b's code y) summed by the caller, e.g. item by
     * item over a stream, with each annotator's own marginals: the same figure as {@link #compute} on the columns.
     */
    public static double fromConfusion(long[] conf, int k, Weighting weighting) {
        long[][] table = new long[k][k];
        for (int x = 0; x < k; x++) {
            System.arraycopy(conf, x * k, table[x], 0, k);
        }
        return kappa(table, k, weighting);
    }

    private static double kappa(long[][] conf, int k, Weighting weighting) {
        long[] row = new long[k];
        long[] col = new long[k];
        long n = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                row[i] += conf[i][j];
                col[j] += conf[i][j];
            }
            n += row[i];
        }
        if (n == 0) {
            return Double.NaN;
        }
        double observed = 0;
        double expected = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double w = weighting.weight(i, j);
                if (w != 0) {
                    observed += w * conf[i][j];
                    expected += w * ((double) row[i] * col[j]);
                }
            }
        }
        if (expected == 0) {
            return Double.NaN;
        }
        return 1.0 - observed * n / expected;
    }
}
