package io.crosscheck.export;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A zip whose entries are all written at once, each compressed as it is written into a temporary file of its own, then
 * put together: the bytes {@link ZipOutputStream} gives for the same entries (DEFLATED at the default level, UTF-8
 * names, one fixed time, data descriptors), pinned by {@code DeflatedZipTest}. The CoNLL zip writes one entry per
 * annotator from one read of the rows; ZipOutputStream takes one entry after another, so all entries but the first used
 * to wait uncompressed in temporary files (288 MB for the 1M-annotation bench) and were compressed after the read,
 * alone on one core. Here they are compressed while the rows are read and only their compressed bytes wait on disk.
 * A zip past the classic format's limits (an entry or an offset of 4 GiB, 65,535 entries: zip64) is handed to
 * ZipOutputStream instead, its entries inflated from the temporary files, so such a file is still ZipOutputStream's.
 */
final class DeflatedZip implements AutoCloseable {

    private static final long LIMIT = 0xFFFFFFFFL;
    private static final int MAX_ENTRIES = 0xFFFF;
    /** Compressed bytes buffered per entry before they go to its file (they are few: text compresses well). */
    private static final int BUFFER = 1 << 13;

    private final long time;
    private final long limit;
    private final List<Entry> entries = new ArrayList<>();

    /** Entries stamped with {@code time} (epoch millis), as {@link ZipEntry#setTime} stamps them. */
    DeflatedZip(long time) {
        this(time, LIMIT);
    }

    /** {@code limit}: the size from which the zip is ZipOutputStream's (lower only in tests of that path). */
    DeflatedZip(long time, long limit) {
        this.time = time;
        this.limit = limit;
    }

    /** One entry: what is written to it is compressed into its temporary file. */
    final class Entry extends OutputStream {
        final String name;
        private final byte[] nameBytes;
        private final Path file;
        private final OutputStream compressed;
        private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        private final CRC32 crc = new CRC32();
        private final byte[] buf = new byte[BUFFER];
        private long size;
        private long csize;
        private boolean finished;

        private Entry(String name) throws IOException {
            this.name = name;
            this.nameBytes = name.getBytes(StandardCharsets.UTF_8);
            this.file = Files.createTempFile("crosscheck-zip-", ".deflate");
            this.compressed = new BufferedOutputStream(Files.newOutputStream(file), BUFFER);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        /** As {@link java.util.zip.DeflaterOutputStream#write}: the input handed over, deflated until it is used up. */
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return;
            }
            crc.update(b, off, len);
            deflater.setInput(b, off, len);
            while (!deflater.needsInput()) {
                deflate();
            }
        }

        private void deflate() throws IOException {
            int n = deflater.deflate(buf, 0, buf.length);
            if (n > 0) {
                compressed.write(buf, 0, n);
            }
        }

        private void finish() throws IOException {
            if (finished) {
                return;
            }
            deflater.finish();
            while (!deflater.finished()) {
                deflate();
            }
            size = deflater.getBytesRead();
            csize = deflater.getBytesWritten();
            compressed.close();
            finished = true;
        }

        private void release() {
            deflater.end();
            try {
                compressed.close();
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file left behind: the system's temporary directory is cleaned on its own
            }
        }
    }

    /** A new entry, written from now on (entries are stored in the order they were made). */
    Entry entry(String name) throws IOException {
        Entry e = new Entry(name);
        entries.add(e);
        return e;
    }

    /** Finishes every entry and writes the zip to {@code out} (not closed). */
    void writeTo(OutputStream out) throws IOException {
        for (Entry e : entries) {
            e.finish();
        }
        if (needsZip64()) {
            throughZipOutputStream(out);
            return;
        }
        int dosTime = dosTime(time);
        long offset = 0;
        long[] offsets = new long[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            offsets[i] = offset;
            ByteBuffer loc = little(30 + e.nameBytes.length);
            loc.putInt(0x04034b50).putShort((short) 20).putShort((short) FLAG).putShort((short) ZipEntry.DEFLATED)
                    .putInt(dosTime).putInt(0).putInt(0).putInt(0).putShort((short) e.nameBytes.length).putShort((short) 0)
                    .put(e.nameBytes);
            out.write(loc.array());
            Files.copy(e.file, out);
            ByteBuffer ext = little(16);
            ext.putInt(0x08074b50).putInt((int) e.crc.getValue()).putInt((int) e.csize).putInt((int) e.size);
            out.write(ext.array());
            offset += 30 + e.nameBytes.length + e.csize + 16;
        }
        long cenStart = offset;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            ByteBuffer cen = little(46 + e.nameBytes.length);
            cen.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) FLAG)
                    .putShort((short) ZipEntry.DEFLATED).putInt(dosTime).putInt((int) e.crc.getValue())
                    .putInt((int) e.csize).putInt((int) e.size).putShort((short) e.nameBytes.length).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0).putInt((int) offsets[i])
                    .put(e.nameBytes);
            out.write(cen.array());
            offset += 46 + e.nameBytes.length;
        }
        ByteBuffer end = little(22);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries.size())
                .putShort((short) entries.size()).putInt((int) (offset - cenStart)).putInt((int) cenStart)
                .putShort((short) 0);
        out.write(end.array());
    }

    /** Data descriptor (sizes after the data) and UTF-8 names: ZipOutputStream's flags for a DEFLATED entry. */
    private static final int FLAG = 8 | 0x800;

    private boolean needsZip64() {
        if (entries.size() >= MAX_ENTRIES) {
            return true;
        }
        long offset = 0;
        for (Entry e : entries) {
            if (e.size >= limit || e.csize >= limit || offset >= limit) {
                return true;
            }
            offset += 30 + e.nameBytes.length + e.csize + 16;
        }
        return offset >= limit;
    }

    /** The zip64 case: the entries inflated again and written by ZipOutputStream, which knows that format. */
    private void throughZipOutputStream(OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() {
                // the caller's stream stays open
            }
        }, StandardCharsets.UTF_8);
        for (Entry e : entries) {
            ZipEntry z = new ZipEntry(e.name);
            z.setTime(time);
            zip.putNextEntry(z);
            // nowrap needs one byte past the deflate data (Inflater's documentation)
            try (InputStream in = new InflaterInputStream(new SequenceInputStream(
                    new BufferedInputStream(Files.newInputStream(e.file), 1 << 16), new ByteArrayInputStream(new byte[1])),
                    new Inflater(true), 1 << 16)) {
                in.transferTo(zip);
            }
            zip.closeEntry();
        }
        zip.finish();
    }

    /** The MS-DOS date and time ZipEntry#setTime gives for {@code time} in this JVM's time zone (from 1980 on). */
    static int dosTime(long time) {
        LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochMilli(time), ZoneId.systemDefault());
        if (t.getYear() < 1980) {
            return (1 << 21) | (1 << 16);
        }
        return (t.getYear() - 1980) << 25 | t.getMonthValue() << 21 | t.getDayOfMonth() << 16 | t.getHour() << 11
                | t.getMinute() << 5 | t.getSecond() >> 1;
    }

    private static ByteBuffer little(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Removes the temporary files and frees the compressors. */
    @Override
    public void close() {
        for (Entry e : entries) {
            e.release();
        }
    }
}
