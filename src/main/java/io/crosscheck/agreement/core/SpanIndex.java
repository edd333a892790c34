package io.crosscheck.agreement.core;

import java.util.Arrays;

/**
 * Spans bucketed by (label, annotator), each bucket sorted by continuum start then end and free of exact
 * duplicates; a key packs start (high 32 bits) and end (low 32 bits) of one span on the continuum.
 */
final class SpanIndex {

    final int annotators;
    /** Bucket b = label * annotators + annotator holds keys[from[b] .. from[b + 1]). */
    final int[] from;
    final long[] keys;

    private SpanIndex(int annotators, int[] from, long[] keys) {
        this.annotators = annotators;
        this.from = from;
        this.keys = keys;
    }

    static SpanIndex of(Spans spans, int[] item, int[] start, int[] end, int[] label, int[] annotator) {
        int r = spans.annotators();
        int buckets = spans.labels() * r;
        int[] from = new int[buckets + 1];
        for (int s = 0; s < item.length; s++) {
            from[label[s] * r + annotator[s] + 1]++;
        }
        for (int b = 0; b < buckets; b++) {
            from[b + 1] += from[b];
        }
        int[] fill = Arrays.copyOf(from, buckets);
        long[] keys = new long[item.length];
        for (int s = 0; s < item.length; s++) {
            int base = spans.itemStart(item[s]);
            keys[fill[label[s] * r + annotator[s]]++] = key(base + start[s], base + end[s]);
        }
        int out = 0;
        int[] compact = new int[buckets + 1];
        for (int b = 0; b < buckets; b++) {
            int lo = from[b];
            int hi = from[b + 1];
            Arrays.sort(keys, lo, hi);
            compact[b] = out;
            for (int i = lo; i < hi; i++) {
                if (i == lo || keys[i] != keys[i - 1]) {
                    keys[out++] = keys[i];
                }
            }
        }
        compact[buckets] = out;
        return new SpanIndex(r, compact, Arrays.copyOf(keys, out));
    }

    static long key(int start, int end) {
        return ((long) start << 32) | end;
    }

    static int start(long key) {
        return (int) (key >>> 32);
    }

    static int end(long key) {
        return (int) key;
    }

    int from(int label, int annotator) {
        return from[label * annotators + annotator];
    }

    int to(int label, int annotator) {
        return from[label * annotators + annotator + 1];
    }
}
