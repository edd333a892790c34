package io.crosscheck.annotations;

import io.crosscheck.common.CodePoints;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CodePointTextTest {

    @Test
    void slicesByCodePointsAroundAstralCharacters() {
        CodePointText text = CodePointText.of("😀 Former 😀😀 x𝄞");
        assertEquals(14, text.length());
        assertEquals("😀", text.slice(0, 1));
        assertEquals("Former", text.slice(2, 8));
        assertEquals("😀😀", text.slice(9, 11));
        assertEquals("𝄞", text.slice(13, 14));
        assertEquals("", text.slice(14, 14));
    }

    @Test
    void agreesWithCodePointsSubstringOnRandomText() {
        Random random = new Random(7);
        int[] pool = {'a', 'b', ' ', 'é', 0x1F600, 0x1D11E, 0x4E2D};
        for (int round = 0; round < 200; round++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(60);
            for (int i = 0; i < n; i++) {
                sb.appendCodePoint(pool[random.nextInt(pool.length)]);
            }
            String s = sb.toString();
            CodePointText text = CodePointText.of(s);
            assertEquals(CodePoints.length(s), text.length());
            for (int k = 0; k < 20 && n > 0; k++) {
                int start = random.nextInt(n + 1);
                int end = start + random.nextInt(n - start + 1);
                assertEquals(CodePoints.substring(s, start, end), text.slice(start, end), s + " " + start + ".." + end);
            }
        }
    }
}
