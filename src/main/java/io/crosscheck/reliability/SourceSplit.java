package io.crosscheck.reliability;

import io.crosscheck.work.CompactWork;
import io.crosscheck.work.CompactWork.DocumentRows;
import io.crosscheck.work.CompactWork.RowGroups;
import io.crosscheck.work.CompactWork.SpanRows;
import io.crosscheck.work.WorkLayer;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The source report's view of a compact snapshot: its items and label rows split by source, as indexes into the
 * snapshot's arrays, so that each source row reads only its own share without a row object per label or assignment.
 * Sources are numbered in the order of their first item. Immutable once built: the source rows read it in parallel.
 */
final class SourceSplit {

    private final CompactWork.Snapshot work;
    private final RowGroups itemsBySource;
    /** An item's position among its source's items (queue order). */
    private final int[] position;
    /** Per source, the items with two or more submitters (what agreement is measured on), by article id. */
    private final int[][] rows;
    /** An item's index in its source's {@link #rows}, −1 when it has fewer than two submitters. */
    private final int[] rowOf;
    /**
     * Per source, the items with any submitter, by article id (the span layers' annotator numbering); known, and
     * needed, only where the snapshot has who submitted which item.
     */
    private final int[][] worked;
    private final Map<WorkLayer, RowGroups> labelsBySource = new HashMap<>();
    private final Map<WorkLayer, RowGroups> labelsByItem = new HashMap<>();
    /** Who submitted which item, grouped by item; only where a span layer needs it. */
    private final RowGroups workByItem;
    private final Map<Long, Integer> usernameRank = new HashMap<>();

    private SourceSplit(CompactWork.Snapshot work) {
        this.work = work;
        CompactWork.Items items = work.items();
        int total = items.size();
        Map<Long, Integer> number = new LinkedHashMap<>();
        int[] sourceOf = new int[total];
        for (int i = 0; i < total; i++) {
            sourceOf[i] = number.computeIfAbsent(items.sourceIds()[i], k -> number.size());
        }
        int sources = number.size();
        itemsBySource = RowGroups.of(sourceOf, sources);
        position = new int[total];
        for (int s = 0; s < sources; s++) {
            for (int p = itemsBySource.first()[s]; p < itemsBySource.first()[s + 1]; p++) {
                position[itemsBySource.order()[p]] = p - itemsBySource.first()[s];
            }
        }
        long[] sortedArticles = items.articleIds().clone();
        Arrays.sort(sortedArticles);
        int[] sourceInArticleOrder = new int[total];
        int[] itemInArticleOrder = new int[total];
        for (int j = 0; j < total; j++) {
            itemInArticleOrder[j] = items.index().of(sortedArticles[j]);
            sourceInArticleOrder[j] = sourceOf[itemInArticleOrder[j]];
        }
        RowGroups byArticle = RowGroups.of(sourceInArticleOrder, sources);
        boolean[] twoOrMore = work.twoOrMoreSubmitters();
        boolean[] any = new boolean[total];
        if (work.work() != null) {
            for (int item : work.work().workItem()) {
                any[item] = true;
            }
        }
        rows = new int[sources][];
        this.worked = new int[sources][];
        rowOf = new int[total];
        Arrays.fill(rowOf, -1);
        for (int s = 0; s < sources; s++) {
            CompactWork.IntList two = new CompactWork.IntList();
            CompactWork.IntList worked = new CompactWork.IntList();
            for (int p = byArticle.first()[s]; p < byArticle.first()[s + 1]; p++) {
                int item = itemInArticleOrder[byArticle.order()[p]];
                if (any[item]) {
                    worked.add(item);
                }
                if (twoOrMore[item]) {
                    rowOf[item] = two.size();
                    two.add(item);
                }
            }
            rows[s] = two.toArray();
            this.worked[s] = worked.toArray();
        }
        for (WorkLayer layer : work.layers()) {
            Object r = work.rows().get(layer);
            int[] item = r instanceof DocumentRows d ? d.item() : ((SpanRows) r).item();
            int[] source = new int[item.length];
            for (int j = 0; j < item.length; j++) {
                source[j] = sourceOf[item[j]];
            }
            labelsBySource.put(layer, RowGroups.of(source, sources));
            if (!layer.isSpan()) {
                labelsByItem.put(layer, RowGroups.of(item, total));
            }
        }
        workByItem = work.work() == null ? null : RowGroups.of(work.work().workItem(), total);
        Map<Long, String> names = work.usernames();
        names.keySet().stream().sorted(Comparator.comparing(names::get))
                .forEachOrdered(id -> usernameRank.put(id, usernameRank.size()));
    }

    static SourceSplit of(CompactWork.Snapshot work) {
        return new SourceSplit(work);
    }

    int sources() {
        return rows.length;
    }

    /** The source's items, in queue order. */
    int[] items(int source) {
        return itemsBySource.rows(source);
    }

    /** The item's position among {@link #items} of its source. */
    int position(int item) {
        return position[item];
    }

    /** The source's items with two or more submitters, by article id. */
    int[] rows(int source) {
        return rows[source];
    }

    /** The item's index in {@link #rows} of its source, −1 when it has fewer than two submitters. */
    int row(int item) {
        return rowOf[item];
    }

    /** The layer's label rows on the source's items, in the order they were read. */
    int[] labels(WorkLayer layer, int source) {
        return labelsBySource.get(layer).rows(source);
    }

    /** A document layer's label rows grouped by item. */
    RowGroups labelsByItem(WorkLayer layer) {
        return labelsByItem.get(layer);
    }

    /**
     * Who submitted the source's {@link #rows}: annotators numbered in order of first appearance over the source's
     * items with work by article id, each item's submitters taken in username order (what α_U's coverage needs).
     */
    Submitters submitters(int source) {
        SpanRows w = work.work();
        Map<Long, Integer> index = new HashMap<>();
        int[][] of = new int[rows[source].length][];
        for (int item : worked[source]) {
            int[] done = workByItem.rows(item);
            long[] annotators = new long[done.length];
            for (int j = 0; j < done.length; j++) {
                annotators[j] = w.workAnnotatorId()[done[j]];
            }
            annotators = Arrays.stream(annotators).boxed().sorted(Comparator.comparing(usernameRank::get))
                    .mapToLong(Long::longValue).toArray();
            int[] numbered = new int[annotators.length];
            for (int j = 0; j < annotators.length; j++) {
                numbered[j] = index.computeIfAbsent(annotators[j], k -> index.size());
            }
            if (rowOf[item] >= 0) {
                of[rowOf[item]] = numbered;
            }
        }
        return new Submitters(index, of);
    }

    /** A source's annotators (id → number) and, per row, the numbers of who submitted it. */
    record Submitters(Map<Long, Integer> index, int[][] of) {

        int annotators() {
            return index.size();
        }

        int index(long annotatorId) {
            return index.get(annotatorId);
        }

        /** The row's submitters, in username order. */
        int[] of(int row) {
            return of[row];
        }
    }
}
