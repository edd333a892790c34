package io.crosscheck.export;

import io.crosscheck.agreement.core.ItemAgreement;
import io.crosscheck.agreement.core.Level;
import io.crosscheck.agreement.core.Spans;
import io.crosscheck.agreement.core.UnitizingAlpha;
import io.crosscheck.export.ExportPlan.LayerInfo;
import io.crosscheck.export.ExportedArticle.Mark;
import io.crosscheck.export.ExportedArticle.Work;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-item agreement written into the JSONL export, and the running sums from which the dataset card's per-layer
 * figures follow. The maths is {@link ItemAgreement} (agreement/core), the one per-item figure the review queue uses
 * too; this class feeds it the exported work.
 *
 * <p>Document layers: α_u = 1 − D_o(u)/D_e with D_e of the whole layer over the exported items (their pairable-value
 * counts, read before streaming); the layer's α is then the m_u-weighted mean of the items' α_u, exactly
 * Krippendorff's α over the exported items, which is what the card reports. Span layers: α_U (unitizing α, the item's
 * text as the continuum) and the mean pairwise span F1 (exact and overlap) among the item's annotators, a pair who both
 * marked nothing on the item counting as agreeing (1), as in the review queue. Undefined values (fewer than two
 * annotators, no variation) are null.
 */
final class ExportFigures {

    /** Agreement on one layer of one item; {@code measure} names the figure in {@code value}. */
    record LayerFigure(String layer, String measure, Double value, int annotators, Double spanF1Exact,
                       Double spanF1Overlap) {
    }

    private final List<LayerInfo> layers;
    private final Map<Long, DocumentLayer> documentLayers = new java.util.HashMap<>();

    ExportFigures(List<LayerInfo> layers, Map<Long, Map<String, Long>> marginals) {
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
            return new LayerFigure(layer.name(), ItemAgreement.UNITIZING_ALPHA, null, r, null, null);
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
        double[] f1 = ItemAgreement.spanF1(spans);
        return new LayerFigure(layer.name(), ItemAgreement.UNITIZING_ALPHA, finite(alpha.alpha()), r, finite(f1[0]),
                finite(f1[1]));
    }

    static Double finite(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
    }

    /** One document layer: {@link ItemAgreement.DocumentLayer} over the exported items, and the running sums for α. */
    static final class DocumentLayer {
        final LayerInfo layer;
        final ItemAgreement.DocumentLayer scored;
        double observedSum;
        long values;
        long items;

        DocumentLayer(LayerInfo layer, Map<String, Long> marginals) {
            this.layer = layer;
            int k = layer.labels().size();
            double[] n = new double[k];
            for (int c = 0; c < k; c++) {
                n[c] = marginals.getOrDefault(layer.labels().get(c), 0L);
            }
            Level level = Level.valueOf(layer.measurement().toUpperCase(Locale.ROOT));
            scored = new ItemAgreement.DocumentLayer(level, ItemAgreement.categoryValues(level, layer.labels()), n);
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
                return new LayerFigure(layer.name(), ItemAgreement.ALPHA, null, m, null, null);
            }
            double observed = scored.observed(codes, m);
            observedSum += m * observed;
            values += m;
            items++;
            return new LayerFigure(layer.name(), ItemAgreement.ALPHA, finite(scored.alphaOf(observed)), m, null, null);
        }

        /** Krippendorff's α of the layer over the items seen so far. */
        double alpha() {
            if (values == 0) {
                return Double.NaN;
            }
            return scored.alphaOf(observedSum / values);
        }
    }
}
