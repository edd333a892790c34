package io.crosscheck.agreement.core;

import java.util.List;

/**
 * Agreement on one item — the one per-item figure used by the review queue, the disagreement report, the source
 * report and the export.
 *
 * <p>Document layers: α_u = 1 − D_o(u) / D_e, where D_o(u) = Σ_{i≠j} δ²(c_i, c_j) / (m_u(m_u − 1)) is the item's own
 * observed disagreement over ordered pairs of its m_u values, and D_e the expected disagreement of the layer, from the
 * counts n_c of its pairable values (values on items with at least two). The caller chooses which items make D_e (the
 * review and reliability pages: every item of the project with submitted work; the export: the exported items). Taking
 * D_e from the layer keeps a unanimous item at 1 instead of undefined, and the layer's α is exactly the m_u-weighted
 * mean of the α_u. δ² is Krippendorff's at the layer's level: nominal 0/1, ordinal (Σ_{g=c..k} n_g − (n_c+n_k)/2)²
 * (from the same counts), interval (x_c − x_k)², ratio ((x_c − x_k)/(x_c + x_k))².
 *
 * <p>Span layers: the mean over the item's annotator pairs of span F1 (exact boundaries, and overlap matching as in
 * {@link SpanF1}); on one item a pair who both marked nothing agree and count as 1, unlike the project-level
 * figure, where such a pair is left out. α_U of one item is {@link UnitizingAlpha} on that item's continuum.
 */
public final class ItemAgreement {

    /** Names of the per-item figures, as the responses call them. */
    public static final String ALPHA = "krippendorffAlpha";
    public static final String SPAN_F1 = "spanF1Overlap";
    public static final String UNITIZING_ALPHA = "unitizingAlpha";

    private ItemAgreement() {
    }

    /** The numeric values of a layer's labels for interval and ratio (validated as numbers when the layer was made). */
    public static double[] categoryValues(Level level, List<String> labels) {
        if (level != Level.INTERVAL && level != Level.RATIO) {
            return null;
        }
        return labels.stream().mapToDouble(Double::parseDouble).toArray();
    }

    /**
     * Counts n_c of a layer's pairable values, item by item: a value counts when its item has at least two. One pass
     * over the items, no items × annotators table.
     */
    public static final class Marginals {
        private final double[] counts;

        public Marginals(int categories) {
            counts = new double[categories];
        }

        /** Adds one item's values: {@code codes[0..m)}, each a category code. */
        public void add(int[] codes, int m) {
            if (m < 2) {
                return;
            }
            for (int i = 0; i < m; i++) {
                counts[codes[i]]++;
            }
        }

        /** Adds {@code n} pairable values of category {@code code} (counts read by SQL). */
        public void add(int code, double n) {
            counts[code] += n;
        }

        public double[] counts() {
            return counts.clone();
        }
    }

    /** One document layer: δ² between its categories and D_e, fixed for the duration of a report. */
    public static final class DocumentLayer {
        private final double[][] delta;
        private final double expected;

        /**
         * @param level          the layer's measurement level
         * @param categoryValues numeric values of the categories (interval, ratio); null otherwise
         * @param marginals      n_c, the layer's pairable values per category
         */
        public DocumentLayer(Level level, double[] categoryValues, double[] marginals) {
            int k = marginals.length;
            delta = new double[k][k];
            double total = 0;
            for (double n : marginals) {
                total += n;
            }
            double e = 0;
            for (int c = 0; c < k; c++) {
                for (int d = 0; d < k; d++) {
                    delta[c][d] = KrippendorffAlpha.difference(level, c, d, marginals, categoryValues);
                    e += marginals[c] * marginals[d] * delta[c][d];
                }
            }
            expected = total < 2 ? Double.NaN : e / (total * (total - 1));
        }

        /** D_e of the layer; NaN with fewer than two pairable values. */
        public double expected() {
            return expected;
        }

        /** D_o(u) of one item from its values {@code codes[0..m)}; NaN with fewer than two. */
        public double observed(int[] codes, int m) {
            if (m < 2) {
                return Double.NaN;
            }
            double sum = 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    sum += delta[codes[i]][codes[j]];
                }
            }
            return sum / ((double) m * (m - 1));
        }

        /**
         * D_o(u) from the item's counts per category x_c (Σ x_c = m): Σ_{c,d} x_c x_d δ²(c, d) / (m(m − 1)), the sum of
         * {@link #observed} grouped by category. What the stored per-item figures use where δ² depends on the layer's
         * current marginals (ordinal): the item keeps its counts, the layer its n_c. NaN with fewer than two values.
         */
        public double observedFromCounts(double[] x) {
            double m = 0;
            for (double v : x) {
                m += v;
            }
            if (m < 2) {
                return Double.NaN;
            }
            double sum = 0;
            for (int c = 0; c < x.length; c++) {
                if (x[c] == 0) {
                    continue;
                }
                for (int d = 0; d < x.length; d++) {
                    sum += x[c] * x[d] * delta[c][d];
                }
            }
            return sum / (m * (m - 1));
        }

        /** α_u = 1 − D_o(u)/D_e; NaN where undefined (fewer than two values, D_e 0 or undefined). */
        public double alpha(int[] codes, int m) {
            return alphaOf(observed(codes, m));
        }

        /** α_u from a D_o(u) already computed. */
        public double alphaOf(double observed) {
            if (Double.isNaN(observed) || Double.isNaN(expected) || expected == 0) {
                return Double.NaN;
            }
            return 1.0 - observed / expected;
        }
    }

    /**
     * {exact, overlap}: the mean pairwise span F1 on one item (a {@link Spans} of that item alone, every annotator who
     * did it marked done); a pair with no span on either side is 1. NaN with fewer than two annotators.
     */
    public static double[] spanF1(Spans item) {
        if (item.annotators() < 2) {
            return new double[]{Double.NaN, Double.NaN};
        }
        SpanF1.Result result = SpanF1.compute(item);
        double exact = 0;
        double overlap = 0;
        for (SpanF1.Pair p : result.pairs()) {
            boolean bothEmpty = p.spansA() + p.spansB() == 0;
            exact += bothEmpty ? 1 : p.exactF1();
            overlap += bothEmpty ? 1 : p.overlapF1();
        }
        int pairs = result.pairs().size();
        return new double[]{exact / pairs, overlap / pairs};
    }
}
