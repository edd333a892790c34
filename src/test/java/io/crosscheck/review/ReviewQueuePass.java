package io.crosscheck.review;

import io.crosscheck.agreement.core.ItemAgreement;
import io.crosscheck.work.CompactWork.Items;
import io.crosscheck.work.CompactWork;
import io.crosscheck.work.ItemFigures.Figure;
import io.crosscheck.work.WorkLayer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The test oracle of the stored figures (ItemFigureStoreTest): the review queue's page as it was computed before
 * V46, one pass over the compact rows (the code that served the page until then, kept unchanged). Its javadoc then:
 * the review queue's page over the compact rows CompactWork reads (primitive arrays, as {@code /agreement}
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

    static Result page(CompactWork.Snapshot s, List<WorkLayer> layers, Long sourceId,
                       Double maxAgreement, int keep) {
        Items items = s.items();
        int n = items.size();
        RoundFigures.Scorer scorer = new RoundFigures.Scorer(s, layers);
        PriorityQueue<Candidate> heap = new PriorityQueue<>(Math.max(1, keep), ORDER.reversed());
        long total = 0;
        for (int i = 0; i < n; i++) {
            if (!items.complete()[i] || (sourceId != null && items.sourceIds()[i] != sourceId)) {
                continue;
            }
            List<Figure> figures = scorer.figures(i);
            Figure worst = RoundFigures.worst(figures);
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

    /** Names of the item's annotators in name order (as the queue rows list them). */
    static List<String> annotators(CompactWork.Snapshot s, Grouped work, int item) {
        List<String> names = new ArrayList<>();
        for (int j = work.start()[item]; j < work.start()[item + 1]; j++) {
            names.add(s.usernames().get(s.work().workAnnotatorId()[work.order()[j]]));
        }
        names.sort(Comparator.naturalOrder());
        return names;
    }

    static Grouped workByItem(CompactWork.Snapshot s) {
        return Grouped.of(s.items().size(), s.work().workItem());
    }
}
