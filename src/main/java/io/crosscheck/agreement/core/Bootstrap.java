package io.crosscheck.agreement.core;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Percentile bootstrap confidence intervals over items for any statistic that is a function of a multiset
 * of items (item-decomposable: α, κ, α_U, F1 …). Seeded, so a given seed reproduces the interval.
 *
 * <p>Example: {@code Bootstrap.percentile(r.items(), idx -> KrippendorffAlpha.compute(r.selectItems(idx),
 * Level.NOMINAL).alpha(), 0.95, 1000, 42)}.
 */
public final class Bootstrap {

    /**
     * @param estimate   the statistic on all items
     * @param lower      the (1−level)/2 quantile of the defined replicates, NaN if none is defined
     * @param upper      the (1+level)/2 quantile of the defined replicates
     * @param level      the confidence level asked for
     * @param replicates replicates drawn
     * @param defined    replicates whose statistic was defined (not NaN); undefined ones are dropped
     */
    public record Interval(double estimate, double lower, double upper, double level, int replicates,
            int defined) {
    }

    private Bootstrap() {
    }

    /**
     * Draws {@code replicates} resamples of {@code items} item indices with replacement and returns the
     * percentile interval (quantiles by linear interpolation between order statistics, R's type 7).
     *
     * @param statistic gets the item indices of one resample (repeats allowed), returns NaN if undefined
     * @throws IllegalArgumentException if level is not in (0, 1) or replicates &lt; 1
     */
    public static Interval percentile(int items, ToDoubleFunction<int[]> statistic, double level, int replicates,
            long seed) {
        if (!(level > 0 && level < 1) || replicates < 1) {
            throw new IllegalArgumentException("level must be in (0,1) and replicates >= 1");
        }
        int[] all = new int[items];
        for (int i = 0; i < items; i++) {
            all[i] = i;
        }
        double estimate = items == 0 ? Double.NaN : statistic.applyAsDouble(all);
        if (items == 0) {
            return new Interval(estimate, Double.NaN, Double.NaN, level, replicates, 0);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[replicates];
        int defined = 0;
        int[] sample = new int[items];
        for (int rep = 0; rep < replicates; rep++) {
            for (int i = 0; i < items; i++) {
                sample[i] = random.nextInt(items);
            }
            double v = statistic.applyAsDouble(sample);
            if (!Double.isNaN(v)) {
                values[defined++] = v;
            }
        }
        if (defined == 0) {
            return new Interval(estimate, Double.NaN, Double.NaN, level, replicates, 0);
        }
        Arrays.sort(values, 0, defined);
        double tail = (1 - level) / 2;
        return new Interval(estimate, quantile(values, defined, tail), quantile(values, defined, 1 - tail), level,
                replicates, defined);
    }

    /** Type-7 quantile of the first n sorted values. */
    static double quantile(double[] sorted, int n, double p) {
        double h = (n - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, n - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
