package io.crosscheck.annotations;

import java.util.Arrays;

/**
 * An article text sliced by code-point offsets in O(log a), a being the number of astral (non-BMP) characters,
 * instead of {@code CodePoints.substring}'s walk from the start: an import checks hundreds of thousands of spans.
 */
public final class CodePointText {

    private final String text;
    /** Code-point indexes of the supplementary characters, ascending (each takes two UTF-16 units). */
    private final int[] astral;
    private final int length;

    private CodePointText(String text, int[] astral, int length) {
        this.text = text;
        this.astral = astral;
        this.length = length;
    }

    public static CodePointText of(String text) {
        return of(text, text.codePointCount(0, text.length()));
    }

    /** With the code-point length already known (articles store it): a text without astral characters needs no scan. */
    public static CodePointText of(String text, int codePointLength) {
        int surrogatePairs = text.length() - codePointLength;
        if (surrogatePairs == 0) {
            return new CodePointText(text, new int[0], codePointLength);
        }
        int[] astral = new int[surrogatePairs];
        int count = 0;
        int codePoint = 0;
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length && count < surrogatePairs; codePoint++) {
            if (Character.isHighSurrogate(chars[i]) && i + 1 < chars.length && Character.isLowSurrogate(chars[i + 1])) {
                astral[count++] = codePoint;
                i += 2;
            } else {
                i++;
            }
        }
        return new CodePointText(text, Arrays.copyOf(astral, count), codePointLength);
    }

    /** Length in code points. */
    public int length() {
        return length;
    }

    /** The text between code-point offsets {@code start} (inclusive) and {@code end} (exclusive); 0 <= start <= end <= length. */
    public String slice(int start, int end) {
        return text.substring(utf16(start), utf16(end));
    }

    private int utf16(int codePointIndex) {
        if (astral.length == 0) {
            return codePointIndex;
        }
        int before = Arrays.binarySearch(astral, codePointIndex);
        // Exact hit: the astral character at this index is not before it; otherwise -(insertion point) - 1.
        return codePointIndex + (before >= 0 ? before : -before - 1);
    }
}
