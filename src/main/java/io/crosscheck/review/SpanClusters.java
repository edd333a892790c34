package io.crosscheck.review;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups one layer's spans on one item into clusters — the connected components of the overlap relation (sharing at
 * least one code point; touching is not overlapping) — and names the kind of disagreement in each.
 *
 * <p>Kind, first that applies: {@code missing} (an annotator who did the item has no span in the cluster),
 * {@code boundary} (the spans do not all have the same extent), {@code label} (same extent, different labels),
 * {@code agreed}.
 */
public final class SpanClusters {

    public static final String MISSING = "missing";
    public static final String BOUNDARY = "boundary";
    public static final String LABEL = "label";
    public static final String AGREED = "agreed";

    /** One annotator's span. */
    public record SpanRef(long annotatorId, String annotator, String label, int start, int end, String quote) {
    }

    /** A cluster: its extent (union of its spans), kind, spans and the annotators with nothing there. */
    public record Cluster(int start, int end, String kind, List<SpanRef> spans, List<String> missing) {
    }

    private SpanClusters() {
    }

    /** @param annotators who did the item (id → name); their absence from a cluster makes it {@code missing} */
    public static List<Cluster> of(List<SpanRef> spans, Map<Long, String> annotators) {
        List<SpanRef> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingInt(SpanRef::start).thenComparingInt(SpanRef::end)
                .thenComparing(SpanRef::annotator).thenComparing(SpanRef::label));
        List<Cluster> out = new ArrayList<>();
        List<SpanRef> current = new ArrayList<>();
        int end = Integer.MIN_VALUE;
        for (SpanRef s : sorted) {
            if (!current.isEmpty() && s.start() >= end) {
                out.add(cluster(current, annotators));
                current = new ArrayList<>();
            }
            current.add(s);
            end = current.size() == 1 ? s.end() : Math.max(end, s.end());
        }
        if (!current.isEmpty()) {
            out.add(cluster(current, annotators));
        }
        return out;
    }

    private static Cluster cluster(List<SpanRef> spans, Map<Long, String> annotators) {
        int start = spans.stream().mapToInt(SpanRef::start).min().orElseThrow();
        int end = spans.stream().mapToInt(SpanRef::end).max().orElseThrow();
        Set<Long> present = new LinkedHashSet<>();
        Set<String> extents = new LinkedHashSet<>();
        Set<String> labels = new LinkedHashSet<>();
        for (SpanRef s : spans) {
            present.add(s.annotatorId());
            extents.add(s.start() + ":" + s.end());
            labels.add(s.label());
        }
        List<String> missing = annotators.entrySet().stream().filter(e -> !present.contains(e.getKey()))
                .map(Map.Entry::getValue).toList();
        String kind = !missing.isEmpty() ? MISSING : extents.size() > 1 ? BOUNDARY : labels.size() > 1 ? LABEL : AGREED;
        return new Cluster(start, end, kind, List.copyOf(spans), missing);
    }
}
