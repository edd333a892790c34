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

    private static final Pattern TOKEN = Pattern.compile(
            "(?:\\p{L}\\.){2,}"
                    + "|\\p{N}+(?:[.,]\\p{N}+)+"
                    + "|[\\p{L}\\p{M}\\p{N}]+(?:['’-][\\p{L}\\p{M}\\p{N}]+)*"
                    + "|\\S");

    /** A token: its text, code-point offsets [start, end), and whether a sentence ends after it. */
    record Token(String text, int start, int end, boolean sentenceEnd) {
    }

    private Tokenizer() {
    }

    static List<Token> tokens(String text) {
        List<int[]> raw = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            raw.add(new int[]{m.start(), m.end()});
        }
        List<Token> tokens = new ArrayList<>(raw.size());
        int cpPos = 0;
        int charPos = 0;
        boolean terminal = false;
        for (int i = 0; i < raw.size(); i++) {
            int s = raw.get(i)[0];
            int e = raw.get(i)[1];
            cpPos += text.codePointCount(charPos, s);
            int startCp = cpPos;
            cpPos += text.codePointCount(s, e);
            charPos = e;
            String t = text.substring(s, e);
            if (isTerminal(t)) {
                terminal = true;
            } else if (!(terminal && isClosing(t))) {
                terminal = false;
            }
            int nextStart = i + 1 < raw.size() ? raw.get(i + 1)[0] : text.length();
            String gap = text.substring(e, nextStart);
            boolean last = i + 1 == raw.size();
            boolean end = last || (!gap.isEmpty() && (terminal || gap.indexOf('\n') >= 0 || gap.indexOf('\r') >= 0));
            if (!gap.isEmpty()) {
                terminal = false;
            }
            tokens.add(new Token(t, startCp, cpPos, end));
        }
        return tokens;
    }

    private static boolean isTerminal(String t) {
        return t.equals(".") || t.equals("!") || t.equals("?") || t.equals("…");
    }

    private static boolean isClosing(String t) {
        return "\"'”’»)]".contains(t) && t.length() == 1;
    }
}
