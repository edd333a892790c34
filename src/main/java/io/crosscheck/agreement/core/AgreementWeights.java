package io.crosscheck.agreement.core;

/**
 * Agreement weight matrices w_kl ∈ [0, 1] (1 on the diagonal) over a layer's k declared categories, in Gwet's
 * (2014, ch. 3) sense: the weights of Gwet's AC2 and of weighted Brennan–Prediger-type coefficients. Numeric
 * values are rescaled first (see {@link #rescaled}) so that no square can overflow.
 */
public final class AgreementWeights {

    private AgreementWeights() {
    }

    /** w_kl = [k = l]: nominal data, AC2 is then AC1. */
    public static double[][] identity(int k) {
        double[][] w = new double[k][k];
        for (int i = 0; i < k; i++) {
            w[i][i] = 1;
        }
        return w;
    }

    /** Gwet's ordinal weights: 1 − C(M_kl, 2)/max C(M, 2) with M_kl = |k − l| + 1 on the category ranks. */
    public static double[][] ordinal(int k) {
        double[][] w = new double[k][k];
        double max = k < 2 ? 1 : (double) k * (k - 1) / 2;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double m = Math.abs(i - j) + 1;
                w[i][j] = 1 - m * (m - 1) / 2 / max;
            }
        }
        return w;
    }

    /** Quadratic weights on the numeric values: 1 − (x_k − x_l)² / (max x − min x)². */
    public static double[][] quadratic(double[] values) {
        double[] x = rescaled(values, false);
        int k = x.length;
        double[][] w = new double[k][k];
        double max = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double d = x[i] - x[j];
                w[i][j] = d * d;
                max = Math.max(max, w[i][j]);
            }
        }
        return normalise(w, max);
    }

    /** Ratio weights on the numeric values: 1 − ((x_k − x_l)/(x_k + x_l))² / the largest such value. */
    public static double[][] ratio(double[] values) {
        double[] x = rescaled(values, true);
        int k = x.length;
        double[][] w = new double[k][k];
        double max = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                w[i][j] = KrippendorffAlpha.ratioDelta(x[i], x[j]);
                max = Math.max(max, w[i][j]);
            }
        }
        return normalise(w, max);
    }

    /**
     * The weights for a layer's measurement level: identity (nominal), Gwet's ordinal weights on the label ranks
     * (ordinal), quadratic (interval) or ratio (ratio) weights on the label values.
     */
    public static double[][] forLevel(Level level, int k, double[] values) {
        return switch (level) {
            case NOMINAL -> identity(k);
            case ORDINAL -> ordinal(k);
            case INTERVAL -> quadratic(values);
            case RATIO -> ratio(values);
        };
    }

    /**
     * The values mapped so that every difference and square stays finite while every ratio the measures use is
     * kept: interval data are shifted to the midpoint of their range and divided by its half-width (an affine
     * map, which leaves α and quadratic weights unchanged), ratio data are divided by the largest magnitude (a
     * pure scaling, which leaves (c − k)/(c + k) unchanged). Computed without forming max − min, which itself
     * can overflow.
     */
    public static double[] rescaled(double[] values, boolean ratio) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double mag = 0;
        for (double v : values) {
            if (Double.isNaN(v)) {
                continue;
            }
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
            mag = Math.max(mag, Math.abs(v));
        }
        double[] out = values.clone();
        if (!(lo <= hi) || Double.isInfinite(mag)) {
            return out;
        }
        if (ratio) {
            if (mag > 0) {
                for (int i = 0; i < out.length; i++) {
                    out[i] = out[i] / mag;
                }
            }
            return out;
        }
        double mid = lo / 2 + hi / 2;
        double half = hi / 2 - lo / 2;
        for (int i = 0; i < out.length; i++) {
            out[i] = half > 0 ? (out[i] - mid) / half : 0;
        }
        return out;
    }

    /** Half the range of the values, (max − min)/2, computed without overflow; 0 for fewer than two values. */
    public static double halfRange(double[] values) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return lo <= hi ? hi / 2 - lo / 2 : 0;
    }

    private static double[][] normalise(double[][] d, double max) {
        int k = d.length;
        double[][] w = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                w[i][j] = max == 0 ? (i == j ? 1 : 0) : 1 - d[i][j] / max;
            }
        }
        return w;
    }
}
