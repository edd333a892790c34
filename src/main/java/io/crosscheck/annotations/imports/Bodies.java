package io.crosscheck.annotations.imports;

import io.crosscheck.common.ProblemException;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reading import bodies: a plain file or a zip of files (doccano's export, an INCEpTION project export, one CoNLL
 * file per annotator). A zip's inflated bytes are counted as they are read, so a small archive cannot unfold into an
 * unbounded amount of memory or work.
 */
final class Bodies {

    /** One file of a body: its path inside the zip (null for a plain body) and its text. */
    @FunctionalInterface
    interface FileHandler {
        void accept(String path, String text) throws IOException;
    }

    /** Which zip entries to read. */
    @FunctionalInterface
    interface EntryFilter {
        boolean wanted(String path);
    }

    private Bodies() {
    }

    /** Calls {@code handler} once for a plain body, or once per wanted entry (in archive order) of a zip body. */
    static void files(InputStream body, long maxInflated, EntryFilter filter, FileHandler handler) throws IOException {
        BufferedInputStream in = new BufferedInputStream(body, 1 << 16);
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
            readZip(in, maxInflated, filter, handler);
        } else {
            handler.accept(null, utf8(in.readAllBytes()));
        }
    }

    private static void readZip(InputStream in, long maxInflated, EntryFilter filter, FileHandler handler) throws IOException {
        long inflated = 0;
        boolean any = false;
        try (ZipInputStream zip = new ZipInputStream(in, StandardCharsets.UTF_8)) {
            byte[] buffer = new byte[1 << 16];
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                boolean wanted = !entry.isDirectory() && filter.wanted(entry.getName());
                ByteArrayOutputStream out = wanted ? new ByteArrayOutputStream() : null;
                for (int n = zip.read(buffer); n > 0; n = zip.read(buffer)) {
                    inflated += n;
                    if (inflated > maxInflated) {
                        throw new ProblemException(413, "Content Too Large", "the zip inflates to more than "
                                + maxInflated + " bytes (crosscheck.limits.bulk-body)");
                    }
                    if (out != null) {
                        out.write(buffer, 0, n);
                    }
                }
                if (out != null) {
                    any = true;
                    handler.accept(entry.getName(), utf8(out.toByteArray()));
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw ProblemException.badRequest("the body is not a readable zip: " + e.getMessage());
        }
        if (!any) {
            throw ProblemException.badRequest("the zip holds no file this format reads");
        }
    }

    /** UTF-8 text without a byte-order mark; invalid UTF-8 is a 400 (a wrong encoding would shift every offset). */
    static String utf8(byte[] bytes) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw ProblemException.badRequest("the file is not valid UTF-8");
        }
    }

    /** A detail prefixed with the file inside a zip it is about (nothing for a plain body). */
    static String at(String path, String detail) {
        return path == null ? detail : path + ": " + detail;
    }

    /** The file name without folders and extension ({@code annotation/doc.txt/anna.tsv} → {@code anna}). */
    static String stem(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
