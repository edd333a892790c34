package io.crosscheck.agreement.core;

/**
 * Scott's π for two annotators (Scott 1955): (p_o − p_e)/(1 − p_e) with p_e from the pooled marginals of both,
 * p_e = Σ_c ((n_ac + n_bc)/2N)². Only items both coded count; NaN when there are none or p_e = 1.
 */
public final class ScottPi {

    private ScottPi() {
    }

    /** π of two code columns (−1 = missing). O(N + K). */
    public static double compute(int[] a, int[] b, int categories) {
        long[][] conf = CohenKappa.confusion(a, b, categories);
        long n = 0;
        long agree = 0;
        long[] pooled = new long[categories];
        for (int i = 0; i < categories; i++) {
            for (int j = 0; j < categories; j++) {
                n += conf[i][j];
                pooled[i] += conf[i][j];
                pooled[j] += conf[i][j];
            }
            agree += conf[i][i];
        }
        if (n == 0) {
            return Double.NaN;
        }
        double pE = 0;
        for (long p : pooled) {
            double share = p / (2.0 * n);
            pE += share * share;
        }
        if (pE >= 1.0) {
            return Double.NaN;
        }
        return ((double) agree / n - pE) / (1.0 - pE);
    }

    /** π of annotators a and b of the matrix. */
    public static double compute(Ratings ratings, int a, int b) {
        return compute(ratings.column(a), ratings.column(b), ratings.categories());
    }
}
