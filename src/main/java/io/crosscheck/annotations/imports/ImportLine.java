package io.crosscheck.annotations.imports;

import java.util.Map;

/**
 * One annotation as a format reader hands it to the import, before any rule is checked: the same fields as a line of
 * the NDJSON import, with the article named by an {@link ArticleRef}, the file's own layer name (mapped onto the
 * project's layers by {@link ImportOptions}) and offsets already converted to code points on the NFC text.
 *
 * @param line      the record number the report names: a line of the file, or a task/annotation index
 * @param where     the file inside a zip, or null
 * @param annotator the name the file gives, or null (then {@code ?annotator=})
 * @param layer     the layer name the file gives (a Label Studio control, a TSV layer, a CoNLL column), or null
 * @param label     null for "did the item and marked nothing"
 * @param quote     the span's text as the file gives it, checked against the text between the offsets; or null
 * @param anchor    a quote that places a span which has no offsets (W3C TextQuoteSelector), or null
 */
public record ImportLine(int line, String where, ArticleRef article, String annotator, String layer, String label,
                         Integer start, Integer end, String quote, QuoteAnchor anchor, Map<String, Object> attributes) {

    public boolean isSpan() {
        return start != null || end != null || anchor != null;
    }

    /** The line number and place for the report. */
    public String describe(String detail) {
        return where == null ? detail : where + ": " + detail;
    }
}
