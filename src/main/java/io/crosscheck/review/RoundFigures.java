package io.crosscheck.review;

import io.crosscheck.agreement.core.ItemAgreement;
import io.crosscheck.agreement.core.Spans;
import io.crosscheck.agreement.core.Undefined;
import io.crosscheck.work.CompactWork.DocumentRows;
import io.crosscheck.work.CompactWork.Items;
import io.crosscheck.work.CompactWork.SpanRows;
import io.crosscheck.work.CompactWork;
import io.crosscheck.work.ItemFigureStore;
import io.crosscheck.work.ItemFigures.Figure;
import io.crosscheck.work.WorkLayer;

import java.util.ArrayList;
import java.util.List;

/**
 * Two-round projects (SPEC §8): the review queue's per-item figures over the revisions (round 2), for the page's rows.
 * The stored figures (ItemFigureStore, V46) are round 1's, which orders the queue; round 2's are computed here from
 * the compact rows ({@link CompactWork}) of round-2 work, with round 2's own D_e — the same {@link ItemAgreement} maths
 * as every per-item figure. Read only in a two-round project, one read per page. {@link Scorer} is also the test
 * oracle of the stored figures (ReviewQueuePass: the page as one pass over round 1's compact rows).
 */
final class RoundFigures {

    private RoundFigures() {
    }

    /** The figures of one item of the snapshot (by article id: every item of the project is in it). */
    static List<Figure> of(Scorer scorer, CompactWork.Snapshot s, long articleId) {
        return scorer.figures(s.items().index().of(articleId));
    }

    /** How many raters submitted round-2 work on the item. */
    static int raters(CompactWork.Snapshot s, Grouped work, long articleId) {
        int i = s.items().index().of(articleId);
        return work.start()[i + 1] - work.start()[i];
    }

    static Grouped workByItem(CompactWork.Snapshot s) {
        return Grouped.of(s.items().size(), s.work().workItem());
    }

    /** The figure with the lowest defined agreement, or null. */
    static Figure worst(List<Figure> figures) {
        Figure worst = null;
        for (Figure f : figures) {
            if (f.agreement() != null && (worst == null || f.agreement() < worst.agreement())) {
                worst = f;
            }
        }
        return worst;
    }

    static final class Scorer {
        private final List<LayerFigures> perLayer = new ArrayList<>();

        Scorer(CompactWork.Snapshot s, List<WorkLayer> layers) {
            Items items = s.items();
            Grouped work = Grouped.of(items.size(), s.work().workItem());
            for (WorkLayer asked : layers) {
                WorkLayer layer = s.layers().stream().filter(l -> l.name().equals(asked.name()))
                        .findFirst().orElse(asked);
                perLayer.add(layer.isSpan() ? new SpanLayer(layer, (SpanRows) s.rows().get(layer), s.work(), work,
                        items.lengths())
                        : new DocumentLayer(layer, (DocumentRows) s.rows().get(layer), items.size()));
            }
        }

        List<Figure> figures(int item) {
            List<Figure> figures = new ArrayList<>(perLayer.size());
            for (LayerFigures l : perLayer) {
                figures.add(l.figure(item));
            }
            return figures;
        }
    }

    private interface LayerFigures {
        Figure figure(int item);
    }

    private static final class DocumentLayer implements LayerFigures {
        final WorkLayer layer;
        final DocumentRows rows;
        final Grouped grouped;
        final ItemAgreement.DocumentLayer scored;
        int[] codes = new int[16];

        DocumentLayer(WorkLayer layer, DocumentRows rows, int items) {
            this.layer = layer;
            this.rows = rows;
            grouped = Grouped.of(items, rows.item());
            ItemAgreement.Marginals marginals = new ItemAgreement.Marginals(layer.labels().size());
            for (int i = 0; i < items; i++) {
                marginals.add(codes(i), grouped.start()[i + 1] - grouped.start()[i]);
            }
            scored = new ItemAgreement.DocumentLayer(layer.level(), layer.values(),
                    marginals.counts());
        }

        private int[] codes(int item) {
            int from = grouped.start()[item];
            int m = grouped.start()[item + 1] - from;
            if (codes.length < m) {
                codes = new int[m];
            }
            for (int j = 0; j < m; j++) {
                codes[j] = rows.code()[grouped.order()[from + j]];
            }
            return codes;
        }

        @Override
        public Figure figure(int item) {
            int m = grouped.start()[item + 1] - grouped.start()[item];
            return new Figure(layer.name(), layer.scope(), ItemAgreement.ALPHA,
                    Undefined.orNull(scored.alpha(codes(item), m)), null, m);
        }
    }

    private static final class SpanLayer implements LayerFigures {
        final WorkLayer layer;
        final SpanRows spans;
        final SpanRows work;
        final Grouped workByItem;
        final Grouped spansByItem;
        final int[] lengths;

        SpanLayer(WorkLayer layer, SpanRows spans, SpanRows work, Grouped workByItem, int[] lengths) {
            this.layer = layer;
            this.spans = spans;
            this.work = work;
            this.workByItem = workByItem;
            this.spansByItem = Grouped.of(lengths.length, spans.item());
            this.lengths = lengths;
        }

        @Override
        public Figure figure(int item) {
            int from = workByItem.start()[item];
            int r = workByItem.start()[item + 1] - from;
            long[] annotators = new long[r];
            for (int j = 0; j < r; j++) {
                annotators[j] = work.workAnnotatorId()[workByItem.order()[from + j]];
            }
            if (r < 2) {
                return new Figure(layer.name(), layer.scope(), ItemAgreement.SPAN_F1, null, null, r);
            }
            int end = Math.max(1, lengths[item]);
            for (int j = spansByItem.start()[item]; j < spansByItem.start()[item + 1]; j++) {
                end = Math.max(end, spans.end()[spansByItem.order()[j]]);
            }
            Spans.Builder b = Spans.builder(r, Math.max(1, layer.labels().size()));
            int one = b.item(end);
            for (int a = 0; a < r; a++) {
                b.done(one, a);
            }
            for (int j = spansByItem.start()[item]; j < spansByItem.start()[item + 1]; j++) {
                int row = spansByItem.order()[j];
                int a = indexOf(annotators, spans.annotatorId()[row]);
                if (a >= 0) {
                    b.span(one, spans.start()[row], spans.end()[row], spans.code()[row], a);
                }
            }
            double[] f1 = ItemAgreement.spanF1(b.build());
            return new Figure(layer.name(), layer.scope(), ItemAgreement.SPAN_F1, Undefined.orNull(f1[1]),
                    Undefined.orNull(f1[0]), r);
        }

        private static int indexOf(long[] ids, long id) {
            for (int i = 0; i < ids.length; i++) {
                if (ids[i] == id) {
                    return i;
                }
            }
            return -1;
        }
    }

}
