package io.crosscheck.annotations.imports;

import io.crosscheck.common.CodePoints;

/**
 * How an imported annotation names its article: by id (Crosscheck's own NDJSON and W3C exports), by a URL (a W3C
 * target outside this service: the article with that {@code url}), or by its text (tools that ship the text: the
 * article with the same sha256, or a new one).
 */
public sealed interface ArticleRef {

    record ById(long id) implements ArticleRef {
    }

    record ByUrl(String url) implements ArticleRef {
    }

    /**
     * A text as an outside file carries it, already NFC-normalised, with what the file says about its article. Two
     * refs to one document are equal, so every line of a document resolves to one article.
     */
    record ByText(String text, String sha256, String source, String title, String url) implements ArticleRef {

        public static ByText of(String nfcText, String source, String title, String url) {
            return new ByText(nfcText, CodePoints.sha256(nfcText), blankToNull(source), title(title, nfcText), blankToNull(url));
        }

        /** The file's title, or the text's first line cut to 80 code points: an article needs a title. */
        private static String title(String given, String text) {
            if (given != null && !given.isBlank()) {
                return given.strip();
            }
            String first = text.strip().lines().findFirst().orElse("").strip();
            if (first.isEmpty()) {
                return "Imported text " + CodePoints.sha256(text).substring(0, 12);
            }
            return CodePoints.length(first) <= 80 ? first : CodePoints.substring(first, 0, 80) + "…";
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.strip();
        }

        @Override
        public String toString() {
            return "text " + sha256.substring(0, 12);
        }
    }
}
