package io.crosscheck.export;

import io.crosscheck.agreement.core.SpanF1;
import io.crosscheck.agreement.core.Spans;
import io.crosscheck.agreement.core.UnitizingAlpha;
import io.crosscheck.export.ExportPlan.LayerInfo;
import io.crosscheck.export.ExportedArticle.Mark;
import io.crosscheck.export.ExportedArticle.Work;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Per-item agreement written into the JSONL export, and the running sums from which the dataset card's per-layer
 * figures follow.
 *
 * <p>Document layers: Krippendorff's α of the item, α_u = 1 − D_o(u) / D_e, where D_o(u) is the item's mean
 * disagreement over ordered pairs of its values, Σ_{i≠j} δ²(c_i, c_j) / (m_u(m_u − 1)), and D_e is the expected
 * disagreement of the whole layer over the exported items (from the coincidence marginals, read before streaming).
 * The layer's α is then the m_u-weighted mean of the items' α_u, exactly Krippendorff's α over all items, which
 * is what the card reports. Span layers: α_U (unitizing α, the item's text as the continuum) and mean pairwise
 * span F1 (exact and overlap) among the item's annotators, from {@code agreement.core}. Undefined values
 * (fewer than two annotators, no variation) are null.
 */
final class ItemAgreement {

    /** Agreement on one layer of one item; {@code measure} names the figure in {@code value}. */
    record LayerFigure(String layer, String measure, Double value, int annotators, Double spanF1Exact,
                       Double spanF1Overlap) {
    }

    private final List<LayerInfo> layers;
    private final Map<Long, DocumentLayer> documentLayers = new java.util.HashMap<>();

    ItemAgreement(List<LayerInfo> layers, Map<Long, Map<String, Long>> marginals) {
        this.layers = layers;
        for (LayerInfo l : layers) {
            if (!l.span()) {
                documentLayers.put(l.id(), new DocumentLayer(l, marginals.getOrDefault(l.id(), Map.of())));
            }
        }
    }

    DocumentLayer documentLayer(long layerId) {
        return documentLayers.get(layerId);
    }

    /** The figures of every exported layer on this article's raw work, in layer order. */
    List<LayerFigure> of(ExportedArticle article) {
        List<LayerFigure> figures = new ArrayList<>(layers.size());
        int textLength = article.text().codePointCount(0, article.text().length());
        for (LayerInfo layer : layers) {
            if (layer.span()) {
                figures.add(span(layer, article.raw(), textLength));
            } else {
                figures.add(documentLayers.get(layer.id()).item(article.raw()));
            }
        }
        return figures;
    }

    private static LayerFigure span(LayerInfo layer, List<Work> raw, int textLength) {
        int r = raw.size();
        if (r < 2) {
            return new LayerFigure(layer.name(), "unitizingAlpha", null, r, null, null);
        }
        Spans.Builder b = Spans.builder(r, layer.labels().size());
        int item = b.item(textLength);
        for (int a = 0; a < r; a++) {
            b.done(item, a);
            for (Mark m : raw.get(a).annotations()) {
                if (m.layer().id() == layer.id() && m.span()) {
                    b.span(item, m.start(), m.end(), layer.labelIndex(m.label()), a);
                }
            }
        }
        Spans spans = b.build();
        UnitizingAlpha.Result alpha = UnitizingAlpha.compute(spans);
        SpanF1.Result f1 = SpanF1.compute(spans);
        return new LayerFigure(layer.name(), "unitizingAlpha", finite(alpha.alpha()), r, finite(f1.exactF1()),
                finite(f1.overlapF1()));
    }

    static Double finite(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
    }

    /** One document layer: δ² between its labels, D_e, and the running sums for the layer's α. */
    static final class DocumentLayer {
        final LayerInfo layer;
        final double[][] delta;
        final double expected;
        double observedSum;
        long values;
        long items;

        DocumentLayer(LayerInfo layer, Map<String, Long> marginals) {
            this.layer = layer;
            int k = layer.labels().size();
            double[] n = new double[k];
            double total = 0;
            for (int c = 0; c < k; c++) {
                n[c] = marginals.getOrDefault(layer.labels().get(c), 0L);
                total += n[c];
            }
            double[] x = numericValues(layer.labels());
            delta = new double[k][k];
            for (int c = 0; c < k; c++) {
                for (int d = 0; d < k; d++) {
                    delta[c][d] = difference(layer.measurement(), c, d, n, x);
                }
            }
            double e = 0;
            for (int c = 0; c < k; c++) {
                for (int d = 0; d < k; d++) {
                    e += n[c] * n[d] * delta[c][d];
                }
            }
            expected = total < 2 ? Double.NaN : e / (total * (total - 1));
        }

        /** Labels read as numbers where they all are, else their scale positions 0..k−1. */
        private static double[] numericValues(List<String> labels) {
            double[] x = new double[labels.size()];
            try {
                for (int i = 0; i < x.length; i++) {
                    x[i] = Double.parseDouble(labels.get(i));
                }
            } catch (NumberFormatException e) {
                for (int i = 0; i < x.length; i++) {
                    x[i] = i;
                }
            }
            return x;
        }

        private static double difference(String measurement, int c, int d, double[] n, double[] x) {
            if (c == d) {
                return 0;
            }
            return switch (measurement) {
                case "ordinal" -> {
                    int lo = Math.min(c, d);
                    int hi = Math.max(c, d);
                    double s = 0;
                    for (int g = lo; g <= hi; g++) {
                        s += n[g];
                    }
                    double v = s - (n[c] + n[d]) / 2;
                    yield v * v;
                }
                case "interval" -> (x[c] - x[d]) * (x[c] - x[d]);
                case "ratio" -> x[c] + x[d] == 0 ? 0 : Math.pow((x[c] - x[d]) / (x[c] + x[d]), 2);
                default -> 1;
            };
        }

        /** α of one item; adds the item to the layer's sums. */
        LayerFigure item(List<Work> raw) {
            int[] codes = new int[raw.size()];
            int m = 0;
            for (Work w : raw) {
                for (Mark mark : w.annotations()) {
                    if (mark.layer().id() == layer.id()) {
                        int code = layer.labelIndex(mark.label());
                        if (code >= 0) {
                            codes[m++] = code;
                        }
                        break;
                    }
                }
            }
            if (m < 2) {
                return new LayerFigure(layer.name(), "krippendorffAlpha", null, m, null, null);
            }
            double sum = 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    sum += delta[codes[i]][codes[j]];
                }
            }
            double observed = sum / ((double) m * (m - 1));
            observedSum += m * observed;
            values += m;
            items++;
            return new LayerFigure(layer.name(), "krippendorffAlpha", finite(1 - observed / expected), m, null, null);
        }

        /** Krippendorff's α of the layer over the items seen so far. */
        double alpha() {
            if (values == 0) {
                return Double.NaN;
            }
            return 1 - (observedSum / values) / expected;
        }
    }
}
