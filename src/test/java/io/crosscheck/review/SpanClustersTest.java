package io.crosscheck.review;

import io.crosscheck.review.SpanClusters.Cluster;
import io.crosscheck.review.SpanClusters.SpanRef;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Clusters are connected components of overlap; each gets the right kind; majority follows the rule. */
class SpanClustersTest {

    static final Map<Long, String> ABC = new LinkedHashMap<>(Map.of(1L, "a", 2L, "b", 3L, "c"));

    static SpanRef s(long who, String label, int start, int end) {
        return new SpanRef(who, ABC.get(who), label, start, end, "q");
    }

    @Test
    void overlapIsTransitiveAndTouchingSpansStayApart() {
        List<Cluster> clusters = SpanClusters.of(List.of(s(1, "x", 0, 5), s(2, "x", 4, 9), s(3, "x", 8, 12),
                s(1, "x", 12, 15)), ABC);
        assertEquals(2, clusters.size());
        assertEquals(0, clusters.get(0).start());
        assertEquals(12, clusters.get(0).end());
        assertEquals(3, clusters.get(0).spans().size());
        assertEquals(12, clusters.get(1).start());
    }

    @Test
    void kinds() {
        assertEquals(SpanClusters.AGREED, SpanClusters.of(List.of(s(1, "x", 0, 5), s(2, "x", 0, 5), s(3, "x", 0, 5)),
                ABC).get(0).kind());
        assertEquals(SpanClusters.LABEL, SpanClusters.of(List.of(s(1, "x", 0, 5), s(2, "y", 0, 5), s(3, "x", 0, 5)),
                ABC).get(0).kind());
        assertEquals(SpanClusters.BOUNDARY, SpanClusters.of(List.of(s(1, "x", 0, 5), s(2, "x", 1, 5), s(3, "x", 0, 5)),
                ABC).get(0).kind());
        Cluster missing = SpanClusters.of(List.of(s(1, "x", 0, 5), s(2, "x", 0, 5)), ABC).get(0);
        assertEquals(SpanClusters.MISSING, missing.kind());
        assertEquals(List.of("c"), missing.missing());
    }

    @Test
    void majorityTakesTheMostMarkedVariantOfAClusterMostAnnotatorsMarked() {
        Cluster c = SpanClusters.of(List.of(s(1, "x", 0, 5), s(2, "x", 0, 7), s(3, "x", 0, 5)), ABC).get(0);
        SpanRef m = Majority.span(c, 3, List.of("x")).orElseThrow();
        assertEquals(0, m.start());
        assertEquals(5, m.end());
        Cluster lonely = SpanClusters.of(List.of(s(1, "x", 0, 5)), ABC).get(0);
        assertTrue(Majority.span(lonely, 3, List.of("x")).isEmpty());
        assertEquals("pro", Majority.documentLabel(List.of("pro", "pro", "anti"), 3).orElseThrow());
        assertTrue(Majority.documentLabel(List.of("pro", "anti"), 3).isEmpty());
    }
}
