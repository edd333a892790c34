package io.crosscheck.work;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compact, entity-free rows of one project's submitted work (layers, items, who did what, their labels), as read by
 * {@link SubmittedWork} (one item, one story): the input of the review and reliability computations that need labels
 * as strings. Whole-project figures compute on {@link CompactWork}'s arrays instead.
 */
public record ProjectWork(long projectId, List<WorkLayer> layers, List<ItemInfo> items, List<Done> done,
                          List<Label> labels) {

    /** An item (article in the project) with its source; complete when its work is in. */
    public record ItemInfo(long itemId, long articleId, String title, long sourceId, String source, int length,
                           int words, boolean complete, boolean adjudicated, String storyKey) {
    }

    /** One annotator's submitted (or imported) assignment on an item. */
    public record Done(long articleId, long annotatorId, String annotator) {
    }

    /**
     * One submitted annotation (document label when start is null); {@code attributes} its attributes as JSON text,
     * read by the one-item scope alone (null elsewhere).
     */
    public record Label(long articleId, long annotatorId, long layerId, String label, Integer start, Integer end,
                        String quote, String attributes) {
        public Label(long articleId, long annotatorId, long layerId, String label, Integer start, Integer end,
                     String quote) {
            this(articleId, annotatorId, layerId, label, start, end, quote, null);
        }
    }

    public Optional<WorkLayer> layer(String name) {
        return layers.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    public Optional<ItemInfo> item(long articleId) {
        return items.stream().filter(i -> i.articleId() == articleId).findFirst();
    }

    /** Annotators (id → name) who submitted work on the article, in name order. */
    public Map<Long, String> annotatorsOn(long articleId) {
        Map<Long, String> out = new LinkedHashMap<>();
        done.stream().filter(d -> d.articleId() == articleId).sorted(Comparator.comparing(Done::annotator))
                .forEach(d -> out.put(d.annotatorId(), d.annotator()));
        return out;
    }

    /** Every annotator of the project (id → name), in name order. */
    public Map<Long, String> annotators() {
        Map<Long, String> out = new LinkedHashMap<>();
        done.stream().sorted(Comparator.comparing(Done::annotator)).forEach(d -> out.put(d.annotatorId(), d.annotator()));
        return out;
    }

    /** Labels grouped by article id. */
    public Map<Long, List<Label>> labelsByArticle() {
        Map<Long, List<Label>> out = new LinkedHashMap<>();
        for (Label l : labels) {
            out.computeIfAbsent(l.articleId(), k -> new ArrayList<>()).add(l);
        }
        return out;
    }

    /** Done rows grouped by article id. */
    public Map<Long, List<Done>> doneByArticle() {
        Map<Long, List<Done>> out = new LinkedHashMap<>();
        for (Done d : done) {
            out.computeIfAbsent(d.articleId(), k -> new ArrayList<>()).add(d);
        }
        return out;
    }
}
