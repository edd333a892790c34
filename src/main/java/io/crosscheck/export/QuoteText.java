package io.crosscheck.export;

/**
 * One article's text as the W3C writers need it: ranges of code points written as JSON strings from the text escaped
 * once (not a new string per selector), and the test "does this range of the text occur only once in it?" answered in
 * constant time.
 *
 * <p>Uniqueness: built once per article on first use, {@code repeat[i]} is the length of the longest prefix of the
 * text from code point {@code i} that also occurs at another position (the larger LCP of suffix {@code i} with its
 * two neighbours in the suffix array). A range {@code [from, to)} occurs elsewhere exactly when
 * {@code to - from <= repeat[from]}. Searching the text once per try instead cost O(text) per selector try; an article
 * that repeats its body needs several tries per annotation, and that search was most of the W3C export's time.
 */
final class QuoteText {

    final String text;
    /** The text's length in code points. */
    final int length;
    private int[] repeat;
    /** The text as JSON string content (UTF-8, escaped as {@link Json}'s generator escapes), and where each code point starts in it. */
    private byte[] json;
    private int[] jsonAt;

    QuoteText(String text) {
        this.text = text;
        this.length = text.codePointCount(0, text.length());
    }

    /**
     * Writes the code points {@code [from, to)} as a JSON string: a copy from the text escaped once per article, the same
     * bytes the generator's {@code writeString} gives (pinned by {@code QuoteTextTest}). Selectors repeat most of the
     * text many times over, so escaping it once instead of per selector matters.
     */
    void writeString(com.fasterxml.jackson.core.JsonGenerator g, int from, int to) throws java.io.IOException {
        if (json == null) {
            escape();
        }
        g.writeRawUTF8String(json, jsonAt[from], jsonAt[to] - jsonAt[from]);
    }

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * JSON escaping as Jackson's default: the quote and the backslash, short forms for b t n f r, other controls and both
     * halves of a surrogate pair as a backslash-u escape with four upper-case hex digits, the rest as UTF-8.
     */
    private void escape() {
        int n = text.length();
        byte[] out = new byte[n + 16];
        int[] at = new int[length + 1];
        int o = 0;
        int cp = 0;
        for (int i = 0; i < n; ) {
            if (out.length - o < 12) {
                out = java.util.Arrays.copyOf(out, out.length * 2 + 12);
            }
            at[cp++] = o;
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            o = escape(c, out, o);
        }
        at[cp] = o;
        json = out;
        jsonAt = at;
    }

    /**
     * Writes code point {@code c} into {@code out} at {@code o} as Jackson's generator escapes it inside a JSON string
     * (see {@link #escape()}); returns the new position. {@code out} must have 12 bytes free.
     */
    static int escape(int c, byte[] out, int o) {
        if (c < 0x80) {
            if (c >= 0x20 && c != '"' && c != '\\') {
                out[o++] = (byte) c;
                return o;
            }
            out[o++] = '\\';
            switch (c) {
                case '"' -> out[o++] = '"';
                case '\\' -> out[o++] = '\\';
                case '\b' -> out[o++] = 'b';
                case '\t' -> out[o++] = 't';
                case '\n' -> out[o++] = 'n';
                case '\f' -> out[o++] = 'f';
                case '\r' -> out[o++] = 'r';
                default -> {
                    out[o++] = 'u';
                    out[o++] = '0';
                    out[o++] = '0';
                    out[o++] = HEX[c >> 4];
                    out[o++] = HEX[c & 0xF];
                }
            }
        } else if (c < 0x800) {
            out[o++] = (byte) (0xC0 | (c >> 6));
            out[o++] = (byte) (0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            out[o++] = (byte) (0xE0 | (c >> 12));
            out[o++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            out[o++] = (byte) (0x80 | (c & 0x3F));
        } else {
            // Jackson's UTF-8 generator writes a surrogate pair as two \\u escapes, not as four UTF-8 bytes.
            hex(out, o, Character.highSurrogate(c));
            hex(out, o + 6, Character.lowSurrogate(c));
            o += 12;
        }
        return o;
    }

    /** Builds what {@link #unique} and {@link #writeString} need now rather than on first use. */
    void index() {
        if (repeat == null && length > 0) {
            repeat = longestRepeats(text.codePoints().toArray());
        }
        if (json == null) {
            escape();
        }
    }

    /** Whether the code points {@code [from, to)} occur at no other position of the text (overlaps count). */
    boolean unique(int from, int to) {
        if (from == 0 && to == length) {
            return true;
        }
        if (repeat == null) {
            repeat = longestRepeats(text.codePoints().toArray());
        }
        return to - from > repeat[from];
    }

    private static void hex(byte[] out, int o, char c) {
        out[o] = '\\';
        out[o + 1] = 'u';
        out[o + 2] = HEX[(c >> 12) & 0xF];
        out[o + 3] = HEX[(c >> 8) & 0xF];
        out[o + 4] = HEX[(c >> 4) & 0xF];
        out[o + 5] = HEX[c & 0xF];
    }

    /** For each position, the longest prefix of the suffix there that occurs at another position too. */
    static int[] longestRepeats(int[] s) {
        int n = s.length;
        int[] sa = suffixArray(s);
        int[] rank = new int[n];
        for (int i = 0; i < n; i++) {
            rank[sa[i]] = i;
        }
        // Kasai et al.: lcp[r] = LCP(sa[r - 1], sa[r]) in O(n), walking the suffixes in text order.
        int[] lcp = new int[n + 1];
        int h = 0;
        for (int i = 0; i < n; i++) {
            int r = rank[i];
            if (r == 0) {
                h = 0;
                continue;
            }
            int j = sa[r - 1];
            while (i + h < n && j + h < n && s[i + h] == s[j + h]) {
                h++;
            }
            lcp[r] = h;
            if (h > 0) {
                h--;
            }
        }
        int[] repeat = new int[n];
        for (int i = 0; i < n; i++) {
            int r = rank[i];
            repeat[i] = Math.max(lcp[r], lcp[r + 1]);
        }
        return repeat;
    }

    /** The suffix array of the code points (alphabet reduced to dense ranks first), by SA-IS. */
    static int[] suffixArray(int[] cps) {
        int n = cps.length;
        int[] s = new int[n];
        int max = 0;
        for (int c : cps) {
            max = Math.max(max, c);
        }
        int upper;
        if (max < 4096) {
            s = cps.clone();
            upper = max;
        } else {
            int[] distinct = cps.clone();
            java.util.Arrays.sort(distinct);
            int d = 0;
            for (int i = 0; i < n; i++) {
                if (i == 0 || distinct[i] != distinct[i - 1]) {
                    distinct[d++] = distinct[i];
                }
            }
            for (int i = 0; i < n; i++) {
                s[i] = java.util.Arrays.binarySearch(distinct, 0, d, cps[i]);
            }
            upper = d - 1;
        }
        return saIs(s, upper);
    }

    /**
     * SA-IS (Nong, Zhang and Chan 2009), linear time, as in the AtCoder Library: sort the LMS substrings by induced
     * sorting, name them, recurse on the names if two are equal, then induce the whole array from the sorted LMS
     * suffixes. {@code s} holds values in {@code [0, upper]}.
     */
    static int[] saIs(int[] s, int upper) {
        int n = s.length;
        if (n == 0) {
            return new int[0];
        }
        if (n == 1) {
            return new int[]{0};
        }
        if (n == 2) {
            return s[0] < s[1] ? new int[]{0, 1} : new int[]{1, 0};
        }
        int[] sa = new int[n];
        boolean[] ls = new boolean[n];
        for (int i = n - 2; i >= 0; i--) {
            ls[i] = s[i] == s[i + 1] ? ls[i + 1] : s[i] < s[i + 1];
        }
        int[] sumL = new int[upper + 1];
        int[] sumS = new int[upper + 1];
        for (int i = 0; i < n; i++) {
            if (!ls[i]) {
                sumS[s[i]]++;
            } else if (s[i] + 1 <= upper) {
                sumL[s[i] + 1]++;
            }
        }
        for (int i = 0; i <= upper; i++) {
            sumS[i] += sumL[i];
            if (i < upper) {
                sumL[i + 1] += sumS[i];
            }
        }
        int[] lmsMap = new int[n + 1];
        java.util.Arrays.fill(lmsMap, -1);
        int m = 0;
        for (int i = 1; i < n; i++) {
            if (!ls[i - 1] && ls[i]) {
                lmsMap[i] = m++;
            }
        }
        int[] lms = new int[m];
        for (int i = 1, j = 0; i < n; i++) {
            if (!ls[i - 1] && ls[i]) {
                lms[j++] = i;
            }
        }
        int[] buf = new int[upper + 1];
        induce(s, sa, ls, sumS, sumL, buf, lms, m);
        if (m > 0) {
            int[] sorted = new int[m];
            int j = 0;
            for (int v : sa) {
                if (lmsMap[v] != -1) {
                    sorted[j++] = v;
                }
            }
            int[] recS = new int[m];
            int recUpper = 0;
            recS[lmsMap[sorted[0]]] = 0;
            for (int i = 1; i < m; i++) {
                int l = sorted[i - 1];
                int r = sorted[i];
                int endL = lmsMap[l] + 1 < m ? lms[lmsMap[l] + 1] : n;
                int endR = lmsMap[r] + 1 < m ? lms[lmsMap[r] + 1] : n;
                boolean same = true;
                if (endL - l != endR - r) {
                    same = false;
                } else {
                    while (l < endL && s[l] == s[r]) {
                        l++;
                        r++;
                    }
                    if (l == n || s[l] != s[r]) {
                        same = false;
                    }
                }
                if (!same) {
                    recUpper++;
                }
                recS[lmsMap[sorted[i]]] = recUpper;
            }
            int[] recSa = saIs(recS, recUpper);
            for (int i = 0; i < m; i++) {
                sorted[i] = lms[recSa[i]];
            }
            induce(s, sa, ls, sumS, sumL, buf, sorted, m);
        }
        return sa;
    }

    private static void induce(int[] s, int[] sa, boolean[] ls, int[] sumS, int[] sumL, int[] buf, int[] lms, int m) {
        int n = s.length;
        java.util.Arrays.fill(sa, -1);
        System.arraycopy(sumS, 0, buf, 0, buf.length);
        for (int k = 0; k < m; k++) {
            int d = lms[k];
            if (d != n) {
                sa[buf[s[d]]++] = d;
            }
        }
        System.arraycopy(sumL, 0, buf, 0, buf.length);
        sa[buf[s[n - 1]]++] = n - 1;
        for (int i = 0; i < n; i++) {
            int v = sa[i];
            if (v >= 1 && !ls[v - 1]) {
                sa[buf[s[v - 1]]++] = v - 1;
            }
        }
        System.arraycopy(sumL, 0, buf, 0, buf.length);
        for (int i = n - 1; i >= 0; i--) {
            int v = sa[i];
            if (v >= 1 && ls[v - 1]) {
                sa[--buf[s[v - 1] + 1]] = v - 1;
            }
        }
    }
}
