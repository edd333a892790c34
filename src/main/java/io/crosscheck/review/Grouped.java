package io.crosscheck.review;

/** Row indices grouped by item with a counting sort: rows of item i are {@code order[start[i] .. start[i+1])}. */
record Grouped(int[] start, int[] order) {
    static Grouped of(int items, int[] itemOfRow) {
        int[] start = new int[items + 1];
        for (int item : itemOfRow) {
            start[item + 1]++;
        }
        for (int i = 0; i < items; i++) {
            start[i + 1] += start[i];
        }
        int[] next = start.clone();
        int[] order = new int[itemOfRow.length];
        for (int r = 0; r < itemOfRow.length; r++) {
            order[next[itemOfRow[r]]++] = r;
        }
        return new Grouped(start, order);
    }
}
