package io.crosscheck.export;

import com.fasterxml.jackson.core.SerializableString;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A JSON value built as UTF-8 bytes, handed to the generator in one {@code writeRawValue} (which still writes the
 * separator before it). For values written a million times over, such as an export's annotations: the generator's
 * per-field calls (context, separator and escaping checks, the encoding of every field name) were most of the JSONL
 * writer's time. Strings are escaped exactly as the generator escapes them ({@link QuoteText#escape(int, byte[], int)}).
 * Reused: {@link #reset} before each value. Only the generator's raw-write methods are implemented.
 */
final class RawJson implements SerializableString {

    private byte[] buf = new byte[512];
    private int len;

    void reset() {
        len = 0;
    }

    private void room(int n) {
        if (buf.length - len < n) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    /** Bytes as they are (pre-encoded JSON). */
    RawJson raw(byte[] bytes) {
        room(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
        return this;
    }

    /** An integer in decimal. */
    RawJson number(int v) {
        room(11);
        if (v < 0) {
            if (v == Integer.MIN_VALUE) {
                return raw(Integer.toString(v).getBytes(StandardCharsets.US_ASCII));
            }
            buf[len++] = '-';
            v = -v;
        }
        len = Utf8Writer.digits(buf, len, v);
        return this;
    }

    /** A JSON string (quoted, escaped), or {@code null}. */
    RawJson string(String s) {
        if (s == null) {
            return raw(NULL);
        }
        int n = s.length();
        room(2);
        buf[len++] = '"';
        for (int i = 0; i < n; ) {
            room(13);
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            len = QuoteText.escape(c, buf, len);
        }
        buf[len++] = '"';
        return this;
    }

    /** The pre-encoded bytes of {@code text} (ASCII field names, punctuation, JSON already valid). */
    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON string's bytes, quoted and escaped (for values encoded once, such as a layer's name). */
    static byte[] quoted(String s) {
        RawJson j = new RawJson();
        j.string(s);
        return java.util.Arrays.copyOf(j.buf, j.len);
    }

    private static final byte[] NULL = bytes("null");

    // SerializableString: what the generator's writeRaw(SerializableString) calls.

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int offset) {
        if (buffer.length - offset < len) {
            return -1;
        }
        System.arraycopy(buf, 0, buffer, offset, len);
        return len;
    }

    @Override
    public byte[] asUnquotedUTF8() {
        return java.util.Arrays.copyOf(buf, len);
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws IOException {
        out.write(buf, 0, len);
        return len;
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer out) {
        if (out.remaining() < len) {
            return -1;
        }
        out.put(buf, 0, len);
        return len;
    }

    @Override
    public String getValue() {
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }

    @Override
    public int charLength() {
        return getValue().length();
    }

    @Override
    public char[] asQuotedChars() {
        throw new UnsupportedOperationException("raw JSON is written unquoted");
    }

    @Override
    public byte[] asQuotedUTF8() {
        throw new UnsupportedOperationException("raw JSON is written unquoted");
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int offset) {
        throw new UnsupportedOperationException("raw JSON is written unquoted");
    }

    @Override
    public int appendQuoted(char[] buffer, int offset) {
        throw new UnsupportedOperationException("raw JSON is written unquoted");
    }

    @Override
    public int appendUnquoted(char[] buffer, int offset) {
        String v = getValue();
        if (buffer.length - offset < v.length()) {
            return -1;
        }
        v.getChars(0, v.length(), buffer, offset);
        return v.length();
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) {
        throw new UnsupportedOperationException("raw JSON is written unquoted");
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) {
        throw new UnsupportedOperationException("raw JSON is written unquoted");
    }
}
