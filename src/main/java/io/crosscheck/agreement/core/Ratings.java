package io.crosscheck.agreement.core;

import java.util.Arrays;

/**
 * Item × annotator matrix of category codes 0..categories−1, {@link #MISSING} where an annotator did not
 * code an item; the compact input of every coding measure. Stored flat, item-major.
 */
public final class Ratings {

    /** Code of a missing value. */
    public static final int MISSING = -1;

    private final int items;
    private final int annotators;
    private final int categories;
    private final int[] codes;

    private Ratings(int items, int annotators, int categories, int[] codes) {
        this.items = items;
        this.annotators = annotators;
        this.categories = categories;
        this.codes = codes;
    }

    /**
     * Wraps a flat item-major array ({@code codes[item * annotators + annotator]}) without copying it; the
     * caller must not change it afterwards.
     *
     * @throws IllegalArgumentException if the shape does not match or a code is outside −1..categories−1
     */
    public static Ratings of(int items, int annotators, int categories, int[] codes) {
        if (items < 0 || annotators < 0 || categories < 0) {
            throw new IllegalArgumentException("negative dimension");
        }
        if ((long) items * annotators != codes.length) {
            throw new IllegalArgumentException(
                    "expected " + (long) items * annotators + " codes, got " + codes.length);
        }
        for (int i = 0; i < codes.length; i++) {
            int c = codes[i];
            if (c < MISSING || c >= categories) {
                throw new IllegalArgumentException("code " + c + " at " + i + " outside -1.." + (categories - 1));
            }
        }
        return new Ratings(items, annotators, categories, codes);
    }

    /** Copies a rectangular {@code [item][annotator]} matrix. */
    public static Ratings of(int[][] matrix, int categories) {
        int items = matrix.length;
        int annotators = items == 0 ? 0 : matrix[0].length;
        int[] flat = new int[items * annotators];
        for (int i = 0; i < items; i++) {
            if (matrix[i].length != annotators) {
                throw new IllegalArgumentException("row " + i + " has " + matrix[i].length + " annotators");
            }
            System.arraycopy(matrix[i], 0, flat, i * annotators, annotators);
        }
        return of(items, annotators, categories, flat);
    }

    public int items() {
        return items;
    }

    public int annotators() {
        return annotators;
    }

    public int categories() {
        return categories;
    }

    /** The code annotator gave item, or {@link #MISSING}. */
    public int code(int item, int annotator) {
        return codes[item * annotators + annotator];
    }

    /** Number of non-missing codes on the item. */
    public int valuesOn(int item) {
        int n = 0;
        for (int a = item * annotators, end = a + annotators; a < end; a++) {
            if (codes[a] >= 0) {
                n++;
            }
        }
        return n;
    }

    /** One annotator's column (−1 where missing), e.g. for {@link CohenKappa}. */
    public int[] column(int annotator) {
        int[] col = new int[items];
        for (int i = 0; i < items; i++) {
            col[i] = codes[i * annotators + annotator];
        }
        return col;
    }

    /** The rows at the given item indices, repeats allowed (a bootstrap resample). */
    public Ratings selectItems(int[] itemIndices) {
        int[] flat = new int[itemIndices.length * annotators];
        for (int k = 0; k < itemIndices.length; k++) {
            System.arraycopy(codes, itemIndices[k] * annotators, flat, k * annotators, annotators);
        }
        return new Ratings(itemIndices.length, annotators, categories, flat);
    }

    int[] codes() {
        return codes;
    }

    @Override
    public String toString() {
        return "Ratings[" + items + " items × " + annotators + " annotators, " + categories + " categories, "
                + Arrays.stream(codes).filter(c -> c >= 0).count() + " values]";
    }
}
