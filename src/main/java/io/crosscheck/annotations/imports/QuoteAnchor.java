package io.crosscheck.annotations.imports;

import java.util.ArrayList;
import java.util.List;

/**
 * A W3C TextQuoteSelector without positions: the span is where {@code prefix + exact + suffix} occurs in the text.
 * W3C says a quote that matches several places selects all of them; a Crosscheck annotation is one span, so only a
 * quote that matches exactly once is placed.
 */
public record QuoteAnchor(String exact, String prefix, String suffix) {

    /** Code-point offsets [start, end) of the one match; throws with the reason when there is none or several. */
    public int[] locate(String text) throws SourceText.OffsetException {
        String pre = prefix == null ? "" : prefix;
        String post = suffix == null ? "" : suffix;
        String needle = pre + exact + post;
        List<Integer> hits = new ArrayList<>();
        for (int i = text.indexOf(needle); i >= 0 && hits.size() < 2; i = text.indexOf(needle, i + 1)) {
            hits.add(i);
        }
        if (hits.isEmpty()) {
            throw new SourceText.OffsetException("the quote \"" + exact + "\" (with its prefix and suffix) is not in the text");
        }
        if (hits.size() > 1) {
            throw new SourceText.OffsetException("the quote \"" + exact + "\" with its prefix and suffix occurs more than once "
                    + "in the text; a TextPositionSelector or a longer prefix/suffix would say which");
        }
        int from = hits.get(0) + pre.length();
        int start = text.codePointCount(0, from);
        return new int[]{start, start + exact.codePointCount(0, exact.length())};
    }
}
