package io.crosscheck.work;

import io.crosscheck.agreement.core.ItemAgreement;
import io.crosscheck.agreement.core.Spans;
import io.crosscheck.agreement.core.Undefined;
import io.crosscheck.work.ProjectWork.Label;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-item figures of one layer over a project's submitted work: {@link ItemAgreement} (agreement/core) does the
 * maths; this class only turns the compact rows into each item's values. Document layers: α_u with the layer's D_e
 * over every item with submitted work; span layers: mean pairwise span F1 (overlap, exact alongside). One pass per
 * item, no items × annotators table.
 */
public final class ItemFigures {

    /** One layer's figure on one item; {@code agreement} null where undefined (fewer than two annotators …). */
    public record Figure(String layer, String scope, String measure, Double agreement, Double spanF1Exact,
                         int annotators) {
    }

    private ItemFigures() {
    }

    /**
     * Figures for every item of a layer.
     *
     * @param annotatorsByItem who submitted work on each item (article id → annotator ids), in a stable order
     * @param labelsByItem     the item's labels on this layer
     */
    public static Map<Long, Figure> forLayer(WorkLayer layer, Map<Long, List<Long>> annotatorsByItem,
                                             Map<Long, List<Label>> labelsByItem, Map<Long, Integer> lengths) {
        return layer.isSpan() ? spans(layer, annotatorsByItem, labelsByItem, lengths)
                : document(layer, annotatorsByItem, labelsByItem);
    }

    /** The D_e-carrying document layer over every item given (one pass collecting the pairable-value counts). */
    public static ItemAgreement.DocumentLayer documentLayer(WorkLayer layer, Map<Long, List<Long>> annotatorsByItem,
                                                            Map<Long, List<Label>> labelsByItem) {
        ItemAgreement.Marginals marginals = new ItemAgreement.Marginals(layer.labels().size());
        int[] codes = new int[16];
        for (var entry : annotatorsByItem.entrySet()) {
            codes = grow(codes, entry.getValue().size());
            marginals.add(codes, codes(layer, entry.getValue(), labelsByItem.get(entry.getKey()), codes));
        }
        return new ItemAgreement.DocumentLayer(layer.level(), layer.values(), marginals.counts());
    }

    /** The document layer scored with D_e from pairable-value counts read by SQL (label → n). */
    public static ItemAgreement.DocumentLayer documentLayer(WorkLayer layer, Map<String, Long> pairableCounts) {
        ItemAgreement.Marginals marginals = new ItemAgreement.Marginals(layer.labels().size());
        pairableCounts.forEach((label, n) -> {
            int code = layer.code(label);
            if (code >= 0) {
                marginals.add(code, n);
            }
        });
        return new ItemAgreement.DocumentLayer(layer.level(), layer.values(), marginals.counts());
    }

    /** One item's figure on a document layer, with the layer's D_e given. */
    public static Figure document(WorkLayer layer, ItemAgreement.DocumentLayer scored, List<Long> annotators,
                                  List<Label> labels) {
        int[] codes = new int[Math.max(1, annotators.size())];
        int m = codes(layer, annotators, labels, codes);
        return new Figure(layer.name(), layer.scope(), ItemAgreement.ALPHA, Undefined.orNull(scored.alpha(codes, m)),
                null, m);
    }

    /** One item's figure on a span layer. */
    public static Figure span(WorkLayer layer, List<Long> annotators, List<Label> labels, int length) {
        double[] f1 = spanF1(layer, annotators, labels, length);
        return new Figure(layer.name(), layer.scope(), ItemAgreement.SPAN_F1, Undefined.orNull(f1[1]),
                Undefined.orNull(f1[0]), annotators.size());
    }

    private static Map<Long, Figure> document(WorkLayer layer, Map<Long, List<Long>> annotatorsByItem,
                                              Map<Long, List<Label>> labelsByItem) {
        ItemAgreement.DocumentLayer scored = documentLayer(layer, annotatorsByItem, labelsByItem);
        Map<Long, Figure> out = new LinkedHashMap<>();
        int[] codes = new int[16];
        for (var entry : annotatorsByItem.entrySet()) {
            codes = grow(codes, entry.getValue().size());
            int m = codes(layer, entry.getValue(), labelsByItem.get(entry.getKey()), codes);
            out.put(entry.getKey(), new Figure(layer.name(), layer.scope(), ItemAgreement.ALPHA,
                    Undefined.orNull(scored.alpha(codes, m)), null, m));
        }
        return out;
    }

    private static int[] grow(int[] codes, int size) {
        return codes.length >= size ? codes : new int[size];
    }

    /** The item's document labels of the layer by annotators who did it, as codes; returns how many. */
    public static int codes(WorkLayer layer, List<Long> annotators, List<Label> labels, int[] into) {
        if (labels == null) {
            return 0;
        }
        int m = 0;
        for (Label l : labels) {
            int code = layer.code(l.label());
            if (l.layerId() == layer.id() && l.start() == null && code >= 0 && annotators.contains(l.annotatorId())) {
                into[m++] = code;
            }
        }
        return m;
    }

    private static Map<Long, Figure> spans(WorkLayer layer, Map<Long, List<Long>> annotatorsByItem,
                                           Map<Long, List<Label>> labelsByItem, Map<Long, Integer> lengths) {
        Map<Long, Figure> out = new LinkedHashMap<>();
        for (var entry : annotatorsByItem.entrySet()) {
            out.put(entry.getKey(), span(layer, entry.getValue(), labelsByItem.getOrDefault(entry.getKey(), List.of()),
                    lengths.getOrDefault(entry.getKey(), 0)));
        }
        return out;
    }

    /** {exact, overlap} mean pairwise F1 of the annotators on one item (ItemAgreement.spanF1). */
    public static double[] spanF1(WorkLayer layer, List<Long> annotators, List<Label> labels, int length) {
        if (annotators.size() < 2) {
            return new double[]{Double.NaN, Double.NaN};
        }
        Map<Long, Integer> column = new HashMap<>();
        annotators.forEach(a -> column.putIfAbsent(a, column.size()));
        Spans.Builder builder = Spans.builder(annotators.size(), Math.max(1, layer.labels().size()));
        int item = builder.item(Math.max(1, length));
        for (int a = 0; a < annotators.size(); a++) {
            builder.done(item, a);
        }
        for (Label l : labels) {
            Integer a = column.get(l.annotatorId());
            int code = layer.code(l.label());
            if (a != null && code >= 0 && l.start() != null && l.layerId() == layer.id()) {
                builder.span(item, l.start(), l.end(), code, a);
            }
        }
        return ItemAgreement.spanF1(builder.build());
    }
}
