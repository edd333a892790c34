package io.crosscheck.agreement.core;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * Percentile bootstrap confidence intervals over items for any statistic that is a function of a multiset
 * of items (item-decomposable: α, κ, α_U, F1 …). Seeded, so a given seed reproduces the interval.
 *
 * <p>Replicate r draws its items from its own random stream, seeded with the r-th {@code nextLong()} of
 * {@code new SplittableRandom(seed)}: replicates are independent of each other and of the order they run in, so
 * large bootstraps run in parallel (blocks of replicates on the common fork-join pool) and the interval for a seed
 * is the same on any number of threads. Several statistics can share one draw per replicate
 * ({@link #percentiles}); each then gets the same resamples, as separate calls with the same seed would.
 *
 * <p>Statistics are called from several threads at once and must not share mutable state.
 *
 * <p>Example: {@code Bootstrap.percentile(r.items(), idx -> KrippendorffAlpha.compute(r.selectItems(idx),
 * Level.NOMINAL).alpha(), 0.95, 1000, 42)}.
 */
public final class Bootstrap {

    /** Below this many drawn items (items × replicates) the replicates run on the calling thread. */
    static final long PARALLEL_DRAWS = 200_000;

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

    /** Several statistics of one resample: fills {@code out[s]} for statistic s, NaN where undefined. */
    @FunctionalInterface
    public interface Statistics {
        void compute(int[] drawn, double[] out);
    }

    private Bootstrap() {
    }

    /**
     * Draws {@code replicates} resamples of {@code items} item indices with replacement and returns the
     * percentile interval (quantiles by linear interpolation between order statistics, R's type 7).
     *
     * @param statistic gets the item indices of one resample in draw order (repeats allowed), returns NaN if
     *                  undefined; it gets 0, 1, …, items − 1 for the estimate
     * @throws IllegalArgumentException if level is not in (0, 1) or replicates &lt; 1
     */
    public static Interval percentile(int items, ToDoubleFunction<int[]> statistic, double level, int replicates,
            long seed) {
        return percentiles(items, 1, (drawn, out) -> out[0] = statistic.applyAsDouble(drawn), level, replicates,
                seed)[0];
    }

    /**
     * The intervals of {@code count} statistics computed on the same resamples (one draw per replicate).
     *
     * @see #percentile
     */
    public static Interval[] percentiles(int items, int count, Statistics statistics, double level, int replicates,
            long seed) {
        if (!(level > 0 && level < 1) || replicates < 1) {
            throw new IllegalArgumentException("level must be in (0,1) and replicates >= 1");
        }
        Interval[] out = new Interval[count];
        if (items == 0) {
            Arrays.fill(out, new Interval(Double.NaN, Double.NaN, Double.NaN, level, replicates, 0));
            return out;
        }
        int[] all = new int[items];
        for (int i = 0; i < items; i++) {
            all[i] = i;
        }
        double[] estimate = new double[count];
        statistics.compute(all, estimate);
        double[] values = replicates(items, count, replicates, seed, () -> {
            int[] drawn = new int[items];
            return (draw, one) -> {
                for (int i = 0; i < items; i++) {
                    drawn[i] = draw.next();
                }
                statistics.compute(drawn, one);
            };
        });
        return intervals(estimate, values, count, level, replicates);
    }

    /**
     * The intervals of {@code count} statistics of a resample given as multiplicities of item classes (item i is of
     * class {@code classOf[i]}, e.g. its {@link ItemProfiles profile}): the statistic gets how often each class was
     * drawn. The same draws and so the same figures as {@link #percentiles} with a statistic that counts the drawn
     * items' classes first, without the buffer of drawn items.
     */
    public static Interval[] percentilesOfTimes(int[] classOf, int classes, int count, Statistics statistics,
            double level, int replicates, long seed) {
        if (!(level > 0 && level < 1) || replicates < 1) {
            throw new IllegalArgumentException("level must be in (0,1) and replicates >= 1");
        }
        int items = classOf.length;
        if (items == 0) {
            Interval[] out = new Interval[count];
            Arrays.fill(out, new Interval(Double.NaN, Double.NaN, Double.NaN, level, replicates, 0));
            return out;
        }
        int[] all = new int[classes];
        for (int c : classOf) {
            all[c]++;
        }
        double[] estimate = new double[count];
        statistics.compute(all, estimate);
        double[] values = replicates(items, count, replicates, seed, () -> {
            int[] times = new int[classes];
            return (draw, one) -> {
                Arrays.fill(times, 0);
                for (int i = 0; i < items; i++) {
                    times[classOf[draw.next()]]++;
                }
                statistics.compute(times, one);
            };
        });
        return intervals(estimate, values, count, level, replicates);
    }

    /** One replicate: draws from {@code draw} and writes the statistics into {@code out}. */
    private interface Replicate {
        void run(Draw draw, double[] out);
    }

    /**
     * The statistics of every replicate, {@code values[r * count + s]}. Blocks of replicates run in parallel on the
     * common pool once there are enough draws; each block makes one {@link Replicate} (its own buffers).
     */
    private static double[] replicates(int items, int count, int replicates, long seed,
            java.util.function.Supplier<Replicate> perBlock) {
        SplittableRandom root = new SplittableRandom(seed);
        long[] seeds = new long[replicates];
        for (int r = 0; r < replicates; r++) {
            seeds[r] = root.nextLong();
        }
        double[] values = new double[replicates * count];
        int threads = (long) items * replicates < PARALLEL_DRAWS ? 1
                : Math.min(replicates, Math.max(1, java.util.concurrent.ForkJoinPool.getCommonPoolParallelism()) * 4);
        // Blocks of replicates: each block reuses its buffers (a replicate of 200k items is a 0.8 MB array).
        IntStream blocks = IntStream.range(0, threads);
        (threads > 1 ? blocks.parallel() : blocks).forEach(b -> {
            Replicate replicate = perBlock.get();
            Draw draw = new Draw(items);
            double[] one = new double[count];
            for (int r = (int) ((long) replicates * b / threads); r < (long) replicates * (b + 1) / threads; r++) {
                draw.seed = seeds[r];
                replicate.run(draw, one);
                System.arraycopy(one, 0, values, r * count, count);
            }
        });
        return values;
    }

    /**
     * {@code new SplittableRandom(seed).nextInt(bound)} called again and again, draw for draw the same numbers
     * (SplittableRandom's seed step and mix, then the JDK's bounded draw: rejection on {@code u % bound}), with the
     * remainder taken by multiplication (Lemire's exact 32-bit fastmod) instead of a division per draw.
     */
    static final class Draw {
        private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
        private final int bound;
        private final int mask;
        private final boolean powerOfTwo;
        private final long magic;
        long seed;

        Draw(int bound) {
            this.bound = bound;
            this.mask = bound - 1;
            this.powerOfTwo = (bound & mask) == 0;
            this.magic = Long.divideUnsigned(-1L, bound) + 1;
        }

        int next() {
            int r = mix32(seed += GOLDEN_GAMMA);
            if (powerOfTwo) {
                return r & mask;
            }
            for (int u = r >>> 1; u + mask - (r = mod(u)) < 0; u = mix32(seed += GOLDEN_GAMMA) >>> 1) {
                // rejected: the draw would favour low remainders
            }
            return r;
        }

        /** u mod bound for 0 ≤ u < 2³¹: the high 64 bits of (magic·u mod 2⁶⁴)·bound, unsigned. */
        private int mod(int u) {
            long low = magic * u;
            return (int) (Math.multiplyHigh(low, bound) + ((low >> 63) & bound));
        }

        private static int mix32(long z) {
            z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
            return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
        }
    }

    private static Interval[] intervals(double[] estimate, double[] values, int count, double level, int replicates) {
        Interval[] out = new Interval[count];
        double[] sorted = new double[replicates];
        double tail = (1 - level) / 2;
        for (int s = 0; s < count; s++) {
            int defined = 0;
            for (int r = 0; r < replicates; r++) {
                double v = values[r * count + s];
                if (!Double.isNaN(v)) {
                    sorted[defined++] = v;
                }
            }
            if (defined == 0) {
                out[s] = new Interval(estimate[s], Double.NaN, Double.NaN, level, replicates, 0);
                continue;
            }
            Arrays.sort(sorted, 0, defined);
            out[s] = new Interval(estimate[s], quantile(sorted, defined, tail), quantile(sorted, defined, 1 - tail),
                    level, replicates, defined);
        }
        return out;
    }

    /** How often each of {@code items} items was drawn: the resample as multiplicities. */
    public static int[] times(int[] drawn, int items) {
        int[] times = new int[items];
        for (int i : drawn) {
            times[i]++;
        }
        return times;
    }

    /** Type-7 quantile of the first n sorted values. */
    static double quantile(double[] sorted, int n, double p) {
        double h = (n - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, n - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
