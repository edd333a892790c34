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
 * The review queue's page over the compact rows the agreement loader reads (primitive arrays, as {@code /agreement}
 * uses): the rows are grouped by item once (a counting sort), each complete item's figures are computed from its own
 * rows with {@link ItemAgreement}, and only the rows of the asked page are kept — a bounded heap of offset + size
 * rows, not the figures of every item. Document α uses the layer's D_e over every item with submitted work.
 */
final class ReviewQueue {

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

    private ReviewQueue() {
    }

    static Result page(AgreementLoader.Snapshot s, List<AgreementLoader.LayerInfo> layers, Long sourceId,
                       Double maxAgreement, int keep) {
        Items items = s.items();
        int n = items.size();
        Scorer scorer = new Scorer(s, layers);
        PriorityQueue<Candidate> heap = new PriorityQueue<>(Math.max(1, keep), ORDER.reversed());
        long total = 0;
        for (int i = 0; i < n; i++) {
            if (!items.complete()[i] || (sourceId != null && items.sourceIds()[i] != sourceId)) {
                continue;
            }
            List<Figure> figures = scorer.figures(i);
            Figure worst = worst(figures);
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

    /** The figure with the lowest defined agreement (the row's {@code agreement} and {@code worstLayer}), or null. */
    static Figure worst(List<Figure> figures) {
        Figure worst = null;
        for (Figure f : figures) {
            if (f.agreement() != null && (worst == null || f.agreement() < worst.agreement())) {
                worst = f;
            }
        }
        return worst;
    }

    /**
     * The asked layers' per-item figures over one snapshot's work: the page's (round 1) and, in a two-round project,
     * the revisions' (round 2) for the page's rows. Layers are matched by name, so a snapshot of another round works.
     */
    static final class Scorer {
        private final List<LayerFigures> perLayer = new ArrayList<>();

        Scorer(AgreementLoader.Snapshot s, List<AgreementLoader.LayerInfo> layers) {
            Items items = s.items();
            Grouped work = Grouped.of(items.size(), s.work().workItem());
            for (AgreementLoader.LayerInfo asked : layers) {
                AgreementLoader.LayerInfo layer = s.layers().stream().filter(l -> l.name().equals(asked.name()))
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

    /** Row indices grouped by item: rows of item i are {@code order[start[i] .. start[i+1])}. */
    record Grouped(int[] start, int[] order) {
        static Grouped of(int items, int[] itemOfRow) {
            int[] start = new int[items + 1];
            for (int item : itemOfRow) {
                start[item + 1]++;
            }
            for (int i = 0; i < items; i++) {
                start[i + 1] += start[i];
            }
            int[] next = start.clone();
            int[] order = new int[itemOfRow.length];
            for (int r = 0; r < itemOfRow.length; r++) {
                order[next[itemOfRow[r]]++] = r;
            }
            return new Grouped(start, order);
        }
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
