package io.crosscheck.work;

import io.crosscheck.agreement.core.KrippendorffAlpha;
import io.crosscheck.agreement.core.Ratings;
import io.crosscheck.work.ItemFigures.Figure;
import io.crosscheck.work.ProjectWork.Label;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Per-item figures on hand-checked examples, and their consistency with the layer's α. */
class ItemFiguresTest {

    static final WorkLayer STANCE = new WorkLayer(1, "stance", "document", "nominal", List.of("pro", "neutral", "anti"));
    static final WorkLayer CLAIMS = new WorkLayer(2, "claims", "span", "nominal",
            List.of("unsupported", "contradicted"));

    static Label doc(long article, long annotator, String label) {
        return new Label(article, annotator, 1, label, null, null, null);
    }

    static Label span(long article, long annotator, String label, int start, int end) {
        return new Label(article, annotator, 2, label, start, end, "x");
    }

    /**
     * Items (pro, pro, pro), (pro, pro, anti), (neutral, anti, anti): n = 9, marginals pro 5, neutral 1, anti 3,
     * D_e = (81 − 35) / 72 = 46/72. Item 1 D_o = 0 → α = 1; items 2 and 3 D_o = 1 − (2·1/2)/3 = 2/3 →
     * α = 1 − (2/3)/(46/72) = −1/23. The layer α = 1 − (4/9)/(46/72) = 7/23, their mean weighted by m_u = 3.
     */
    @Test
    void nominalPerItemAlphaUsesTheLayersExpectedDisagreement() {
        Map<Long, List<Long>> done = new LinkedHashMap<>();
        for (long item = 1; item <= 3; item++) {
            done.put(item, List.of(10L, 11L, 12L));
        }
        Map<Long, List<Label>> labels = Map.of(
                1L, List.of(doc(1, 10, "pro"), doc(1, 11, "pro"), doc(1, 12, "pro")),
                2L, List.of(doc(2, 10, "pro"), doc(2, 11, "pro"), doc(2, 12, "anti")),
                3L, List.of(doc(3, 10, "neutral"), doc(3, 11, "anti"), doc(3, 12, "anti")));
        Map<Long, Figure> figures = ItemFigures.forLayer(STANCE, done, labels, Map.of());
        assertEquals(1.0, figures.get(1L).agreement(), 1e-12);
        assertEquals(-1.0 / 23, figures.get(2L).agreement(), 1e-12);
        assertEquals(-1.0 / 23, figures.get(3L).agreement(), 1e-12);
        assertEquals(3, figures.get(1L).annotators());
        assertEquals(io.crosscheck.agreement.core.ItemAgreement.ALPHA, figures.get(1L).measure());
    }

    @Test
    void anItemWithOneLabelHasNoAlpha() {
        Map<Long, List<Long>> done = new LinkedHashMap<>();
        done.put(1L, List.of(10L, 11L));
        done.put(2L, List.of(10L, 11L));
        Map<Long, List<Label>> labels = Map.of(1L, List.of(doc(1, 10, "pro")),
                2L, List.of(doc(2, 10, "pro"), doc(2, 11, "anti")));
        assertNull(ItemFigures.forLayer(STANCE, done, labels, Map.of()).get(1L).agreement());
    }

    /** On random ordinal and interval data, the m_u-weighted mean of the per-item α equals the core's layer α. */
    @Test
    void weightedMeanOfItemAlphasIsTheLayerAlpha() {
        Random random = new Random(7);
        for (String measurement : List.of("nominal", "ordinal", "interval", "ratio")) {
            WorkLayer layer = new WorkLayer(3, "r", "document", measurement, List.of("1", "2", "3", "4", "5"));
            Map<Long, List<Long>> done = new LinkedHashMap<>();
            Map<Long, List<Label>> labels = new LinkedHashMap<>();
            int items = 30;
            int[] codes = new int[items * 4];
            for (long item = 0; item < items; item++) {
                done.put(item, List.of(0L, 1L, 2L, 3L));
                List<Label> mine = new ArrayList<>();
                for (int a = 0; a < 4; a++) {
                    int code = random.nextInt(6) - 1;
                    codes[(int) item * 4 + a] = code;
                    if (code >= 0) {
                        mine.add(new Label(item, a, 3, String.valueOf(code + 1), null, null, null));
                    }
                }
                labels.put(item, mine);
            }
            Ratings ratings = Ratings.of(items, 4, 5, codes);
            double expected = KrippendorffAlpha.compute(ratings, layer.level(),
                    layer.values()).alpha();
            Map<Long, Figure> figures = ItemFigures.forLayer(layer, done, labels, Map.of());
            double sum = 0;
            double weights = 0;
            for (var f : figures.values()) {
                if (f.agreement() != null) {
                    sum += f.annotators() * f.agreement();
                    weights += f.annotators();
                }
            }
            assertEquals(expected, sum / weights, 1e-9, measurement);
        }
    }

    /**
     * A: [0,10) unsupported and [20,30) contradicted; B: [0,10) unsupported; C: nothing. Pair AB: exact 2·1/3 = 2/3,
     * overlap P = 1, R = 1/2 → 2/3; AC and BC: 0 (one side empty). Mean = 2/9 for both.
     */
    @Test
    void spanItemFigureIsTheMeanPairwiseF1() {
        Map<Long, List<Long>> done = Map.of(1L, List.of(10L, 11L, 12L));
        Map<Long, List<Label>> labels = Map.of(1L, List.of(span(1, 10, "unsupported", 0, 10),
                span(1, 10, "contradicted", 20, 30), span(1, 11, "unsupported", 0, 10)));
        Figure f = ItemFigures.forLayer(CLAIMS, done, labels, Map.of(1L, 100)).get(1L);
        assertEquals(2.0 / 9, f.agreement(), 1e-12);
        assertEquals(2.0 / 9, f.spanF1Exact(), 1e-12);
        assertEquals(io.crosscheck.agreement.core.ItemAgreement.SPAN_F1, f.measure());
    }

    /** A: [0,10); B: [2,10): overlap F1 1, exact 0; a pair with nothing on either side agrees (1). */
    @Test
    void boundaryDisagreementShowsInExactF1Only() {
        Map<Long, List<Long>> done = Map.of(1L, List.of(10L, 11L), 2L, List.of(10L, 11L));
        Map<Long, List<Label>> labels = Map.of(1L, List.of(span(1, 10, "unsupported", 0, 10),
                span(1, 11, "unsupported", 2, 10)));
        Map<Long, Figure> figures = ItemFigures.forLayer(CLAIMS, done, labels, Map.of(1L, 100, 2L, 50));
        assertEquals(1.0, figures.get(1L).agreement(), 1e-12);
        assertEquals(0.0, figures.get(1L).spanF1Exact(), 1e-12);
        assertEquals(1.0, figures.get(2L).agreement(), 1e-12);
    }
}
