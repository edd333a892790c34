package io.crosscheck.common;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body that counts the bytes actually read (chunked bodies too): past {@code max} it throws
 * {@link BodyTooLargeException} (413); a body that breaks off, or ends short of its declared Content-Length, throws
 * {@link IncompleteBodyException}. Whoever reads the body (Jackson, an import) therefore never sees more than the
 * endpoint's limit, and never mistakes a cut body for a complete one.
 */
final class BoundedBody extends FilterInputStream {

    private final long max;
    private final long declared;
    private final String limitName;
    private long read;

    /**
     * @param declared  the Content-Length, or -1 for a chunked body
     * @param limitName the configuration key of the limit, for the 413 detail
     */
    BoundedBody(InputStream in, long max, long declared, String limitName) {
        super(in);
        this.max = max;
        this.declared = declared;
        this.limitName = limitName;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = super.read(b, off, len);
        } catch (IOException e) {
            throw new IncompleteBodyException("the request body broke off after " + read + " bytes ("
                    + e.getMessage() + ")", e);
        }
        if (n < 0) {
            if (declared >= 0 && read < declared) {
                throw new IncompleteBodyException("the request body ended after " + read + " of the " + declared
                        + " bytes its Content-Length declared", null);
            }
            return n;
        }
        read += n;
        if (read > max) {
            throw new BodyTooLargeException(tooLargeDetail(max, "more than " + max, limitName));
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Through read(), so skipped bytes count against the limit too.
        byte[] buffer = new byte[(int) Math.min(n, 8192)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    static String tooLargeDetail(long max, String size, String limitName) {
        return "The request body is " + size + " bytes; this endpoint takes at most " + max + " bytes (" + limitName + ")";
    }
}
