package io.crosscheck.export;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CoNLL export's tokeniser: a Unicode-aware regular expression, no model, so anyone can reproduce it.
 * Tokens, tried in this order: abbreviations of single letters with dots ({@code U.S.}); numbers with inner
 * separators ({@code 1,000.5}); words of letters, marks and digits, joined by inner apostrophes or hyphens
 * ({@code don't}, {@code state-run}, {@code COVID-19}); otherwise any single non-space code point (punctuation,
 * symbols, each emoji code point). A sentence ends after a {@code .}, {@code !}, {@code ?} or {@code …} (with any
 * closing quotes or brackets stuck to it) that is followed by whitespace or the end of the text, and at every
 * line break. Offsets are code points.
 */
final class Tokenizer {

    /**
     * The rule, as a regular expression anyone can reproduce; {@link #tokens} scans the text by hand with the same
     * result (a hand scanner is several times faster than {@link Matcher#find}, and CoNLL tokenises every exported
     * article; {@code TokenizerTest} compares the two on random texts).
     */
    static final Pattern TOKEN = Pattern.compile(
            "(?:\\p{L}\\.){2,}"
                    + "|\\p{N}+(?:[.,]\\p{N}+)+"
                    + "|[\\p{L}\\p{M}\\p{N}]+(?:['’-][\\p{L}\\p{M}\\p{N}]+)*"
                    + "|\\S");

    /** A token: its text, code-point offsets [start, end), and whether a sentence ends after it. */
    record Token(String text, int start, int end, boolean sentenceEnd) {
    }

    private Tokenizer() {
    }

    /** The tokens as {@link #TOKEN} finds them, with sentence ends. */
    static List<Token> tokens(String text) {
        int n = text.length();
        List<Token> tokens = new ArrayList<>(n / 4 + 1);
        int i = 0;
        int cp = 0;
        // Each token is found before the previous one is added, so the gap after it is known.
        int prevStart = -1;
        int prevEnd = 0;
        int prevStartCp = 0;
        int prevEndCp = 0;
        boolean terminal = false;
        while (true) {
            while (i < n && isSpace(text.charAt(i))) {
                i++;
                cp++;
            }
            int s = i;
            int sCp = cp;
            if (i < n) {
                int e = match(text, i);
                cp += text.codePointCount(i, e);
                i = e;
            }
            if (prevStart >= 0) {
                String t = text.substring(prevStart, prevEnd);
                if (isTerminal(t)) {
                    terminal = true;
                } else if (!(terminal && isClosing(t))) {
                    terminal = false;
                }
                boolean last = s >= n;
                boolean gap = (last ? n : s) > prevEnd;
                boolean end = last || (gap && (terminal || hasLineBreak(text, prevEnd, s)));
                if (gap) {
                    terminal = false;
                }
                tokens.add(new Token(t, prevStartCp, prevEndCp, end));
            }
            if (s >= n) {
                return tokens;
            }
            prevStart = s;
            prevEnd = i;
            prevStartCp = sCp;
            prevEndCp = cp;
        }
    }

    /** {@code \\s} without UNICODE_CHARACTER_CLASS: the six ASCII whitespace characters. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    private static boolean hasLineBreak(String text, int from, int to) {
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            if (c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    /** The end (char index) of the token starting at {@code i}, a non-space: {@link #TOKEN}'s alternatives in order. */
    private static int match(String text, int i) {
        int n = text.length();
        // (?:\p{L}\.){2,}
        int k = i;
        int pairs = 0;
        while (k < n) {
            int c = text.codePointAt(k);
            int next = k + Character.charCount(c);
            if (!isLetter(c) || next >= n || text.charAt(next) != '.') {
                break;
            }
            k = next + 1;
            pairs++;
        }
        if (pairs >= 2) {
            return k;
        }
        int c0 = text.codePointAt(i);
        // \p{N}+(?:[.,]\p{N}+)+
        if (isNumber(c0)) {
            k = run(text, i, true);
            int groups = 0;
            while (k + 1 < n && (text.charAt(k) == '.' || text.charAt(k) == ',') && isNumber(text.codePointAt(k + 1))) {
                k = run(text, k + 1, true);
                groups++;
            }
            if (groups > 0) {
                return k;
            }
        }
        // [\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*
        if (isWordPart(c0)) {
            k = run(text, i, false);
            while (k + 1 < n && isJoiner(text.charAt(k)) && isWordPart(text.codePointAt(k + 1))) {
                k = run(text, k + 1, false);
            }
            return k;
        }
        // \S: one code point
        return i + Character.charCount(c0);
    }

    /** The end of the run of numbers ({@code digits}) or word parts starting at {@code i}. */
    private static int run(String text, int i, boolean digits) {
        int n = text.length();
        int k = i;
        while (k < n) {
            int c = text.codePointAt(k);
            if (digits ? !isNumber(c) : !isWordPart(c)) {
                break;
            }
            k += Character.charCount(c);
        }
        return k;
    }

    private static boolean isJoiner(char c) {
        return c == '\'' || c == '’' || c == '-';
    }

    /** ASCII first: most text is, and there the classes are plain ranges (letters a-z, A-Z; numbers 0-9; no marks). */
    private static boolean isLetter(int c) {
        if (c < 0x80) {
            int lower = c | 0x20;
            return lower >= 'a' && lower <= 'z';
        }
        return Character.isLetter(c);
    }

    private static boolean isNumber(int c) {
        if (c < 0x80) {
            return c >= '0' && c <= '9';
        }
        int t = Character.getType(c);
        return t == Character.DECIMAL_DIGIT_NUMBER || t == Character.LETTER_NUMBER || t == Character.OTHER_NUMBER;
    }

    private static boolean isWordPart(int c) {
        if (c < 0x80) {
            return isLetter(c) || isNumber(c);
        }
        if (Character.isLetter(c)) {
            return true;
        }
        int t = Character.getType(c);
        return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK || t == Character.ENCLOSING_MARK
                || isNumber(c);
    }

    private static boolean isTerminal(String t) {
        return t.length() == 1 && (t.equals(".") || t.equals("!") || t.equals("?") || t.equals("…"));
    }

    private static boolean isClosing(String t) {
        return "\"'”’»)]".contains(t) && t.length() == 1;
    }
}
