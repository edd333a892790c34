package io.crosscheck.export;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** {@link DeflatedZip} gives ZipOutputStream's bytes for the same entries, however their bytes are written. */
class DeflatedZipTest {

    private static final long TIME = OffsetDateTime.parse("2000-01-01T00:00:00Z").toInstant().toEpochMilli();
    private static final List<String> NAMES = List.of("ann-1.conll", "émile.conll", "empty.conll", "gold.conll");

    /** Entry contents: repetitive text (long matches), random bytes (stored blocks) and nothing. */
    private static byte[][] contents(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 40_000; i++) {
            text.append(i % 7 == 0 ? "Lorem\t" : "ipsum\t").append(random.nextInt(1000)).append('\n');
        }
        byte[] noise = new byte[300_000];
        random.nextBytes(noise);
        return new byte[][]{text.toString().getBytes(StandardCharsets.UTF_8), noise, new byte[0],
                "gold\t0\t4\tB-x\n".getBytes(StandardCharsets.UTF_8)};
    }

    private static byte[] byZipOutputStream(byte[][] contents) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            for (int i = 0; i < contents.length; i++) {
                ZipEntry e = new ZipEntry(NAMES.get(i));
                e.setTime(TIME);
                zip.putNextEntry(e);
                zip.write(contents[i]);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** All entries open at once, written in interleaved chunks of random sizes, as the CoNLL zip writes them. */
    private static byte[] byDeflatedZip(byte[][] contents, long limit, Random random) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflatedZip zip = new DeflatedZip(TIME, limit)) {
            DeflatedZip.Entry[] entries = new DeflatedZip.Entry[contents.length];
            int[] written = new int[contents.length];
            for (int i = 0; i < contents.length; i++) {
                entries[i] = zip.entry(NAMES.get(i));
            }
            boolean more = true;
            while (more) {
                more = false;
                for (int i = 0; i < contents.length; i++) {
                    int n = Math.min(contents[i].length - written[i], 1 + random.nextInt(70_000));
                    if (n > 0) {
                        entries[i].write(contents[i], written[i], n);
                        written[i] += n;
                        more = true;
                    }
                }
            }
            zip.writeTo(out);
        }
        return out.toByteArray();
    }

    @Test
    void sameBytesAsZipOutputStream() throws IOException {
        Random random = new Random(12);
        byte[][] contents = contents(random);
        assertArrayEquals(byZipOutputStream(contents), byDeflatedZip(contents, 0xFFFFFFFFL, random));
    }

    @Test
    void pastTheLimitTheZipIsZipOutputStreamsOwn() throws IOException {
        Random random = new Random(34);
        byte[][] contents = contents(random);
        assertArrayEquals(byZipOutputStream(contents), byDeflatedZip(contents, 1000, random));
    }
}
