package io.crosscheck.review;

import io.crosscheck.review.SpanClusters.Cluster;
import io.crosscheck.review.SpanClusters.SpanRef;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The majority gold of an item. A document layer gets the label more than half of the annotators who did the item
 * chose (none otherwise). A span cluster goes into the gold when more than half of those annotators have a span in
 * it; it contributes the (start, end, label) variant most annotators marked, ties going to the earliest start, then
 * the longer span, then the label's position in the layer. Attributes: each one the gold carries takes the value more
 * than half of the annotators who marked the winning label (or span) gave it; an attribute without such a value is
 * left out, so majority gold never states more than the annotators agreed on.
 */
public final class Majority {

    private Majority() {
    }

    /** The majority label among the labels given, or empty when no label has more than half of {@code done}. */
    public static Optional<String> documentLabel(List<String> labels, int done) {
        Map<String, Integer> counts = new HashMap<>();
        labels.forEach(l -> counts.merge(l, 1, Integer::sum));
        return counts.entrySet().stream().filter(e -> 2 * e.getValue() > done).map(Map.Entry::getKey).findFirst();
    }

    /** The cluster's majority span, or empty when at most half of {@code done} annotators marked anything there. */
    public static Optional<SpanRef> span(Cluster cluster, int done, List<String> labelOrder) {
        Set<Long> who = new HashSet<>();
        cluster.spans().forEach(s -> who.add(s.annotatorId()));
        if (2 * who.size() <= done) {
            return Optional.empty();
        }
        Map<String, Set<Long>> votes = new HashMap<>();
        Map<String, SpanRef> first = new HashMap<>();
        for (SpanRef s : cluster.spans()) {
            String key = s.start() + ":" + s.end() + ":" + s.label();
            votes.computeIfAbsent(key, k -> new HashSet<>()).add(s.annotatorId());
            first.putIfAbsent(key, s);
        }
        List<String> keys = new ArrayList<>(votes.keySet());
        keys.sort(Comparator.<String>comparingInt(k -> -votes.get(k).size())
                .thenComparingInt(k -> first.get(k).start())
                .thenComparingInt(k -> -(first.get(k).end() - first.get(k).start()))
                .thenComparingInt(k -> labelOrder.indexOf(first.get(k).label())));
        return Optional.of(first.get(keys.get(0)));
    }

    /**
     * Per attribute name, the value more than half of {@code agreeing} (the attribute maps of the annotations that
     * chose the winning label or span) gave; names without such a value are left out. Keys come out sorted.
     */
    public static Map<String, Object> attributes(List<Map<String, Object>> agreeing) {
        Map<String, Map<Object, Integer>> votes = new java.util.TreeMap<>();
        for (Map<String, Object> attributes : agreeing) {
            attributes.forEach((name, value) -> votes.computeIfAbsent(name, n -> new HashMap<>()).merge(value, 1, Integer::sum));
        }
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        votes.forEach((name, counts) -> counts.entrySet().stream().filter(e -> 2 * e.getValue() > agreeing.size())
                .findFirst().ifPresent(e -> out.put(name, e.getKey())));
        return out;
    }
}
