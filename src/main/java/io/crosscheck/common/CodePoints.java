package io.crosscheck.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;

/** Text helpers: every offset in Crosscheck counts Unicode code points, never UTF-16 units or bytes. */
public final class CodePoints {

    private CodePoints() {
    }

    public static String nfc(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFC);
    }

    public static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /** The text between code-point offsets {@code start} (inclusive) and {@code end} (exclusive). */
    public static String substring(String text, int start, int end) {
        int from = text.offsetByCodePoints(0, start);
        int to = text.offsetByCodePoints(from, end - start);
        return text.substring(from, to);
    }

    /**
     * Why PostgreSQL cannot store this text as it was sent, or null: it refuses NUL outright, and its driver turns a
     * lone UTF-16 surrogate (half of a pair, no character at all) into '?' without a word. The one check for every
     * string a client sends (JSON bodies through {@link StrictJson}, imports, query values).
     */
    public static String unstorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == 0) {
                return "contains a NUL character (U+0000) at UTF-16 index " + i;
            }
            if (Character.isHighSurrogate(ch) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(ch)) {
                return "contains a lone surrogate (U+" + Integer.toHexString(ch).toUpperCase() + ") at UTF-16 index " + i;
            }
        }
        return null;
    }

    public static String sha256(String text) {
        return HexFormat.of().formatHex(sha256Bytes(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static byte[] sha256Bytes(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
