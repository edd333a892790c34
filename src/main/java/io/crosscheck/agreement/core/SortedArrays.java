package io.crosscheck.agreement.core;

/** Binary search helpers over sorted primitive arrays (shared by the span measures and their loaders). */
public final class SortedArrays {

    private SortedArrays() {
    }

    /** The first index in {@code a[0, n)} whose value is not below {@code v} ({@code n} if none). */
    public static int lowerBound(long[] a, int n, long v) {
        return lowerBound(a, 0, n, v);
    }

    /** The first index in {@code a[from, to)} whose value is not below {@code v} ({@code to} if none). */
    public static int lowerBound(long[] a, int from, int to, long v) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    public static int lowerBound(long[] a, long v) {
        return lowerBound(a, a.length, v);
    }
}
