package io.crosscheck.review;

import io.crosscheck.agreement.core.KrippendorffAlpha;
import io.crosscheck.agreement.core.Level;
import io.crosscheck.agreement.core.Ratings;
import io.crosscheck.agreement.core.SpanF1;
import io.crosscheck.agreement.core.Spans;
import io.crosscheck.agreement.core.Undefined;
import io.crosscheck.review.ProjectWork.Label;
import io.crosscheck.review.ProjectWork.LayerInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-item agreement of one layer, computed with the agreement core.
 *
 * <p>Document layers: α_u = 1 − D_o(u) / D_e, where D_o(u) is the observed disagreement of the item alone (its pairable
 * values, at the layer's measurement level) and D_e the expected disagreement of the whole layer over every item with
 * submitted work. Taking D_e from the layer keeps unanimous items at 1 instead of undefined, and the layer's α is the
 * m_u-weighted mean of the α_u. Ordinal δ² needs the layer's coincidence marginals, so ordinal items are scored as
 * interval data on the layer's mid-ranks t_c = Σ_{g&lt;c} n_g + n_c/2, which is the same δ² = (t_k − t_c)².
 *
 * <p>Span layers: the mean over annotator pairs of the span F1 with overlap matching (exact-boundary F1 alongside);
 * a pair that both marked nothing on the item agree and count as 1.
 */
public final class ItemAgreement {

    public static final String ALPHA = "krippendorffAlpha";
    public static final String SPAN_F1 = "spanF1Overlap";

    /** One layer's figure on one item; {@code agreement} null where undefined (fewer than two annotators …). */
    public record Figure(String layer, String scope, String measure, Double agreement, Double spanF1Exact,
                         int annotators) {
    }

    private ItemAgreement() {
    }

    public static Level level(String measurement) {
        return Level.valueOf(measurement.toUpperCase(Locale.ROOT));
    }

    /** Numeric values of the labels for interval and ratio layers (null for nominal and ordinal). */
    public static double[] values(LayerInfo layer) {
        if (!layer.measurement().equals("interval") && !layer.measurement().equals("ratio")) {
            return null;
        }
        return layer.labels().stream().mapToDouble(Double::parseDouble).toArray();
    }

    /**
     * Figures for every item of a layer.
     *
     * @param annotatorsByItem who submitted work on each item (article id → annotator ids), in a stable order
     * @param labelsByItem     the item's labels on this layer
     */
    public static Map<Long, Figure> forLayer(LayerInfo layer, Map<Long, List<Long>> annotatorsByItem,
                                             Map<Long, List<Label>> labelsByItem, Map<Long, Integer> lengths) {
        return layer.isSpan() ? spans(layer, annotatorsByItem, labelsByItem, lengths)
                : document(layer, annotatorsByItem, labelsByItem);
    }

    private static Map<Long, Figure> document(LayerInfo layer, Map<Long, List<Long>> annotatorsByItem,
                                              Map<Long, List<Label>> labelsByItem) {
        Map<Long, Integer> column = new HashMap<>();
        annotatorsByItem.values().forEach(ids -> ids.forEach(id -> column.putIfAbsent(id, column.size())));
        int m = column.size();
        int k = layer.labels().size();
        List<Long> articles = new ArrayList<>(annotatorsByItem.keySet());
        int[] codes = new int[articles.size() * m];
        java.util.Arrays.fill(codes, Ratings.MISSING);
        for (int row = 0; row < articles.size(); row++) {
            for (Label l : labelsByItem.getOrDefault(articles.get(row), List.of())) {
                Integer a = column.get(l.annotatorId());
                int code = layer.code(l.label());
                if (a != null && code >= 0 && l.start() == null) {
                    codes[row * m + a] = code;
                }
            }
        }
        Ratings all = Ratings.of(articles.size(), m, k, codes);
        Level level = level(layer.measurement());
        double[] values = values(layer);
        double expected = KrippendorffAlpha.compute(all, level, values).expectedDisagreement();
        Level itemLevel = level;
        if (level == Level.ORDINAL) {
            values = midRanks(all);
            itemLevel = Level.INTERVAL;
        }
        Map<Long, Figure> out = new LinkedHashMap<>();
        for (int row = 0; row < articles.size(); row++) {
            Ratings one = all.selectItems(new int[]{row});
            double observed = KrippendorffAlpha.compute(one, itemLevel, values).observedDisagreement();
            double alpha = Undefined.is(expected) || expected == 0 || Undefined.is(observed) ? Double.NaN
                    : 1.0 - observed / expected;
            out.put(articles.get(row), new Figure(layer.name(), layer.scope(), ALPHA, Undefined.orNull(alpha), null,
                    one.valuesOn(0)));
        }
        return out;
    }

    /** t_c = Σ_{g&lt;c} n_g + n_c/2 from the coincidence marginals of all the layer's pairable values. */
    private static double[] midRanks(Ratings all) {
        double[][] o = KrippendorffAlpha.coincidences(all);
        double[] t = new double[all.categories()];
        double below = 0;
        for (int c = 0; c < t.length; c++) {
            double n = 0;
            for (double v : o[c]) {
                n += v;
            }
            t[c] = below + n / 2.0;
            below += n;
        }
        return t;
    }

    private static Map<Long, Figure> spans(LayerInfo layer, Map<Long, List<Long>> annotatorsByItem,
                                           Map<Long, List<Label>> labelsByItem, Map<Long, Integer> lengths) {
        Map<Long, Figure> out = new LinkedHashMap<>();
        for (var entry : annotatorsByItem.entrySet()) {
            List<Long> annotators = entry.getValue();
            double[] f1 = spanF1(layer, annotators, labelsByItem.getOrDefault(entry.getKey(), List.of()),
                    lengths.getOrDefault(entry.getKey(), 0));
            out.put(entry.getKey(), new Figure(layer.name(), layer.scope(), SPAN_F1, Undefined.orNull(f1[1]),
                    Undefined.orNull(f1[0]), annotators.size()));
        }
        return out;
    }

    /** {exact, overlap} mean pairwise F1 of the annotators on one item; a pair with no span on either side is 1. */
    static double[] spanF1(LayerInfo layer, List<Long> annotators, List<Label> labels, int length) {
        if (annotators.size() < 2) {
            return new double[]{Double.NaN, Double.NaN};
        }
        Spans.Builder builder = Spans.builder(annotators.size(), Math.max(1, layer.labels().size()));
        int item = builder.item(Math.max(1, length));
        for (int a = 0; a < annotators.size(); a++) {
            builder.done(item, a);
        }
        for (Label l : labels) {
            int a = annotators.indexOf(l.annotatorId());
            int code = layer.code(l.label());
            if (a >= 0 && code >= 0 && l.start() != null) {
                builder.span(item, l.start(), l.end(), code, a);
            }
        }
        SpanF1.Result result = SpanF1.compute(builder.build());
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
