package io.crosscheck.sources;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Blind texts (SPEC §8): masks every occurrence of a source's {@code redact} strings, ignoring case, with one
 * {@link #MASK} per code point. The masked text has exactly as many code points as the stored one, so every offset
 * an annotator takes on it is valid on the stored text.
 */
public final class Redaction {

    /** U+2588 FULL BLOCK: one code point, in the Basic Multilingual Plane, visibly not a letter. */
    public static final int MASK = 0x2588;

    private static final Redaction NONE = new Redaction(null);

    private final Pattern pattern;

    private Redaction(Pattern pattern) {
        this.pattern = pattern;
    }

    /** A redaction of the given strings (blank ones are ignored); none at all masks nothing. */
    public static Redaction of(List<String> strings) {
        List<String> useful = strings == null ? List.of() : strings.stream().filter(s -> s != null && !s.isBlank()).toList();
        if (useful.isEmpty()) {
            return NONE;
        }
        // Longest first, so that of two strings starting at one place the longer one is masked whole.
        String alternatives = useful.stream().distinct().sorted((a, b) -> b.length() - a.length())
                .map(Pattern::quote).reduce((a, b) -> a + "|" + b).orElseThrow();
        return new Redaction(Pattern.compile(alternatives, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
    }

    public boolean masksNothing() {
        return pattern == null;
    }

    /** The text with every occurrence masked code point by code point; null stays null. */
    public String mask(String text) {
        if (pattern == null || text == null) {
            return text;
        }
        Matcher m = pattern.matcher(text);
        StringBuilder out = null;
        int copied = 0;
        while (m.find()) {
            if (m.end() == m.start()) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, m.start());
            int codePoints = text.codePointCount(m.start(), m.end());
            for (int i = 0; i < codePoints; i++) {
                out.appendCodePoint(MASK);
            }
            copied = m.end();
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, text.length()).toString();
    }
}
