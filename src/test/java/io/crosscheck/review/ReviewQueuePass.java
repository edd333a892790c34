package io.crosscheck.review;

import io.crosscheck.agreement.AgreementLoader;
import io.crosscheck.agreement.AgreementLoader.DocumentRows;
import io.crosscheck.agreement.AgreementLoader.Items;
import io.crosscheck.agreement.AgreementLoader.SpanRows;
import io.crosscheck.agreement.core.ItemAgreement;
import io.crosscheck.agreement.core.Level;
import io.crosscheck.agreement.core.Spans;
import io.crosscheck.agreement.core.Undefined;
import io.crosscheck.review.ItemFigures.Figure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;

/**
 * The test oracle of the stored figures (ItemFigureStoreTest): the review queue's page as it was computed before
 * V46, one pass over the compact rows (the code that served the page until then, kept unchanged). Its javadoc then:
 * the review queue's page over the compact rows the agreement loader reads (primitive arrays, as {@code /agreement}
 * uses): the rows are grouped by item once (a counting sort), each complete item's figures are computed from its own
 * rows with {@link ItemAgreement}, and only the rows of the asked page are kept — a bounded heap of offset + size
 * rows, not the figures of every item. Document α uses the layer's D_e over every item with submitted work.
 */
final class ReviewQueuePass {

    /** A row the page may keep: the item's index in queue order and its lowest figure. */
    record Candidate(int item, Double agreement, String worstLayer, List<Figure> figures) {
    }

    /** Most disagreement first, undefined last, then queue order (the order the page is sorted by). */
    static final Comparator<Candidate> ORDER = Comparator
            .comparing(Candidate::agreement, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparingInt(Candidate::item);

    /** The page's candidates in order, and how many rows the filters keep in all. */
    record Result(List<Candidate> rows, long total) {
    }

    private ReviewQueuePass() {
    }

    static Result page(AgreementLoader.Snapshot s, List<AgreementLoader.LayerInfo> layers, Long sourceId,
                       Double maxAgreement, int keep) {
        Items items = s.items();
        int n = items.size();
        Grouped work = Grouped.of(n, s.work().workItem());
        List<LayerFigures> perLayer = new ArrayList<>();
        for (AgreementLoader.LayerInfo layer : layers) {
            perLayer.add(layer.isSpan() ? new SpanLayer(layer, (SpanRows) s.rows().get(layer), s.work(), work,
                    items.lengths())
                    : new DocumentLayer(layer, (DocumentRows) s.rows().get(layer), n));
        }
        PriorityQueue<Candidate> heap = new PriorityQueue<>(Math.max(1, keep), ORDER.reversed());
        long total = 0;
        for (int i = 0; i < n; i++) {
            if (!items.complete()[i] || (sourceId != null && items.sourceIds()[i] != sourceId)) {
                continue;
            }
            List<Figure> figures = new ArrayList<>(perLayer.size());
            Figure worst = null;
            for (LayerFigures l : perLayer) {
                Figure f = l.figure(i);
                figures.add(f);
                if (f.agreement() != null && (worst == null || f.agreement() < worst.agreement())) {
                    worst = f;
                }
            }
            Double agreement = worst == null ? null : worst.agreement();
            if (maxAgreement != null && (agreement == null || agreement > maxAgreement)) {
                continue;
            }
            total++;
            Candidate c = new Candidate(i, agreement, worst == null ? null : worst.layer(), figures);
            if (keep > 0 && (heap.size() < keep || ORDER.compare(c, heap.peek()) < 0)) {
                heap.add(c);
                if (heap.size() > keep) {
                    heap.poll();
                }
            }
        }
        List<Candidate> rows = new ArrayList<>(heap);
        rows.sort(ORDER);
        return new Result(rows, total);
    }

    private interface LayerFigures {
        Figure figure(int item);
    }

    private static final class DocumentLayer implements LayerFigures {
        final AgreementLoader.LayerInfo layer;
        final DocumentRows rows;
        final Grouped grouped;
        final ItemAgreement.DocumentLayer scored;
        int[] codes = new int[16];

        DocumentLayer(AgreementLoader.LayerInfo layer, DocumentRows rows, int items) {
            this.layer = layer;
            this.rows = rows;
            grouped = Grouped.of(items, rows.item());
            ItemAgreement.Marginals marginals = new ItemAgreement.Marginals(layer.labels().size());
            for (int i = 0; i < items; i++) {
                marginals.add(codes(i), grouped.start()[i + 1] - grouped.start()[i]);
            }
            Level level = Level.valueOf(layer.measurement().toUpperCase(Locale.ROOT));
            scored = new ItemAgreement.DocumentLayer(level, ItemAgreement.categoryValues(level, layer.labels()),
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
        final AgreementLoader.LayerInfo layer;
        final SpanRows spans;
        final SpanRows work;
        final Grouped workByItem;
        final Grouped spansByItem;
        final int[] lengths;

        SpanLayer(AgreementLoader.LayerInfo layer, SpanRows spans, SpanRows work, Grouped workByItem, int[] lengths) {
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

    /** Names of the item's annotators in name order (as the queue rows list them). */
    static List<String> annotators(AgreementLoader.Snapshot s, Grouped work, int item) {
        List<String> names = new ArrayList<>();
        for (int j = work.start()[item]; j < work.start()[item + 1]; j++) {
            names.add(s.usernames().get(s.work().workAnnotatorId()[work.order()[j]]));
        }
        names.sort(Comparator.naturalOrder());
        return names;
    }

    static Grouped workByItem(AgreementLoader.Snapshot s) {
        return Grouped.of(s.items().size(), s.work().workItem());
    }
}
