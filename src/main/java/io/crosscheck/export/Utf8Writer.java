package io.crosscheck.export;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A buffered UTF-8 text writer for the line formats (CoNLL, CSV): the bytes of an {@code OutputStreamWriter} in UTF-8
 * (a lone surrogate becomes {@code ?}, as its encoder replaces it), without the encoder and with integers written as
 * digits, not strings. Those writers emit one short field after another, and the encoder's per-call cost was a large
 * part of their time.
 */
final class Utf8Writer {

    private final OutputStream out;
    private final byte[] buf;
    private int pos;
    /** Bytes handed to {@code out} so far. */
    private long drained;

    Utf8Writer(OutputStream out) {
        this(out, 1 << 16);
    }

    Utf8Writer(OutputStream out, int bufferSize) {
        this.out = out;
        this.buf = new byte[bufferSize];
    }

    void write(String s) throws IOException {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if (buf.length - pos < 4) {
                drain();
            }
            char c = s.charAt(i);
            if (c < 0x80) {
                buf[pos++] = (byte) c;
            } else if (c < 0x800) {
                buf[pos++] = (byte) (0xC0 | (c >> 6));
                buf[pos++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[pos++] = (byte) (0xF0 | (cp >> 18));
                buf[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[pos++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                buf[pos++] = '?';
            } else {
                buf[pos++] = (byte) (0xE0 | (c >> 12));
                buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[pos++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    /** Bytes already encoded elsewhere (by another Utf8Writer), copied as they are. */
    void write(byte[] b, int off, int len) throws IOException {
        if (buf.length - pos < len) {
            drain();
            if (len > buf.length) {
                out.write(b, off, len);
                drained += len;
                return;
            }
        }
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    /** Bytes written so far, buffered or not. */
    long position() {
        return drained + pos;
    }

    /** One ASCII character. */
    void write(char c) throws IOException {
        if (pos == buf.length) {
            drain();
        }
        buf[pos++] = (byte) c;
    }

    /** A non-negative or negative integer in decimal, as {@code Long.toString} writes it. */
    void write(long v) throws IOException {
        if (buf.length - pos < 20) {
            drain();
        }
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                write(Long.toString(v));
                return;
            }
            buf[pos++] = '-';
            v = -v;
        }
        pos = digits(buf, pos, v);
    }

    /** Writes non-negative {@code v} in decimal into {@code buf} at {@code pos} (room for 19 digits); the new position. */
    static int digits(byte[] buf, int pos, long v) {
        int digits = 1;
        for (long x = v; x >= 10; x /= 10) {
            digits++;
        }
        int end = pos + digits;
        for (int p = end - 1; p >= pos; p--) {
            buf[p] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        return end;
    }

    private void drain() throws IOException {
        out.write(buf, 0, pos);
        drained += pos;
        pos = 0;
    }

    /** Writes the buffer out and flushes the stream. */
    void flush() throws IOException {
        drain();
        out.flush();
    }
}
