package io.crosscheck.testing;

import io.restassured.RestAssured;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A client that misbehaves the way real ones do, over a plain socket to the test server: it sends part of a body
 * (declared with Content-Length, or chunked) and closes, or streams a chunked body of any size. REST Assured cannot do
 * either: it always sends a whole body with its length. {@link #send} sends a bare request head no HTTP client will
 * send (bad percent-escapes, oversized request lines and headers).
 */
public final class RawHttp {

    /** What came back: the status (0 when the server answered nothing before the connection ended) and the raw text. */
    public record Answer(int status, String raw) {
        public String header(String name) {
            for (String line : raw.split("\r\n")) {
                if (line.isEmpty()) {
                    break;
                }
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
            return null;
        }

        public String body() {
            int at = raw.indexOf("\r\n\r\n");
            return at < 0 ? "" : raw.substring(at + 4);
        }
    }

    private RawHttp() {
    }

    private static String head(String path, String token, String contentType, String framing) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: " + contentType + "\r\n" + framing + "\r\n";
    }

    /**
     * Declares the whole body's Content-Length, sends only its first {@code sendBytes}, waits {@code pauseMillis} (so
     * the server reads and handles what it got), then closes the connection.
     */
    public static void sendPartThenClose(String path, String token, String contentType, byte[] body, int sendBytes,
                                         long pauseMillis) throws IOException, InterruptedException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(head(path, token, contentType, "Content-Length: " + body.length + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, sendBytes);
            out.flush();
            Thread.sleep(pauseMillis);
        }
    }

    /** Sends the first {@code sendBytes} of the body as chunks, never the closing chunk, then closes after a pause. */
    public static void sendChunkedPartThenClose(String path, String token, String contentType, byte[] body,
                                                int sendBytes, long pauseMillis) throws IOException, InterruptedException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(head(path, token, contentType, "Transfer-Encoding: chunked\r\n").getBytes(StandardCharsets.US_ASCII));
            writeChunks(out, body, sendBytes);
            out.flush();
            Thread.sleep(pauseMillis);
        }
    }

    /** A body source for {@link #sendChunked}: fills {@code buffer}, returns how many bytes it put there, or -1 at the end. */
    @FunctionalInterface
    public interface Chunks {
        int next(byte[] buffer) throws IOException;

        /**
         * {@code head}, then blank lines (which an NDJSON import skips, so they cost it nothing) until {@code total}
         * bytes are sent: a body past a size limit whose start is real work.
         */
        static Chunks paddedWithBlankLines(byte[] head, long total) {
            byte[] blank = new byte[1 << 16];
            Arrays.fill(blank, (byte) ' ');
            blank[blank.length - 1] = '\n';
            long[] sent = {0};
            return buffer -> {
                if (sent[0] >= total) {
                    return -1;
                }
                byte[] from = sent[0] < head.length ? head : blank;
                int offset = sent[0] < head.length ? (int) sent[0] : 0;
                int n = Math.min(buffer.length, from.length - offset);
                System.arraycopy(from, offset, buffer, 0, n);
                sent[0] += n;
                return n;
            };
        }
    }

    /**
     * Streams a whole chunked body while reading the answer at the same time (a server that refuses the body answers
     * before it is all sent, and may stop reading). Writing stops quietly when the server closes the connection.
     */
    public static Answer sendChunked(String path, String token, String contentType, Chunks chunks)
            throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(120_000);
            OutputStream out = socket.getOutputStream();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    out.write(head(path, token, contentType, "Transfer-Encoding: chunked\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    byte[] buffer = new byte[1 << 16];
                    for (int n = chunks.next(buffer); n >= 0; n = chunks.next(buffer)) {
                        if (n > 0) {
                            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                            out.write(buffer, 0, n);
                            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (SocketException e) {
                    // The server answered and closed: what a server that refuses a body may do.
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            Answer answer = readAnswer(socket.getInputStream());
            writer.get(120, TimeUnit.SECONDS);
            return answer;
        }
    }

    /** Reads one response: headers, then a body of Content-Length bytes (or until the connection ends). */
    private static Answer readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        int headEnd = -1;
        long bodyLength = -1;
        byte[] buffer = new byte[8192];
        try {
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                raw.write(buffer, 0, n);
                String text = raw.toString(StandardCharsets.ISO_8859_1);
                if (headEnd < 0 && (headEnd = text.indexOf("\r\n\r\n")) >= 0) {
                    Answer partial = new Answer(0, text);
                    String length = partial.header("Content-Length");
                    bodyLength = length == null ? -1 : Long.parseLong(length);
                }
                if (headEnd >= 0 && bodyLength >= 0 && raw.size() >= headEnd + 4 + bodyLength) {
                    break;
                }
            }
        } catch (SocketException e) {
            // Reset after the answer: keep what arrived.
        }
        String text = raw.toString(StandardCharsets.UTF_8);
        int status = 0;
        if (text.startsWith("HTTP/1.1 ") && text.length() >= 12) {
            status = Integer.parseInt(text.substring(9, 12));
        }
        return new Answer(status, text);
    }

    private static void writeChunks(OutputStream out, byte[] body, int sendBytes) throws IOException {
        int chunk = 1 << 14;
        for (int off = 0; off < sendBytes; off += chunk) {
            int n = Math.min(chunk, sendBytes - off);
            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, off, n);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    public record Reply(int status, Map<String, String> headers, String body) {
        public String contentType() {
            String type = headers.get("content-type");
            return type == null ? null : type.split(";")[0].trim();
        }
    }

    /** Sends the request head (the lines up to, not including, the blank line) and no body. */
    public static Reply send(String requestHead) throws IOException {
        return send(RestAssured.port, requestHead);
    }

    /** The same to a server on another port (a packaged jar the test started). */
    public static Reply send(int port, String requestHead) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write((requestHead + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (SocketException e) {
                // The server may answer and close before it has read everything we send (a 431); read that answer.
            }
            return read(socket.getInputStream());
        }
    }

    private static Reply read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int headEnd = -1;
        int contentLength = -1;
        Map<String, String> headers = new TreeMap<>();
        int status = -1;
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketException e) {
                n = -1;
            }
            if (n < 0) {
                break;
            }
            all.write(buffer, 0, n);
            String text = all.toString(StandardCharsets.ISO_8859_1);
            if (headEnd < 0 && (headEnd = text.indexOf("\r\n\r\n")) >= 0) {
                String[] lines = text.substring(0, headEnd).split("\r\n");
                status = Integer.parseInt(lines[0].split(" ")[1]);
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
                }
                contentLength = headers.containsKey("content-length") ? Integer.parseInt(headers.get("content-length")) : -1;
            }
            if (headEnd >= 0 && contentLength >= 0 && all.size() >= headEnd + 4 + contentLength) {
                break;
            }
        }
        if (headEnd < 0) {
            throw new IOException("no HTTP response head in: " + all.toString(StandardCharsets.ISO_8859_1));
        }
        byte[] bytes = all.toByteArray();
        String body = new String(bytes, headEnd + 4, bytes.length - headEnd - 4, StandardCharsets.UTF_8);
        return new Reply(status, headers, body);
    }
}
