package io.crosscheck.annotations.imports;

import org.junit.jupiter.api.Test;

import java.text.Normalizer;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceTextTest {

    @Test
    void emojiBeforeASpanCountsTwoUtf16UnitsButOneCodePoint() throws Exception {
        SourceText t = SourceText.of("😀 Former US President");
        assertEquals(2, t.fromUtf16(3));
        assertEquals(2, t.fromCodePoints(2));
        assertEquals(2, t.fromGraphemes(2));
        assertEquals("Former", t.nfcSlice(t.fromUtf16(3), t.fromUtf16(9)));
    }

    @Test
    void aDecomposedAccentBeforeASpanShiftsItsOffsetsByOne() throws Exception {
        // "e" + U+0301 is two code points in the original and one ("é") after NFC.
        SourceText t = SourceText.of("Cafe\u0301 😀 Former US President");
        assertEquals("Café 😀 Former US President", t.nfc());
        assertEquals(7, t.fromCodePoints(8));
        assertEquals(7, t.fromUtf16(9));
        assertEquals(7, t.fromGraphemes(7));
        assertEquals("Former", t.nfcSlice(t.fromCodePoints(8), t.fromCodePoints(14)));
        assertEquals("Café", t.nfcSlice(t.fromCodePoints(0), t.fromCodePoints(5)));
    }

    @Test
    void anOffsetBetweenALetterAndTheAccentNfcJoinsToItIsRefused() {
        SourceText t = SourceText.of("Cafe\u0301 bar");
        SourceText.OffsetException e = assertThrows(SourceText.OffsetException.class, () -> t.fromCodePoints(4));
        assertTrue(e.getMessage().contains("NFC"), e.getMessage());
    }

    @Test
    void anOffsetBetweenTheHalvesOfASurrogatePairIsRefused() {
        SourceText t = SourceText.of("a😀b");
        assertThrows(SourceText.OffsetException.class, () -> t.fromUtf16(2));
        assertThrows(SourceText.OffsetException.class, () -> t.fromUtf16(9));
        assertThrows(SourceText.OffsetException.class, () -> t.fromCodePoints(-1));
    }

    @Test
    void anEmojiSequenceIsOneGraphemeCluster() throws Exception {
        // firefighter: man, skin tone, zero-width joiner, fire engine: 4 code points, 7 UTF-16 units, 1 grapheme.
        SourceText t = SourceText.of("\uD83D\uDC68\uD83C\uDFFB\u200D\uD83D\uDE92 firetrucks");
        assertEquals(5, t.fromGraphemes(2));
        assertEquals(5, t.fromUtf16(8));
        assertEquals("firetrucks", t.nfcSlice(t.fromGraphemes(2), t.fromGraphemes(12)));
    }

    @Test
    void piecewiseNormalisationEqualsWholeTextNormalisationOnRandomText() throws Exception {
        Random random = new Random(12);
        String[] alphabet = {"a", "e", " ", "\u0301", "\u0323", "\u0302", "\u0308", "o", "A", "\u1100", "\u1161", "\u11A8",
                "😀", "\u0B47", "\u0B3E", "\u212B", "\u00C5", "\u0344", ".", "\n", "\u0F73", "\uFB2C"};
        for (int round = 0; round < 2000; round++) {
            StringBuilder b = new StringBuilder();
            int n = random.nextInt(30);
            for (int i = 0; i < n; i++) {
                b.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String original = b.toString();
            SourceText t = SourceText.of(original);
            String whole = Normalizer.normalize(original, Normalizer.Form.NFC);
            assertEquals(whole, t.nfc(), "round " + round);
            assertEquals(t.nfcLength(), t.fromUtf16(original.length()));
            // Every offset that maps must split the text where normalising both halves apart gives the same text.
            for (int o = 0; o <= original.length(); o++) {
                int mapped;
                try {
                    mapped = t.fromUtf16(o);
                } catch (SourceText.OffsetException e) {
                    continue;
                }
                String head = Normalizer.normalize(original.substring(0, o), Normalizer.Form.NFC);
                assertEquals(head.codePointCount(0, head.length()), mapped, "round " + round + " offset " + o);
                assertEquals(whole, head + Normalizer.normalize(original.substring(o), Normalizer.Form.NFC));
            }
        }
    }
}
