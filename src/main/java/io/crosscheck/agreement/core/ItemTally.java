package io.crosscheck.agreement.core;

/**
 * One item's values counted by category, the first step of every coding measure: {@code count[c]} is how often the
 * item got category c, {@code seen[0 .. distinct)} the categories it got (in order of first use), {@code values} how
 * many values it has. Reused item after item: {@link #tally} clears only the cells the previous item set, so a pass
 * over N items × m annotators costs O(N·m), not O(N·categories).
 */
final class ItemTally {

    final int[] count;
    final int[] seen;
    int distinct;
    int values;

    ItemTally(Ratings ratings) {
        count = new int[ratings.categories()];
        seen = new int[Math.max(1, Math.min(ratings.annotators(), ratings.categories()))];
    }

    /** Counts the values {@code codes[base .. base + m)} ({@link Ratings#MISSING} skipped), forgetting the last item. */
    void tally(int[] codes, int base, int m) {
        for (int t = 0; t < distinct; t++) {
            count[seen[t]] = 0;
        }
        int d = 0;
        int mu = 0;
        for (int a = base, end = base + m; a < end; a++) {
            int c = codes[a];
            if (c >= 0) {
                if (count[c]++ == 0) {
                    seen[d++] = c;
                }
                mu++;
            }
        }
        distinct = d;
        values = mu;
    }

    /** Σ_c n_c (n_c − 1): the ordered pairs of the item's values that agree. */
    long agreeingPairs() {
        long same = 0;
        for (int t = 0; t < distinct; t++) {
            long nc = count[seen[t]];
            same += nc * (nc - 1);
        }
        return same;
    }
}
