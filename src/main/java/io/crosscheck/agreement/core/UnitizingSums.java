package io.crosscheck.agreement.core;

import java.util.Arrays;

/**
 * Krippendorff's α_U from per-item (per-document) sufficient statistics, for the bootstrap: a replicate's α_U is
 * {@link UnitizingAlpha#compute} of the resampled items ({@code spans.selectItems(drawn)}) — the same figure, to
 * rounding — without rebuilding the spans, re-sorting or re-merging them.
 *
 * <p>What each item keeps, per label c (only items that two annotators or more did: the others pair with nothing):
 * <ul>
 * <li>for D_o: Σ δ² over the annotator pairs who both did the item (overlaps never cross items, so the merge sweep of
 * the whole continuum is the sum of the items' sweeps), and the item's share of the normalisers,
 * R_i(R_i − 1)L_i and R_i L_i;</li>
 * <li>for D_e's unit terms: the number of units, Σ l(l − 1), Σ l(l − 1)(2l − 1)/3 and each unit's length;</li>
 * <li>for D_e's gap term Σ_units l² Σ_{gaps g ≥ l} (g − l + 1): the gaps inside the item, between two units of one
 * annotator, and for each annotator the distance from the item's start to their first unit and from their last unit
 * to its end (or that they have none on it).</li>
 * </ul>
 * An annotator's gaps are taken on their own continuum, so a gap can run across items: from the last unit on one item
 * they did to the first unit on a later one. A replicate joins those boundary pieces in draw order (the order
 * {@code selectItems} lays the resampled items out in), O(drawn items × their annotators × labels); everything else is
 * a sum over the drawn items' statistics, weighted by how often each was drawn. The gap term is then one pass over the
 * label's distinct unit lengths: gaps are counted in buckets by the longest unit length they still fit
 * (Σ_{g ≥ l} (g − l + 1) = Σ g − (l − 1)·#g over the buckets at or above l).
 */
public final class UnitizingSums {

    private final int items;
    private final int labels;
    private final int annotators;
    private final boolean[] pairable;
    private final long[] itemLength;
    private final double[] pairs;
    private final double[] values;
    // Per item × label (index i * labels + c).
    private final double[] observed;
    private final long[] unitCount;
    private final double[] squared;
    private final double[] cubic;
    private final int[] unitFirst;
    private final int[] unitLength;
    private final int[] unitTimes;
    private final int[] gapFirst;
    private final int[] gapBucket;
    /** Σ of the gap lengths in the entry's bucket, and how many gaps that is. */
    private final long[] gapLength;
    private final long[] gapTimes;
    // Per item: who did it (CSR); per (did entry × label): distance to the first unit (−1: none) and from the last.
    private final int[] didFirst;
    private final int[] didAnn;
    private final long[] lead;
    private final long[] trail;
    // Per label: the distinct unit lengths, ascending.
    private final long[][] lengths;

    private UnitizingSums(Builder b) {
        this.items = b.items;
        this.labels = b.labels;
        this.annotators = b.annotators;
        this.pairable = b.pairable;
        this.itemLength = b.itemLength;
        this.pairs = b.pairs;
        this.values = b.values;
        this.observed = b.observed;
        this.unitCount = b.unitCount;
        this.squared = b.squared;
        this.cubic = b.cubic;
        this.unitFirst = b.unitFirst;
        this.unitLength = b.unitIdx;
        this.unitTimes = b.unitTimes;
        this.gapFirst = b.gapFirst;
        this.gapBucket = b.gapBucketArr;
        this.gapLength = b.gapLengthArr;
        this.gapTimes = b.gapTimes;
        this.didFirst = b.didFirst;
        this.didAnn = b.didAnn;
        this.lead = b.lead;
        this.trail = b.trail;
        this.lengths = b.lengths;
    }

    /** The items' statistics: O(n log n) for n spans, as one {@link UnitizingAlpha#compute}. */
    public static UnitizingSums of(Spans spans) {
        return new UnitizingSums(new Builder(spans));
    }

    public int items() {
        return items;
    }

    /** α_U of the resample {@code drawn} (item indices in draw order, repeats allowed); NaN where undefined. */
    public double alpha(int[] drawn) {
        return result(drawn).alpha();
    }

    /** α_U, per label α_U^c, D_o^c and D_e^c of the resample, as {@link UnitizingAlpha#compute} reports them. */
    public UnitizingAlpha.Result result(int[] drawn) {
        int[] times = Bootstrap.times(drawn, items);
        double p = 0;
        double n = 0;
        double l = 0;
        double[] obs = new double[labels];
        long[] nc = new long[labels];
        double[] sq = new double[labels];
        double[] cub = new double[labels];
        long[][] unitsOf = new long[labels][];
        long[][] gapCount = new long[labels][];
        long[][] gapSum = new long[labels][];
        for (int c = 0; c < labels; c++) {
            unitsOf[c] = new long[lengths[c].length];
            gapCount[c] = new long[lengths[c].length];
            gapSum[c] = new long[lengths[c].length];
        }
        for (int i = 0; i < items; i++) {
            int t = times[i];
            if (t == 0 || !pairable[i]) {
                continue;
            }
            p += t * pairs[i];
            n += t * values[i];
            l += (double) t * itemLength[i];
            for (int c = 0; c < labels; c++) {
                int ic = i * labels + c;
                obs[c] += t * observed[ic];
                nc[c] += t * unitCount[ic];
                sq[c] += t * squared[ic];
                cub[c] += t * cubic[ic];
                long[] u = unitsOf[c];
                for (int j = unitFirst[ic]; j < unitFirst[ic + 1]; j++) {
                    u[unitLength[j]] += (long) t * unitTimes[j];
                }
                long[] gc = gapCount[c];
                long[] gs = gapSum[c];
                for (int j = gapFirst[ic]; j < gapFirst[ic + 1]; j++) {
                    gc[gapBucket[j]] += t * gapTimes[j];
                    gs[gapBucket[j]] += t * gapLength[j];
                }
            }
        }
        // The gaps that run across items, in draw order: each annotator's open gap since their last unit.
        long[] open = new long[labels * annotators];
        for (int i : drawn) {
            if (!pairable[i]) {
                continue;
            }
            for (int j = didFirst[i]; j < didFirst[i + 1]; j++) {
                int a = didAnn[j];
                for (int c = 0; c < labels; c++) {
                    int at = c * annotators + a;
                    long first = lead[j * labels + c];
                    if (first < 0) {
                        open[at] += itemLength[i];
                    } else {
                        addGap(lengths[c], gapCount[c], gapSum[c], open[at] + first);
                        open[at] = trail[j * labels + c];
                    }
                }
            }
        }
        for (int c = 0; c < labels; c++) {
            for (int a = 0; a < annotators; a++) {
                addGap(lengths[c], gapCount[c], gapSum[c], open[c * annotators + a]);
            }
        }
        double[] dO = new double[labels];
        double[] dE = new double[labels];
        for (int c = 0; c < labels; c++) {
            dO[c] = 2 * obs[c] / (p * l);
            dE[c] = nc[c] == 0 ? 0 : expected(lengths[c], unitsOf[c], gapCount[c], gapSum[c], nc[c], cub[c])
                    * (2.0 / l) / (n * (n - 1) - sq[c]);
        }
        return UnitizingAlpha.result(dO, dE);
    }

    /** Σ_units [(N_c − 1) l(l−1)(2l−1)/3 + l² Σ_{gaps g ≥ l} (g − l + 1)], from the bucketed units and gaps. */
    private static double expected(long[] lengths, long[] units, long[] gapCount, long[] gapSum, long nc, double cubic) {
        double sum = (nc - 1.0) * cubic;
        long count = 0;
        long total = 0;
        for (int k = lengths.length - 1; k >= 0; k--) {
            count += gapCount[k];
            total += gapSum[k];
            if (units[k] != 0) {
                double len = lengths[k];
                sum += units[k] * len * len * (total - (double) count * (lengths[k] - 1));
            }
        }
        return sum;
    }

    /** Counts a gap in the bucket of the longest unit length it fits; a gap shorter than every unit fits none. */
    private static void addGap(long[] lengths, long[] count, long[] sum, long gap) {
        if (gap <= 0) {
            return;
        }
        int b = bucket(lengths, gap);
        if (b >= 0) {
            count[b]++;
            sum[b] += gap;
        }
    }

    /** Index of the largest length ≤ gap, −1 if none. */
    private static int bucket(long[] lengths, long gap) {
        int last = lengths.length - 1;
        if (last >= 0 && gap >= lengths[last]) {
            return last; // the usual case: a gap longer than every unit
        }
        int lo = 0;
        int hi = lengths.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (lengths[mid] <= gap) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - 1;
    }

    /** Two passes over the merged units of every (label, annotator): lengths first, then the per-item statistics. */
    private static final class Builder {
        final int items;
        final int labels;
        final int annotators;
        final boolean[] pairable;
        final long[] itemLength;
        final double[] pairs;
        final double[] values;
        final double[] observed;
        final long[] unitCount;
        final double[] squared;
        final double[] cubic;
        final int[] unitFirst;
        int[] unitIdx;
        int[] unitTimes;
        final int[] gapFirst;
        int[] gapBucketArr;
        long[] gapLengthArr;
        long[] gapTimes;
        final int[] didFirst;
        final int[] didAnn;
        final long[] lead;
        final long[] trail;
        final long[][] lengths;

        Builder(Spans spans) {
            items = spans.items();
            labels = spans.labels();
            annotators = spans.annotators();
            int r = annotators;
            pairable = new boolean[items];
            itemLength = new long[items];
            pairs = new double[items];
            values = new double[items];
            didFirst = new int[items + 1];
            int[] did = new int[Math.max(16, items * Math.min(r, 4))];
            int nd = 0;
            for (int i = 0; i < items; i++) {
                int ri = 0;
                for (int a = 0; a < r; a++) {
                    if (spans.did(i, a)) {
                        if (nd == did.length) {
                            did = Arrays.copyOf(did, nd * 2);
                        }
                        did[nd++] = a;
                        ri++;
                    }
                }
                didFirst[i + 1] = nd;
                itemLength[i] = spans.itemLength(i);
                // As UnitizingAlpha: complete coverage keeps every item (with one annotator D_o is undefined anyway).
                pairable[i] = ri >= 2 || spans.complete();
                pairs[i] = (double) ri * (ri - 1) * itemLength[i];
                values[i] = (double) ri * itemLength[i];
            }
            didAnn = Arrays.copyOf(did, nd);

            // Merged units of each (label, annotator) and the item each lies on.
            SpanIndex index = spans.index();
            long[][] units = new long[labels * r][];
            int[][] unitItem = new int[labels * r][];
            lengths = new long[labels][];
            for (int c = 0; c < labels; c++) {
                long[] all = new long[0];
                int na = 0;
                for (int a = 0; a < r; a++) {
                    long[] u = UnitizingAlpha.merged(index.keys, index.from(c, a), index.to(c, a));
                    int[] it = new int[u.length];
                    int item = 0;
                    for (int k = 0; k < u.length; k++) {
                        int s = SpanIndex.start(u[k]);
                        while (spans.itemStart(item + 1) <= s) {
                            item++;
                        }
                        it[k] = item;
                    }
                    units[c * r + a] = u;
                    unitItem[c * r + a] = it;
                    if (na + u.length > all.length) {
                        all = Arrays.copyOf(all, Math.max(all.length * 2, na + u.length));
                    }
                    for (int k = 0; k < u.length; k++) {
                        if (pairable[it[k]]) {
                            all[na++] = SpanIndex.end(u[k]) - (long) SpanIndex.start(u[k]);
                        }
                    }
                }
                Arrays.sort(all, 0, na);
                int distinct = 0;
                for (int k = 0; k < na; k++) {
                    if (k == 0 || all[k] != all[k - 1]) {
                        all[distinct++] = all[k];
                    }
                }
                lengths[c] = Arrays.copyOf(all, distinct);
            }

            observed = new double[items * labels];
            unitCount = new long[items * labels];
            squared = new double[items * labels];
            cubic = new double[items * labels];
            unitFirst = new int[items * labels + 1];
            gapFirst = new int[items * labels + 1];
            unitIdx = new int[Math.max(16, spans.size())];
            gapBucketArr = new int[Math.max(16, spans.size())];
            gapLengthArr = new long[gapBucketArr.length];
            unitTimes = new int[unitIdx.length];
            gapTimes = new long[gapBucketArr.length];
            lead = new long[nd * labels];
            trail = new long[nd * labels];
            int nu = 0;
            int ng = 0;
            int[] cursor = new int[labels * r];
            int[] from = new int[r];
            int[] to = new int[r];
            for (int i = 0; i < items; i++) {
                long base = spans.itemStart(i);
                for (int c = 0; c < labels; c++) {
                    int ic = i * labels + c;
                    long[] lc = lengths[c];
                    for (int j = didFirst[i]; j < didFirst[i + 1]; j++) {
                        int a = didAnn[j];
                        int at = c * r + a;
                        int[] it = unitItem[at];
                        int lo = cursor[at];
                        while (lo < it.length && it[lo] < i) {
                            lo++; // cannot happen (a span on an item means the annotator did it); stay in step
                        }
                        int hi = lo;
                        while (hi < it.length && it[hi] == i) {
                            hi++;
                        }
                        cursor[at] = hi;
                        from[a] = lo;
                        to[a] = hi;
                        if (!pairable[i]) {
                            continue;
                        }
                        long[] u = units[at];
                        if (lo == hi) {
                            lead[j * labels + c] = -1;
                            continue;
                        }
                        lead[j * labels + c] = SpanIndex.start(u[lo]) - base;
                        trail[j * labels + c] = base + itemLength[i] - SpanIndex.end(u[hi - 1]);
                        for (int k = lo; k < hi; k++) {
                            long len = SpanIndex.end(u[k]) - (long) SpanIndex.start(u[k]);
                            unitCount[ic]++;
                            squared[ic] += (double) len * (len - 1);
                            cubic[ic] += (double) len * (len - 1) * (2 * len - 1) / 3.0;
                            if (nu == unitIdx.length) {
                                unitIdx = Arrays.copyOf(unitIdx, nu * 2);
                                unitTimes = Arrays.copyOf(unitTimes, nu * 2);
                            }
                            unitIdx[nu++] = Arrays.binarySearch(lc, len);
                            if (k > lo) {
                                long gap = SpanIndex.start(u[k]) - (long) SpanIndex.end(u[k - 1]);
                                int b = gap > 0 ? bucket(lc, gap) : -1;
                                if (b >= 0) {
                                    if (ng == gapBucketArr.length) {
                                        gapBucketArr = Arrays.copyOf(gapBucketArr, ng * 2);
                                        gapLengthArr = Arrays.copyOf(gapLengthArr, ng * 2);
                                        gapTimes = Arrays.copyOf(gapTimes, ng * 2);
                                    }
                                    gapBucketArr[ng] = b;
                                    gapLengthArr[ng++] = gap;
                                }
                            }
                        }
                    }
                    if (pairable[i]) {
                        double sum = 0;
                        for (int x = didFirst[i]; x < didFirst[i + 1]; x++) {
                            for (int y = x + 1; y < didFirst[i + 1]; y++) {
                                int a = didAnn[x];
                                int b = didAnn[y];
                                sum += UnitizingAlpha.pairDisagreement(units[c * r + a], from[a], to[a],
                                        units[c * r + b], from[b], to[b]);
                            }
                        }
                        observed[ic] = sum;
                    }
                    // One entry per distinct unit length and per gap bucket of the item and label (with the bench's
                    // spans: ≤ 10 lengths, and almost every gap longer than every unit, so one bucket).
                    nu = compactUnits(unitFirst[ic], nu, lc.length);
                    ng = compactGaps(gapFirst[ic], ng, lc.length);
                    unitFirst[ic + 1] = nu;
                    gapFirst[ic + 1] = ng;
                }
            }
            unitIdx = Arrays.copyOf(unitIdx, nu);
            unitTimes = Arrays.copyOf(unitTimes, nu);
            gapBucketArr = Arrays.copyOf(gapBucketArr, ng);
            gapLengthArr = Arrays.copyOf(gapLengthArr, ng);
            gapTimes = Arrays.copyOf(gapTimes, ng);
        }

        private long[] unitScratch = new long[0];
        private long[] gapScratchCount = new long[0];
        private long[] gapScratchSum = new long[0];

        /** Entries [from, to) of one item and label → one (length, times) entry per distinct length; the new end. */
        private int compactUnits(int from, int to, int distinct) {
            if (unitScratch.length < distinct) {
                unitScratch = new long[distinct];
            }
            for (int j = from; j < to; j++) {
                unitScratch[unitIdx[j]]++;
            }
            int out = from;
            for (int j = from; j < to; j++) {
                int k = unitIdx[j];
                if (unitScratch[k] > 0) {
                    unitIdx[out] = k;
                    unitTimes[out++] = (int) unitScratch[k];
                    unitScratch[k] = 0;
                }
            }
            return out;
        }

        /** Entries [from, to) of one item and label → one (bucket, times, Σ length) entry per bucket; the new end. */
        private int compactGaps(int from, int to, int distinct) {
            if (gapScratchCount.length < distinct) {
                gapScratchCount = new long[distinct];
                gapScratchSum = new long[distinct];
            }
            for (int j = from; j < to; j++) {
                gapScratchCount[gapBucketArr[j]]++;
                gapScratchSum[gapBucketArr[j]] += gapLengthArr[j];
            }
            int out = from;
            for (int j = from; j < to; j++) {
                int b = gapBucketArr[j];
                if (gapScratchCount[b] > 0) {
                    gapBucketArr[out] = b;
                    gapTimes[out] = gapScratchCount[b];
                    gapLengthArr[out++] = gapScratchSum[b];
                    gapScratchCount[b] = 0;
                    gapScratchSum[b] = 0;
                }
            }
            return out;
        }
    }
}
