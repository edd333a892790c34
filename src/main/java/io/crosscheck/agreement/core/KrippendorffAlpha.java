package io.crosscheck.agreement.core;

import java.util.Arrays;

/**
 * Krippendorff's α for coded data with missing values, from the coincidence matrix (Krippendorff 2011,
 * "Computing Krippendorff's Alpha-Reliability"): α = 1 − D_o/D_e.
 *
 * <p>Units (items) with fewer than two values are not pairable and are ignored. The coincidences are never
 * materialised for nominal, ordinal and interval data: each unit contributes its disagreement through the
 * per-unit counts n_uc (nominal) or the first two moments of its values (interval; ordinal is interval on
 * the mid-ranks t_c = Σ_{g&lt;c} n_g + n_c/2 of the coincidence marginals, since
 * Σ_{g=c..k} n_g − (n_c+n_k)/2 = t_k − t_c), so the cost is O(N·m) plus O(K). Ratio data accumulate the
 * K × K coincidence matrix, O(N·m + Σ_u d_u² + K²) with d_u the distinct values in unit u.
 *
 * <p>Undefined results are NaN: no pairable values, or D_e = 0 (every pairable value in one category).
 */
public final class KrippendorffAlpha {

    /**
     * @param alpha                α = 1 − D_o/D_e, NaN if undefined
     * @param observedDisagreement D_o at the chosen level
     * @param expectedDisagreement D_e at the chosen level
     * @param observedAgreement    A_o = Σ_u Σ_c n_uc(n_uc−1)/(m_u−1) / n, the SPEC's percentAgreement (nominal)
     * @param pairableValues       n, the number of values in units with at least two values
     */
    public record Result(double alpha, double observedDisagreement, double expectedDisagreement,
            double observedAgreement, long pairableValues) {
    }

    private KrippendorffAlpha() {
    }

    /** α at the level, with the category codes 0..K−1 as the numeric values for interval and ratio. */
    public static Result compute(Ratings ratings, Level level) {
        return compute(ratings, level, null);
    }

    /**
     * α at the level. {@code categoryValues[c]} is the numeric value of category c for interval and ratio
     * (ignored for nominal and ordinal, where only the order of codes matters); null means the code itself.
     * Interval values are mapped affinely onto [−1, 1] and ratio values divided by their largest magnitude
     * before any difference is squared ({@link AgreementWeights#rescaled}): α is the same, and δ² cannot
     * overflow however large the labels are. D_o and D_e are scaled back to the labels' units (infinite if they
     * exceed the double range).
     */
    public static Result compute(Ratings ratings, Level level, double[] categoryValues) {
        int k = ratings.categories();
        double[] x = categoryValues;
        if (x == null) {
            x = new double[k];
            for (int c = 0; c < k; c++) {
                x[c] = c;
            }
        } else if (x.length < k) {
            throw new IllegalArgumentException("need " + k + " category values, got " + x.length);
        }
        double unitSquared = 1;
        if (level == Level.INTERVAL || level == Level.RATIO) {
            // α does not depend on the unit of measurement; rescaled values keep δ² finite near 1e200.
            if (level == Level.INTERVAL) {
                double half = AgreementWeights.halfRange(x);
                unitSquared = half > 0 ? half * half : 1;
            }
            x = AgreementWeights.rescaled(x, level == Level.RATIO);
        }
        Counts counts = countUnits(ratings, level == Level.INTERVAL ? x : null, level == Level.RATIO);
        long n = counts.n;
        if (n == 0) {
            return new Result(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double agreement = counts.agreeSum / n;
        double[] marg = counts.marginals;
        double dO;
        double dE;
        switch (level) {
            case NOMINAL -> {
                dO = 1.0 - agreement;
                double sumSq = 0;
                for (double nc : marg) {
                    sumSq += nc * nc;
                }
                dE = ((double) n * n - sumSq) / ((double) n * (n - 1));
            }
            case INTERVAL -> {
                dO = counts.momentSum / n;
                dE = spread(marg, x, n);
            }
            case ORDINAL -> {
                double[] t = new double[k];
                double below = 0;
                for (int c = 0; c < k; c++) {
                    t[c] = below + marg[c] / 2.0;
                    below += marg[c];
                }
                dO = countUnits(ratings, t, false).momentSum / n;
                dE = spread(marg, t, n);
            }
            case RATIO -> {
                double[][] o = counts.coincidences;
                double sumO = 0;
                double sumE = 0;
                for (int c = 0; c < k; c++) {
                    for (int d = c + 1; d < k; d++) {
                        double delta = ratioDelta(x[c], x[d]);
                        sumO += 2 * o[c][d] * delta;
                        sumE += 2 * marg[c] * marg[d] * delta;
                    }
                }
                dO = sumO / n;
                dE = sumE / ((double) n * (n - 1));
            }
            default -> throw new IllegalStateException(level.toString());
        }
        double alpha = dE == 0 || Double.isNaN(dE) ? Double.NaN : 1.0 - dO / dE;
        // D_o and D_e are reported in the labels' own units (callers combine them across calls); only α is
        // guaranteed finite for huge labels.
        return new Result(alpha, dO * unitSquared, dE * unitSquared, agreement, n);
    }

    /**
     * α on real values, {@code values[item * annotators + annotator]}, NaN where missing. The distinct values
     * become the ordered categories (an O(N log N) sort), with themselves as the numeric values for interval
     * and ratio differences.
     */
    public static Result computeValues(double[] values, int items, int annotators, Level level) {
        if ((long) items * annotators != values.length) {
            throw new IllegalArgumentException("expected " + (long) items * annotators + " values");
        }
        double[] distinct = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().distinct().toArray();
        int[] codes = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            codes[i] = Double.isNaN(values[i]) ? Ratings.MISSING : Arrays.binarySearch(distinct, values[i]);
        }
        return compute(Ratings.of(items, annotators, distinct.length, codes), level, distinct);
    }

    /** The K × K coincidence matrix o_ck = Σ_u n_uc n_uk' / (m_u − 1) (k' ≠ the same value), for reports. */
    public static double[][] coincidences(Ratings ratings) {
        return countUnits(ratings, null, true).coincidences;
    }

    /**
     * δ² of categories c and d at the level, from the pairable-value counts n and the category values x: the one copy
     * the per-item figures and the bootstrap sums share.
     */
    static double difference(Level level, int c, int d, double[] n, double[] x) {
        if (c == d) {
            return 0;
        }
        return switch (level) {
            case NOMINAL -> 1;
            case ORDINAL -> {
                int lo = Math.min(c, d);
                int hi = Math.max(c, d);
                double s = 0;
                for (int g = lo; g <= hi; g++) {
                    s += n[g];
                }
                double v = s - (n[c] + n[d]) / 2;
                yield v * v;
            }
            case INTERVAL -> (x[c] - x[d]) * (x[c] - x[d]);
            case RATIO -> ratioDelta(x[c], x[d]);
        };
    }

    /** Krippendorff's ratio difference ((a − b)/(a + b))², 0 where a = b. */
    static double ratioDelta(double a, double b) {
        if (a == b) {
            return 0;
        }
        double r = (a - b) / (a + b);
        return r * r;
    }

    private static double spread(double[] marg, double[] x, long n) {
        double sum = 0;
        for (int c = 0; c < marg.length; c++) {
            sum += marg[c] * x[c];
        }
        double mean = sum / n;
        double ss = 0;
        for (int c = 0; c < marg.length; c++) {
            double dev = x[c] - mean;
            ss += marg[c] * dev * dev;
        }
        return 2 * ss / (n - 1);
    }

    private static final class Counts {
        long n;
        double agreeSum;
        double momentSum;
        double[] marginals;
        double[][] coincidences;
    }

    /**
     * One pass over the units: pairable-value count, A_o numerator, marginals, and (if x is given) the
     * interval disagreement Σ_u 2(m_u S2 − S1²)/(m_u − 1) with S1, S2 the moments of x over the unit.
     */
    private static Counts countUnits(Ratings ratings, double[] x, boolean coincidences) {
        int m = ratings.annotators();
        int k = ratings.categories();
        int[] codes = ratings.codes();
        ItemTally tally = new ItemTally(ratings);
        int[] count = tally.count;
        int[] seen = tally.seen;
        Counts out = new Counts();
        double[] marg = new double[k];
        double[][] o = coincidences ? new double[k][k] : null;
        long n = 0;
        double agree = 0;
        double moment = 0;
        for (int base = 0, end = codes.length; base < end; base += m) {
            tally.tally(codes, base, m);
            int mu = tally.values;
            int d = tally.distinct;
            if (mu >= 2) {
                double w = 1.0 / (mu - 1);
                long same = 0;
                double s1 = 0;
                double s2 = 0;
                double ref = x == null ? 0 : x[seen[0]];
                for (int t = 0; t < d; t++) {
                    int c = seen[t];
                    int nc = count[c];
                    same += (long) nc * (nc - 1);
                    marg[c] += nc;
                    if (x != null) {
                        double v = x[c] - ref;
                        s1 += nc * v;
                        s2 += nc * v * v;
                    }
                    if (o != null) {
                        o[c][c] += nc * (nc - 1) * w;
                        for (int t2 = t + 1; t2 < d; t2++) {
                            int c2 = seen[t2];
                            double v = (double) nc * count[c2] * w;
                            o[c][c2] += v;
                            o[c2][c] += v;
                        }
                    }
                }
                agree += same * w;
                if (x != null && d > 1) {
                    moment += 2 * (mu * s2 - s1 * s1) * w;
                }
                n += mu;
            }
        }
        out.n = n;
        out.agreeSum = agree;
        out.momentSum = moment;
        out.marginals = marg;
        out.coincidences = o;
        return out;
    }
}
