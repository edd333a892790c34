package io.crosscheck.review;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Majority gold's attributes: a value goes into the gold only when more than half of the agreeing annotators gave it. */
class MajorityTest {

    @Test
    void anAttributeTakesTheValueMoreThanHalfGave() {
        assertEquals(Map.of("severity", 2, "hedged", true), Majority.attributes(List.of(
                Map.of("severity", 2, "hedged", true),
                Map.of("severity", 2, "hedged", true),
                Map.of("severity", 3))));
    }

    @Test
    void anAttributeWithoutAMajorityIsLeftOut() {
        // Two agreeing annotators, two different severities: neither has more than half.
        assertEquals(Map.of(), Majority.attributes(List.of(Map.of("severity", 2), Map.of("severity", 3))));
        // Half is not more than half: one of two gave it, the other gave nothing.
        assertEquals(Map.of(), Majority.attributes(List.of(Map.of("severity", 2), Map.of())));
    }

    @Test
    void noAgreeingAnnotationsNoAttributes() {
        assertEquals(Map.of(), Majority.attributes(List.of()));
    }

    @Test
    void documentLabelNeedsMoreThanHalfOfThoseWhoDidTheItem() {
        assertEquals("pro", Majority.documentLabel(List.of("pro", "pro", "anti"), 3).orElseThrow());
        assertEquals(java.util.Optional.empty(), Majority.documentLabel(List.of("pro", "anti"), 2));
        // Four did the item, two said pro: not more than half.
        assertEquals(java.util.Optional.empty(), Majority.documentLabel(List.of("pro", "pro", "anti"), 4));
    }
}
