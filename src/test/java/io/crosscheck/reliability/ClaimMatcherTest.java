package io.crosscheck.reliability;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rule that says two claim quotes from different versions are the same claim. */
class ClaimMatcherTest {

    @Test
    void rewordedClaimsAboveTheThresholdMatch() {
        // 7 shared words of 9 distinct: 0.78
        assertEquals(7.0 / 9, ClaimMatcher.similarity("his first international level meeting with other leaders",
                "his first major international meeting with other leaders"), 1e-12);
        assertTrue(ClaimMatcher.same("his first international level meeting with other leaders",
                "His first major international meeting, with other leaders"));
        assertFalse(ClaimMatcher.same("former US President", "Kim Jong Un's first multilateral international meeting"));
    }

    @Test
    void aContainedQuoteOfThreeWordsMatches() {
        assertTrue(ClaimMatcher.same("former US President", "by former US President Donald Trump to Asia"));
        assertFalse(ClaimMatcher.same("US President", "by former US President Donald Trump to Asia"));
        assertTrue(ClaimMatcher.occursIn("Former US president", "a visit by former US President Donald Trump."));
    }
}
