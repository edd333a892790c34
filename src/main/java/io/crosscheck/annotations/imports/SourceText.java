package io.crosscheck.annotations.imports;

import io.crosscheck.common.CodePoints;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text as an outside tool saw it, and the NFC text Crosscheck stores, with the map between their offsets: a tool's
 * offset (in its own unit: UTF-16 units, code points or grapheme clusters of the original text) becomes a code-point
 * offset on the NFC text, or is refused when it falls inside something normalisation joins (a surrogate pair, or a
 * letter and the accent NFC composes with it).
 *
 * <p>NFC works on short stretches: a code point below U+0300 is never combined with what precedes it (all of them
 * have combining class 0 and none is the second half of a canonical composition), so the text is cut before each such
 * code point and every piece is normalised on its own; only pieces that NFC changes need a map. An offset inside a
 * changed piece maps only where normalising the two halves apart gives the same result as normalising the piece.
 */
public final class SourceText {

    private static final Pattern GRAPHEME = Pattern.compile("\\X");

    private final String original;
    private final String nfc;
    /** Pieces NFC changed, in text order: original UTF-16 start/end and NFC UTF-16 start/end. */
    private final int[] changedFrom;
    private final int[] changedTo;
    private final int[] nfcFrom;
    private final int[] nfcTo;
    private final int[] nfcAstral;
    private int[] originalAstral;
    private int[] graphemeStarts;

    private SourceText(String original, String nfc, int[] changedFrom, int[] changedTo, int[] nfcFrom, int[] nfcTo) {
        this.original = original;
        this.nfc = nfc;
        this.changedFrom = changedFrom;
        this.changedTo = changedTo;
        this.nfcFrom = nfcFrom;
        this.nfcTo = nfcTo;
        this.nfcAstral = astralIndexes(nfc);
    }

    /** Refused offset: the message says what it falls inside. */
    public static final class OffsetException extends Exception {
        public OffsetException(String message) {
            super(message, null, false, false);
        }
    }

    public static SourceText of(String original) {
        if (Normalizer.isNormalized(original, Normalizer.Form.NFC)) {
            return new SourceText(original, original, new int[0], new int[0], new int[0], new int[0]);
        }
        StringBuilder out = new StringBuilder(original.length());
        List<int[]> changed = new ArrayList<>();
        int pieceStart = 0;
        for (int i = 1; i <= original.length(); i++) {
            if (i == original.length() || original.charAt(i) < 0x300) {
                String piece = original.substring(pieceStart, i);
                String normalized = Normalizer.normalize(piece, Normalizer.Form.NFC);
                if (!normalized.equals(piece)) {
                    changed.add(new int[]{pieceStart, i, out.length(), out.length() + normalized.length()});
                }
                out.append(normalized);
                pieceStart = i;
            }
        }
        int n = changed.size();
        int[] from = new int[n];
        int[] to = new int[n];
        int[] nFrom = new int[n];
        int[] nTo = new int[n];
        for (int k = 0; k < n; k++) {
            int[] c = changed.get(k);
            from[k] = c[0];
            to[k] = c[1];
            nFrom[k] = c[2];
            nTo[k] = c[3];
        }
        return new SourceText(original, out.toString(), from, to, nFrom, nTo);
    }

    public String original() {
        return original;
    }

    /** The text Crosscheck stores (NFC). */
    public String nfc() {
        return nfc;
    }

    /** Length of the NFC text in code points. */
    public int nfcLength() {
        return nfc.length() - nfcAstral.length;
    }

    public int originalUtf16Length() {
        return original.length();
    }

    public int originalCodePointLength() {
        return original.length() - originalAstral().length;
    }

    public int originalGraphemeLength() {
        return graphemeStarts().length - 1;
    }

    /** A code-point offset on the NFC text for a UTF-16 offset (0..length) into the original. */
    public int fromUtf16(int offset) throws OffsetException {
        if (offset < 0 || offset > original.length()) {
            throw new OffsetException("offset " + offset + " is outside the text (0.." + original.length() + " UTF-16 units)");
        }
        if (offset > 0 && offset < original.length() && Character.isLowSurrogate(original.charAt(offset))
                && Character.isHighSurrogate(original.charAt(offset - 1))) {
            throw new OffsetException("offset " + offset + " falls between the two UTF-16 units of one character");
        }
        return nfcCodePoints(nfcUtf16(offset));
    }

    /** A code-point offset on the NFC text for a code-point offset (0..length) into the original. */
    public int fromCodePoints(int offset) throws OffsetException {
        int[] astral = originalAstral();
        int length = original.length() - astral.length;
        if (offset < 0 || offset > length) {
            throw new OffsetException("offset " + offset + " is outside the text (0.." + length + " code points)");
        }
        return nfcCodePoints(nfcUtf16(utf16Of(offset, astral)));
    }

    /** A code-point offset on the NFC text for an offset counted in grapheme clusters (Unicode UAX #29, Java's \X). */
    public int fromGraphemes(int offset) throws OffsetException {
        int[] starts = graphemeStarts();
        if (offset < 0 || offset >= starts.length) {
            throw new OffsetException("offset " + offset + " is outside the text (0.." + (starts.length - 1)
                    + " grapheme clusters)");
        }
        return nfcCodePoints(nfcUtf16(starts[offset]));
    }

    /** The NFC text between two NFC code-point offsets. */
    public String nfcSlice(int start, int end) {
        return nfc.substring(utf16Of(start, nfcAstral), utf16Of(end, nfcAstral));
    }

    private int nfcUtf16(int offset) throws OffsetException {
        if (changedFrom.length == 0) {
            return offset;
        }
        // The last changed piece starting at or before the offset.
        int k = Arrays.binarySearch(changedFrom, offset);
        if (k < 0) {
            k = -k - 2;
        }
        if (k < 0) {
            return offset;
        }
        if (offset >= changedTo[k]) {
            return offset + (nfcTo[k] - changedTo[k]);
        }
        if (offset == changedFrom[k]) {
            return nfcFrom[k];
        }
        String piece = original.substring(changedFrom[k], changedTo[k]);
        int inside = offset - changedFrom[k];
        String head = CodePoints.nfc(piece.substring(0, inside));
        String tail = CodePoints.nfc(piece.substring(inside));
        if (!(head + tail).equals(nfc.substring(nfcFrom[k], nfcTo[k]))) {
            throw new OffsetException("offset falls inside \"" + piece + "\", which Unicode normalisation (NFC) joins into \""
                    + nfc.substring(nfcFrom[k], nfcTo[k]) + "\"");
        }
        return nfcFrom[k] + head.length();
    }

    private int nfcCodePoints(int utf16) {
        int before = Arrays.binarySearch(nfcAstral, utf16);
        // Astral characters that start before this index each took one extra unit.
        int astralBefore = before >= 0 ? before : -before - 1;
        return utf16 - astralBefore;
    }

    /** UTF-16 index of a code-point index, given the code-point indexes of the text's astral characters. */
    private static int utf16Of(int codePoint, int[] astralUtf16) {
        // astralUtf16 holds UTF-16 indexes; the k-th astral character sits at code point astralUtf16[k] - k.
        int lo = 0;
        int hi = astralUtf16.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (astralUtf16[mid] - mid < codePoint) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return codePoint + lo;
    }

    private int[] originalAstral() {
        if (originalAstral == null) {
            originalAstral = original == nfc ? nfcAstral : astralIndexes(original);
        }
        return originalAstral;
    }

    private int[] graphemeStarts() {
        if (graphemeStarts == null) {
            List<Integer> starts = new ArrayList<>();
            Matcher m = GRAPHEME.matcher(original);
            while (m.find()) {
                starts.add(m.start());
            }
            starts.add(original.length());
            graphemeStarts = starts.stream().mapToInt(Integer::intValue).toArray();
        }
        return graphemeStarts;
    }

    /** UTF-16 indexes of the high surrogates that start a supplementary character, ascending. */
    private static int[] astralIndexes(String s) {
        int count = 0;
        for (int i = 0; i + 1 < s.length(); i++) {
            if (Character.isHighSurrogate(s.charAt(i)) && Character.isLowSurrogate(s.charAt(i + 1))) {
                count++;
                i++;
            }
        }
        int[] out = new int[count];
        int k = 0;
        for (int i = 0; i + 1 < s.length() && k < count; i++) {
            if (Character.isHighSurrogate(s.charAt(i)) && Character.isLowSurrogate(s.charAt(i + 1))) {
                out[k++] = i;
                i++;
            }
        }
        return out;
    }
}
