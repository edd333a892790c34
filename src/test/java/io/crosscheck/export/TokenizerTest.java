package io.crosscheck.export;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hand-written CoNLL tokeniser finds exactly what its regular expression finds, with the same sentence ends. */
class TokenizerTest {

    /** The tokeniser as it was written first: {@link Tokenizer#TOKEN} through {@link Matcher#find}. */
    static List<Tokenizer.Token> byRegex(String text) {
        List<int[]> raw = new ArrayList<>();
        Matcher m = Tokenizer.TOKEN.matcher(text);
        while (m.find()) {
            raw.add(new int[]{m.start(), m.end()});
        }
        List<Tokenizer.Token> tokens = new ArrayList<>(raw.size());
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
            if (t.equals(".") || t.equals("!") || t.equals("?") || t.equals("…")) {
                terminal = true;
            } else if (!(terminal && t.length() == 1 && "\"'”’»)]".contains(t))) {
                terminal = false;
            }
            int nextStart = i + 1 < raw.size() ? raw.get(i + 1)[0] : text.length();
            String gap = text.substring(e, nextStart);
            boolean last = i + 1 == raw.size();
            boolean end = last || (!gap.isEmpty() && (terminal || gap.indexOf('\n') >= 0 || gap.indexOf('\r') >= 0));
            if (!gap.isEmpty()) {
                terminal = false;
            }
            tokens.add(new Tokenizer.Token(t, startCp, cpPos, end));
        }
        return tokens;
    }

    private static final String[] PIECES = {"a", "Z", "é", "e\u0301", "\u0301", "ß", "中", "𝒜", "1", "٣", "½", "Ⅻ", ".", ",",
        "'", "’", "-", "!", "?", "…", "\"", "”", "»", ")", "]", " ", "  ", "\n", "\r\n", "\t", "\u000B", "\f",
        "\u00A0", "\u2009", "😀", "👍🏽", "‍", "#", "$", "U.S.", "1,000.5", "don't", "state-run", "e.g.", "3.", ".5"};

    @Test
    void randomTextsTokeniseAsTheRegularExpression() {
        Random random = new Random(2026);
        for (int round = 0; round < 20000; round++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(25);
            for (int i = 0; i < n; i++) {
                sb.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String text = sb.toString();
            assertEquals(byRegex(text), Tokenizer.tokens(text), () -> "text '" + text + "'");
        }
    }

    @Test
    void everyBmpCharacterAloneAndBetweenLettersTokenisesAsTheRegularExpression() {
        for (int c = 0; c < 0x10000; c++) {
            if (Character.isSurrogate((char) c)) {
                continue;
            }
            String ch = String.valueOf((char) c);
            for (String text : new String[]{ch, "a" + ch + "b", "1" + ch + "2", "a." + ch + ".", ch + ". x"}) {
                assertEquals(byRegex(text), Tokenizer.tokens(text), () -> "text '" + text + "'");
            }
        }
    }
}
