package io.crosscheck.agreement.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Span F1 between annotators, averaged over annotator pairs.
 *
 * <p>Per pair (A, B), counts pooled over the items both did:
 * <ul>
 * <li>exact: F1 = 2|A∩B| / (|A| + |B|), a match needing identical start, end and label;</li>
 * <li>overlap: a span is matched when the other annotator has a span with the same label sharing at least
 * one code point (touching is not overlapping; matching is not one-to-one); P = matched(B)/|B|,
 * R = matched(A)/|A|, F1 = 2PR/(P+R).</li>
 * </ul>
 * An annotator's identical spans count once. A pair where neither has a span on their common items (or
 * who have no common item) is undefined (NaN) and left out of the mean; where only one of them has spans
 * the F1 is 0. The figure is the unweighted mean over the defined pairs, NaN if none.
 * Per pair and label: a merge of the sorted span lists and a binary search per span, O(n log n).
 */
public final class SpanF1 {

    /** Counts and F1s of one annotator pair a &lt; b. */
    public record Pair(int a, int b, int spansA, int spansB, int exactMatches, int matchedA, int matchedB,
            double exactF1, double overlapF1) {
    }

    /**
     * @param exactF1   mean exact-boundary F1 over defined pairs
     * @param overlapF1 mean overlap F1 over defined pairs
     */
    public record Result(double exactF1, double overlapF1, List<Pair> pairs) {
    }

    private SpanF1() {
    }

    public static Result compute(Spans spans) {
        int r = spans.annotators();
        SpanIndex index = spans.index();
        List<Pair> pairs = new ArrayList<>();
        double sumExact = 0;
        double sumOverlap = 0;
        int definedExact = 0;
        int definedOverlap = 0;
        for (int a = 0; a < r; a++) {
            for (int b = a + 1; b < r; b++) {
                long sizeA = 0;
                long sizeB = 0;
                long exact = 0;
                long matchedA = 0;
                long matchedB = 0;
                for (int c = 0; c < spans.labels(); c++) {
                    long[] ka = slice(spans, index, c, a, b);
                    long[] kb = slice(spans, index, c, b, a);
                    sizeA += ka.length;
                    sizeB += kb.length;
                    exact += intersection(ka, kb);
                    matchedA += matched(ka, kb);
                    matchedB += matched(kb, ka);
                }
                double[] f = f1(sizeA, sizeB, exact, matchedA, matchedB);
                double exactF1 = f[0];
                double overlapF1 = f[1];
                pairs.add(new Pair(a, b, (int) sizeA, (int) sizeB, (int) exact, (int) matchedA, (int) matchedB,
                        exactF1, overlapF1));
                if (!Double.isNaN(exactF1)) {
                    sumExact += exactF1;
                    definedExact++;
                }
                if (!Double.isNaN(overlapF1)) {
                    sumOverlap += overlapF1;
                    definedOverlap++;
                }
            }
        }
        return new Result(definedExact == 0 ? Double.NaN : sumExact / definedExact,
                definedOverlap == 0 ? Double.NaN : sumOverlap / definedOverlap, pairs);
    }

    /** The annotator's sorted unique spans of the label on items the other annotator also did. */
    private static long[] slice(Spans spans, SpanIndex index, int label, int annotator, int other) {
        int lo = index.from(label, annotator);
        int hi = index.to(label, annotator);
        if (spans.complete()) {
            return Arrays.copyOfRange(index.keys, lo, hi);
        }
        long[] out = new long[hi - lo];
        int n = 0;
        for (int k = lo; k < hi; k++) {
            long key = index.keys[k];
            if (spans.did(spans.itemAt(SpanIndex.start(key)), other)) {
                out[n++] = key;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static long intersection(long[] a, long[] b) {
        return intersection(a, 0, a.length, b, 0, b.length);
    }

    /** Spans in both sorted ranges a[aFrom, aTo) and b[bFrom, bTo). */
    static long intersection(long[] a, int aFrom, int aTo, long[] b, int bFrom, int bTo) {
        long n = 0;
        int i = aFrom;
        int j = bFrom;
        while (i < aTo && j < bTo) {
            if (a[i] == b[j]) {
                n++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return n;
    }

    /** How many spans of a overlap some span of b; b sorted by start, scanned with a running max end. */
    private static long matched(long[] a, long[] b) {
        return matched(a, 0, a.length, b, 0, b.length);
    }

    /** The same on the sorted ranges a[aFrom, aTo) and b[bFrom, bTo). */
    static long matched(long[] a, int aFrom, int aTo, long[] b, int bFrom, int bTo) {
        int nb = bTo - bFrom;
        if (aTo == aFrom || nb == 0) {
            return 0;
        }
        int[] maxEnd = new int[nb];
        int m = Integer.MIN_VALUE;
        for (int k = 0; k < nb; k++) {
            m = Math.max(m, SpanIndex.end(b[bFrom + k]));
            maxEnd[k] = m;
        }
        long n = 0;
        for (int x = aFrom; x < aTo; x++) {
            long span = a[x];
            int s = SpanIndex.start(span);
            int e = SpanIndex.end(span);
            int before = SortedArrays.lowerBound(b, bFrom, bTo, SpanIndex.key(e, 0)) - bFrom;
            if (before > 0 && maxEnd[before - 1] > s) {
                n++;
            }
        }
        return n;
    }

    /**
     * F1 of one pair's pooled counts (|A|, |B|, exact matches, A's and B's overlap-matched spans): {exact, overlap};
     * NaN where neither has a span. Public for readers that pool the counts themselves (annotator quality).
     */
    public static double[] f1(long sizeA, long sizeB, long exact, long matchedA, long matchedB) {
        double exactF1 = sizeA + sizeB == 0 ? Double.NaN : 2.0 * exact / (sizeA + sizeB);
        double overlapF1;
        if (sizeA + sizeB == 0) {
            overlapF1 = Double.NaN;
        } else if (sizeA == 0 || sizeB == 0) {
            overlapF1 = 0;
        } else {
            double p = (double) matchedB / sizeB;
            double rec = (double) matchedA / sizeA;
            overlapF1 = p + rec == 0 ? 0 : 2 * p * rec / (p + rec);
        }
        return new double[] {exactF1, overlapF1};
    }

}
