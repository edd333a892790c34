package io.crosscheck.agreement.core;

import java.util.Arrays;

/**
 * The spans of one layer on a list of items (documents), laid end to end as one continuum of code points:
 * the input of {@link UnitizingAlpha} and {@link SpanF1}.
 *
 * <p>Offsets are code points relative to the item, end exclusive. Spans are clamped to the item; empty spans
 * are dropped. {@code did[item * annotators + annotator]} says who worked on an item (with or without spans);
 * null means everyone did every item. An annotator with a span on an item counts as having done it. The
 * whole continuum must stay below 2³¹ code points.
 */
public final class Spans {

    private final int annotators;
    private final int labels;
    private final int[] itemLength;
    private final int[] itemStart;
    private final boolean[] did;
    private final int[] item;
    private final int[] start;
    private final int[] end;
    private final int[] label;
    private final int[] annotator;
    private SpanIndex index;

    private Spans(int annotators, int labels, int[] itemLength, boolean[] did, int[] item, int[] start,
            int[] end, int[] label, int[] annotator) {
        this.annotators = annotators;
        this.labels = labels;
        this.itemLength = itemLength;
        this.did = did;
        this.item = item;
        this.start = start;
        this.end = end;
        this.label = label;
        this.annotator = annotator;
        this.itemStart = new int[itemLength.length + 1];
        long pos = 0;
        for (int i = 0; i < itemLength.length; i++) {
            itemStart[i] = (int) pos;
            pos += itemLength[i];
            if (pos > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("continuum longer than 2^31-1 code points");
            }
        }
        itemStart[itemLength.length] = (int) pos;
    }

    /**
     * Spans from parallel arrays (one entry per span). The arrays are copied.
     *
     * @param itemLengths length of each item in code points
     * @param did         item-major coverage matrix, or null when every annotator did every item
     * @throws IllegalArgumentException on an index out of range or arrays of different lengths
     */
    public static Spans of(int[] itemLengths, int annotators, int labels, boolean[] did, int[] item, int[] start,
            int[] end, int[] label, int[] annotator) {
        int n = item.length;
        if (start.length != n || end.length != n || label.length != n || annotator.length != n) {
            throw new IllegalArgumentException("span arrays differ in length");
        }
        int items = itemLengths.length;
        if (did != null && did.length != items * annotators) {
            throw new IllegalArgumentException("did must have items × annotators entries");
        }
        boolean[] coverage = did == null ? null : did.clone();
        int[] it = new int[n];
        int[] st = new int[n];
        int[] en = new int[n];
        int[] la = new int[n];
        int[] an = new int[n];
        int kept = 0;
        for (int s = 0; s < n; s++) {
            int i = item[s];
            if (i < 0 || i >= items) {
                throw new IllegalArgumentException("span " + s + ": item " + i + " out of range");
            }
            if (label[s] < 0 || label[s] >= labels) {
                throw new IllegalArgumentException("span " + s + ": label " + label[s] + " out of range");
            }
            if (annotator[s] < 0 || annotator[s] >= annotators) {
                throw new IllegalArgumentException("span " + s + ": annotator " + annotator[s] + " out of range");
            }
            int b = Math.max(0, Math.min(start[s], itemLengths[i]));
            int e = Math.max(0, Math.min(end[s], itemLengths[i]));
            if (coverage != null) {
                coverage[i * annotators + annotator[s]] = true;
            }
            if (e <= b) {
                continue;
            }
            it[kept] = i;
            st[kept] = b;
            en[kept] = e;
            la[kept] = label[s];
            an[kept] = annotator[s];
            kept++;
        }
        if (coverage != null && allTrue(coverage)) {
            coverage = null;
        }
        return new Spans(annotators, labels, itemLengths.clone(), coverage, Arrays.copyOf(it, kept),
                Arrays.copyOf(st, kept), Arrays.copyOf(en, kept), Arrays.copyOf(la, kept), Arrays.copyOf(an, kept));
    }

    /** A builder for small inputs and tests. */
    public static Builder builder(int annotators, int labels) {
        return new Builder(annotators, labels);
    }

    public int items() {
        return itemLength.length;
    }

    public int annotators() {
        return annotators;
    }

    public int labels() {
        return labels;
    }

    /** Number of non-empty spans kept. */
    public int size() {
        return item.length;
    }

    /** Length of the continuum: all items end to end. */
    public long continuumLength() {
        return itemStart[itemLength.length];
    }

    public int itemLength(int i) {
        return itemLength[i];
    }

    /** Whether the annotator worked on the item. */
    public boolean did(int i, int a) {
        return did == null || did[i * annotators + a];
    }

    /** True when every annotator did every item. */
    public boolean complete() {
        return did == null;
    }

    /** The items at the given indices, repeats allowed (a bootstrap resample), with their spans. */
    public Spans selectItems(int[] itemIndices) {
        int items = itemLength.length;
        int[] first = new int[items + 1];
        for (int i : item) {
            first[i + 1]++;
        }
        for (int i = 0; i < items; i++) {
            first[i + 1] += first[i];
        }
        int[] order = new int[item.length];
        int[] fill = first.clone();
        for (int s = 0; s < item.length; s++) {
            order[fill[item[s]]++] = s;
        }
        int total = 0;
        for (int i : itemIndices) {
            total += first[i + 1] - first[i];
        }
        int[] lengths = new int[itemIndices.length];
        boolean[] cov = did == null ? null : new boolean[itemIndices.length * annotators];
        int[] it = new int[total];
        int[] st = new int[total];
        int[] en = new int[total];
        int[] la = new int[total];
        int[] an = new int[total];
        int k = 0;
        for (int j = 0; j < itemIndices.length; j++) {
            int i = itemIndices[j];
            lengths[j] = itemLength[i];
            if (cov != null) {
                System.arraycopy(did, i * annotators, cov, j * annotators, annotators);
            }
            for (int p = first[i]; p < first[i + 1]; p++) {
                int s = order[p];
                it[k] = j;
                st[k] = start[s];
                en[k] = end[s];
                la[k] = label[s];
                an[k] = annotator[s];
                k++;
            }
        }
        return new Spans(annotators, labels, lengths, cov, it, st, en, la, an);
    }

    /** Start of the item on the continuum. */
    int itemStart(int i) {
        return itemStart[i];
    }

    /** The item holding continuum position pos. */
    int itemAt(int pos) {
        int i = Arrays.binarySearch(itemStart, pos);
        if (i < 0) {
            return -i - 2;
        }
        while (i + 1 < itemStart.length && itemStart[i + 1] == pos) {
            i++;
        }
        return i;
    }

    SpanIndex index() {
        SpanIndex idx = index;
        if (idx == null) {
            idx = SpanIndex.of(this, item, start, end, label, annotator);
            index = idx;
        }
        return idx;
    }

    private static boolean allTrue(boolean[] b) {
        for (boolean x : b) {
            if (!x) {
                return false;
            }
        }
        return true;
    }

    /** Collects items, coverage and spans one at a time. */
    public static final class Builder {
        private final int annotators;
        private final int labels;
        private int[] lengths = new int[16];
        private int items;
        private boolean[] did = new boolean[16];
        private int[][] cols = new int[5][64];
        private int n;

        private Builder(int annotators, int labels) {
            this.annotators = annotators;
            this.labels = labels;
            this.did = new boolean[16 * Math.max(1, annotators)];
        }

        /** Adds an item of the given length; returns its index. */
        public int item(int length) {
            if (items == lengths.length) {
                lengths = Arrays.copyOf(lengths, items * 2);
            }
            if ((items + 1) * annotators > did.length) {
                did = Arrays.copyOf(did, Math.max(did.length * 2, (items + 1) * annotators));
            }
            lengths[items] = length;
            return items++;
        }

        /** Records that the annotator worked on the item (needed only where they marked no span). */
        public Builder done(int item, int annotator) {
            did[item * annotators + annotator] = true;
            return this;
        }

        /** Records that every annotator worked on every item added so far. */
        public Builder allDone() {
            Arrays.fill(did, 0, items * annotators, true);
            return this;
        }

        /** Adds a span [start, end) with the label by the annotator on the item. */
        public Builder span(int item, int start, int end, int label, int annotator) {
            if (n == cols[0].length) {
                for (int c = 0; c < cols.length; c++) {
                    cols[c] = Arrays.copyOf(cols[c], n * 2);
                }
            }
            cols[0][n] = item;
            cols[1][n] = start;
            cols[2][n] = end;
            cols[3][n] = label;
            cols[4][n] = annotator;
            n++;
            return this;
        }

        public Spans build() {
            return Spans.of(Arrays.copyOf(lengths, items), annotators, labels,
                    Arrays.copyOf(did, items * annotators), Arrays.copyOf(cols[0], n), Arrays.copyOf(cols[1], n),
                    Arrays.copyOf(cols[2], n), Arrays.copyOf(cols[3], n), Arrays.copyOf(cols[4], n));
        }
    }
}
