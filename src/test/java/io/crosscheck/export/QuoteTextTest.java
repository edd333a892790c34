package io.crosscheck.export;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The W3C writer's constant-time uniqueness test agrees with searching the text, on texts that repeat themselves. */
class QuoteTextTest {

    /** What the writer used to do: search the text for a second occurrence of the range's chars. */
    private static boolean searched(String text, int from, int to) {
        int a = text.offsetByCodePoints(0, from);
        int b = text.offsetByCodePoints(0, to);
        String needle = text.substring(a, b);
        int first = text.indexOf(needle);
        return first >= 0 && text.indexOf(needle, first + 1) < 0;
    }

    @Test
    void everyRangeOfRandomRepetitiveTextsMatchesASearch() {
        Random random = new Random(12);
        String[] alphabet = {"a", "b", "c", " ", "😀", "é"};
        for (int round = 0; round < 300; round++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + random.nextInt(40);
            int symbols = 1 + random.nextInt(alphabet.length);
            for (int i = 0; i < n; i++) {
                sb.append(alphabet[random.nextInt(symbols)]);
            }
            if (random.nextBoolean()) {
                sb.append(sb.toString().repeat(1 + random.nextInt(3))); // a text that repeats its body
            }
            String text = sb.toString();
            QuoteText q = new QuoteText(text);
            assertEquals(text.codePointCount(0, text.length()), q.length);
            for (int from = 0; from < q.length; from++) {
                for (int to = from + 1; to <= q.length; to++) {
                    boolean whole = from == 0 && to == q.length;
                    assertEquals(whole || searched(text, from, to), q.unique(from, to),
                            () -> "text '" + text + "'");
                }
            }
        }
    }

    @Test
    void suffixArrayIsTheSortedSuffixes() {
        Random random = new Random(7);
        for (int round = 0; round < 500; round++) {
            int n = random.nextInt(60);
            int[] s = new int[n];
            int alphabet = 1 + random.nextInt(random.nextBoolean() ? 3 : 70000);
            for (int i = 0; i < n; i++) {
                s[i] = random.nextInt(alphabet);
            }
            Integer[] naive = new Integer[n];
            for (int i = 0; i < n; i++) {
                naive[i] = i;
            }
            java.util.Arrays.sort(naive, (x, y) -> java.util.Arrays.compare(s, x, n, s, y, n));
            assertArrayEquals(java.util.Arrays.stream(naive).mapToInt(Integer::intValue).toArray(), QuoteText.suffixArray(s));
        }
    }

    /** Every code point, alone and between others, written from the escaped text gives Jackson's own bytes. */
    @Test
    void rangesAreWrittenAsTheGeneratorWritesStrings() throws Exception {
        StringBuilder all = new StringBuilder();
        for (int c = 0; c < 0x10000; c++) {
            if (!Character.isSurrogate((char) c)) {
                all.append((char) c);
            }
        }
        all.append("😀 𝒜 \"\\ \u2028 \u007f");
        String text = all.toString();
        QuoteText q = new QuoteText(text);
        Random random = new Random(3);
        for (int round = 0; round < 2000; round++) {
            int from = round < 1000 ? Math.min(round * 66, q.length - 1) : random.nextInt(q.length);
            int to = Math.min(q.length, from + 1 + random.nextInt(round < 1000 ? 70 : 3000));
            String expected = json(g -> g.writeString(text.substring(text.offsetByCodePoints(0, from),
                    text.offsetByCodePoints(0, to))));
            String actual = json(g -> q.writeString(g, from, to));
            assertTrue(expected.equals(actual), () -> "range " + from + ".." + to + " differs");
        }
    }

    private interface Write {
        void to(com.fasterxml.jackson.core.JsonGenerator g) throws java.io.IOException;
    }

    private static String json(Write w) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (var g = Json.generator(out)) {
            w.to(g);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
