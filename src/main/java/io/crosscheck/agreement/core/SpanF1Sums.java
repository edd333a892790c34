package io.crosscheck.agreement.core;

import java.util.Arrays;

/**
 * Span F1 from per-item (per-document) counts, for the bootstrap. {@link SpanF1} pools each annotator pair's counts
 * over the items both did — |A|, |B|, exact matches, A's and B's overlap-matched spans, summed over labels — so each
 * item keeps those five counts for every pair who did it, and a resample's F1 is the pairs' F1 of the summed counts,
 * averaged over the defined pairs: {@link SpanF1#compute} of {@code spans.selectItems(drawn)}, exactly.
 */
public final class SpanF1Sums {

    private final int items;
    /** Distinct pairs (a · annotators + b, a &lt; b) that share an item, ascending: the order SpanF1 averages in. */
    private final long[] pairKeys;
    private final int[] entryFirst;
    private final int[] entryPair;
    /** Five counts per entry: sizeA, sizeB, exact, matchedA, matchedB. */
    private final long[] counts;

    private SpanF1Sums(int items, long[] pairKeys, int[] entryFirst, int[] entryPair, long[] counts) {
        this.items = items;
        this.pairKeys = pairKeys;
        this.entryFirst = entryFirst;
        this.entryPair = entryPair;
        this.counts = counts;
    }

    public static SpanF1Sums of(Spans spans) {
        int items = spans.items();
        int r = spans.annotators();
        int labels = spans.labels();
        SpanIndex index = spans.index();
        int[] cursor = new int[labels * r];
        for (int c = 0; c < labels; c++) {
            for (int a = 0; a < r; a++) {
                cursor[c * r + a] = index.from(c, a);
            }
        }
        int[] did = new int[r];
        int[] from = new int[labels * r];
        int[] to = new int[labels * r];
        int[] entryFirst = new int[items + 1];
        long[] keys = new long[16];
        long[] counts = new long[16 * 5];
        int n = 0;
        for (int i = 0; i < items; i++) {
            int ri = 0;
            for (int a = 0; a < r; a++) {
                if (spans.did(i, a)) {
                    did[ri++] = a;
                }
            }
            int end = spans.itemStart(i + 1);
            for (int c = 0; c < labels; c++) {
                for (int a = 0; a < r; a++) {
                    int at = c * r + a;
                    int lo = cursor[at];
                    int hi = lo;
                    int limit = index.to(c, a);
                    // Keys are sorted by continuum start; a span of this item starts before the next item's start
                    // (empty items hold none).
                    while (hi < limit && SpanIndex.start(index.keys[hi]) < end) {
                        hi++;
                    }
                    from[at] = lo;
                    to[at] = hi;
                    cursor[at] = hi;
                }
            }
            for (int x = 0; x < ri; x++) {
                for (int y = x + 1; y < ri; y++) {
                    int a = did[x];
                    int b = did[y];
                    if (n == keys.length) {
                        keys = Arrays.copyOf(keys, n * 2);
                        counts = Arrays.copyOf(counts, n * 2 * 5);
                    }
                    keys[n] = (long) a * r + b;
                    int o = n * 5;
                    for (int c = 0; c < labels; c++) {
                        int ka = c * r + a;
                        int kb = c * r + b;
                        counts[o] += to[ka] - from[ka];
                        counts[o + 1] += to[kb] - from[kb];
                        counts[o + 2] += SpanF1.intersection(index.keys, from[ka], to[ka], index.keys, from[kb], to[kb]);
                        counts[o + 3] += SpanF1.matched(index.keys, from[ka], to[ka], index.keys, from[kb], to[kb]);
                        counts[o + 4] += SpanF1.matched(index.keys, from[kb], to[kb], index.keys, from[ka], to[ka]);
                    }
                    n++;
                }
            }
            entryFirst[i + 1] = n;
        }
        long[] distinct = Arrays.copyOf(keys, n);
        Arrays.sort(distinct);
        int d = 0;
        for (int k = 0; k < n; k++) {
            if (k == 0 || distinct[k] != distinct[k - 1]) {
                distinct[d++] = distinct[k];
            }
        }
        long[] pairKeys = Arrays.copyOf(distinct, d);
        int[] entryPair = new int[n];
        for (int k = 0; k < n; k++) {
            entryPair[k] = Arrays.binarySearch(pairKeys, keys[k]);
        }
        return new SpanF1Sums(items, pairKeys, entryFirst, entryPair, Arrays.copyOf(counts, n * 5));
    }

    public int items() {
        return items;
    }

    /** {mean exact F1, mean overlap F1} over the defined pairs of the resample {@code drawn}; NaN where none. */
    public double[] f1(int[] drawn) {
        int[] times = Bootstrap.times(drawn, items);
        long[] sum = new long[pairKeys.length * 5];
        for (int i = 0; i < items; i++) {
            int t = times[i];
            if (t == 0) {
                continue;
            }
            for (int e = entryFirst[i]; e < entryFirst[i + 1]; e++) {
                int o = entryPair[e] * 5;
                for (int q = 0; q < 5; q++) {
                    sum[o + q] += t * counts[e * 5 + q];
                }
            }
        }
        double exact = 0;
        double overlap = 0;
        int definedExact = 0;
        int definedOverlap = 0;
        for (int p = 0; p < pairKeys.length; p++) {
            int o = p * 5;
            double[] f = SpanF1.f1(sum[o], sum[o + 1], sum[o + 2], sum[o + 3], sum[o + 4]);
            if (!Double.isNaN(f[0])) {
                exact += f[0];
                definedExact++;
            }
            if (!Double.isNaN(f[1])) {
                overlap += f[1];
                definedOverlap++;
            }
        }
        return new double[] {definedExact == 0 ? Double.NaN : exact / definedExact,
            definedOverlap == 0 ? Double.NaN : overlap / definedOverlap};
    }
}
