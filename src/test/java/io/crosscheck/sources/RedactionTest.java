package io.crosscheck.sources;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The blind-text mask keeps every code-point offset: one mask per code point, any case, astral characters too. */
class RedactionTest {

    static final String M = new String(Character.toChars(Redaction.MASK));

    @Test
    void masksEveryOccurrenceIgnoringCaseWithOneMaskPerCodePoint() {
        String text = "By Nectar Gan, CNN\n\n(CNN) — cnn.com reports; Cnn again.";
        String masked = Redaction.of(List.of("CNN", "Nectar Gan", "cnn.com")).mask(text);
        assertEquals("By " + M.repeat(10) + ", " + M.repeat(3) + "\n\n(" + M.repeat(3) + ") — " + M.repeat(7)
                + " reports; " + M.repeat(3) + " again.", masked);
        assertEquals(text.codePointCount(0, text.length()), masked.codePointCount(0, masked.length()));
    }

    @Test
    void anAstralCharacterInsideARedactedStringBecomesOneMask() {
        String text = "x 😀News😀 y 😀";
        String masked = Redaction.of(List.of("😀news😀")).mask(text);
        assertEquals("x " + M.repeat(6) + " y 😀", masked);
        assertEquals(text.codePointCount(0, text.length()), masked.codePointCount(0, masked.length()));
        // the offsets of what follows are unchanged
        assertEquals(text.codePointAt(text.offsetByCodePoints(0, 11)), masked.codePointAt(masked.offsetByCodePoints(0, 11)));
    }

    @Test
    void overlappingStringsMaskTheLongerOneWhole() {
        assertEquals(M.repeat(12) + " and " + M.repeat(3),
                Redaction.of(List.of("Fox", "Fox News Now")).mask("Fox News Now and fox"));
    }

    @Test
    void nothingToRedactLeavesTheTextAsItIs() {
        String text = "Plain (text) with regex signs .*";
        assertSame(text, Redaction.of(List.of()).mask(text));
        assertSame(text, Redaction.of(List.of(" ", "absent")).mask(text));
        assertEquals("Plain (text) with regex signs " + M.repeat(2), Redaction.of(List.of(".*")).mask(text));
    }
}
