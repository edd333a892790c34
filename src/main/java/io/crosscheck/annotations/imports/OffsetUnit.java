package io.crosscheck.annotations.imports;

/** What a tool's offsets count in its original text; {@link SourceText} turns each into code points on the NFC text. */
public enum OffsetUnit {
    /** Unicode code points (Python's str indexes, W3C, current Label Studio). */
    CODEPOINTS,
    /** UTF-16 code units (JavaScript and Java string indexes: doccano, WebAnno TSV, Label Studio before 2022). */
    UTF16,
    /** Extended grapheme clusters (doccano projects with "count grapheme clusters as one character"). */
    GRAPHEMES;

    public int toNfcCodePoints(SourceText text, int offset) throws SourceText.OffsetException {
        return switch (this) {
            case CODEPOINTS -> text.fromCodePoints(offset);
            case UTF16 -> text.fromUtf16(offset);
            case GRAPHEMES -> text.fromGraphemes(offset);
        };
    }

    public String describe() {
        return switch (this) {
            case CODEPOINTS -> "code points";
            case UTF16 -> "UTF-16 units";
            case GRAPHEMES -> "grapheme clusters";
        };
    }
}
