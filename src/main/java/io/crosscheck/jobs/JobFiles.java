package io.crosscheck.jobs;

import io.crosscheck.common.CrosscheckConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The directory of job files ({@code crosscheck.job.dir}): uploaded import bodies ({@code <id>.input}, named before the
 * row exists by a random name) and results ({@code <id>-<attempt>.<ext>}, one name per attempt so a lost attempt and
 * its successor never write one file). A result is written as {@code .part} and renamed once complete and synced,
 * so a file under its final name is always whole. While it is written, every {@link #SYNC_EVERY} bytes a background
 * {@code fdatasync} pushes what is written so far to the disk, so the final sync has only the tail left: the kernel
 * would otherwise hold the whole file in dirty pages (its background writeback starts at 10% of memory) and the
 * job's last step would wait for all of it (0.2 s for 138 MB on an idle disk, seconds on a busy one).
 */
@ApplicationScoped
class JobFiles {

    private static final Logger LOG = Logger.getLogger(JobFiles.class);

    /** Bytes of a result between two background syncs. */
    static final long SYNC_EVERY = 8L << 20;

    /** Runs the background syncs of every result being written (one thread: they share one disk). */
    private static final java.util.concurrent.ExecutorService SYNCS = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "job-file-sync");
        t.setDaemon(true);
        return t;
    });

    private final Path dir;

    @Inject
    JobFiles(CrosscheckConfig config) {
        this.dir = Path.of(config.job().dir().filter(s -> !s.isBlank())
                .orElse(Path.of(System.getProperty("java.io.tmpdir"), "crosscheck-jobs").toString())).toAbsolutePath();
    }

    Path dir() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the job directory " + dir, e);
        }
        return dir;
    }

    /** Stores an upload under a fresh name; the caller deletes it when queuing fails. Size bounded by the body filter. */
    Path storeInput(InputStream body) throws IOException {
        Path file = Files.createTempFile(dir(), "upload-", ".input");
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING)) {
            body.transferTo(out);
        } catch (IOException | RuntimeException e) {
            delete(file.toString());
            throw e;
        }
        return file;
    }

    /** A result being written: its bytes go through SHA-256 and are counted; {@link #complete} gives it its name. */
    final class Output implements AutoCloseable {
        final Path part;
        final Path target;
        private final FileChannel channel;
        private final MessageDigest sha;
        final OutputStream stream;
        private boolean completed;

        Output(long jobId, int attempt, String extension) throws IOException {
            this.target = dir().resolve(jobId + "-" + attempt + "." + extension);
            this.part = dir().resolve(jobId + "-" + attempt + ".part");
            this.channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            try {
                this.sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JRE", e);
            }
            this.behind = new Behind(new DigestOutputStream(new Syncing(channel), sha));
            this.stream = behind;
        }

        private final Behind behind;

        /**
         * Hands the bytes to a thread of this file's own, which hashes them and writes them to the file, so the export's
         * writing thread (the slowest of an export's threads) only formats: SHA-256 and the copy into the kernel were
         * a tenth of its time on a JSONL job. The queue holds a few chunks (the export's 64 KiB buffer each), so memory
         * stays bounded; a failure of the file is thrown to the next write and to {@link #complete}.
         */
        private final class Behind extends OutputStream {
            private static final byte[] END = new byte[0];
            private final java.util.concurrent.BlockingQueue<byte[]> chunks = new java.util.concurrent.ArrayBlockingQueue<>(4);
            private final OutputStream file;
            private final Thread thread;
            private volatile IOException failure;
            private boolean ended;

            Behind(OutputStream file) {
                this.file = file;
                this.thread = new Thread(this::drain, "job-file-writer");
                thread.setDaemon(true);
                thread.start();
            }

            private void drain() {
                try {
                    for (byte[] chunk = chunks.take(); chunk != END; chunk = chunks.take()) {
                        if (failure == null) {
                            try {
                                file.write(chunk);
                            } catch (IOException e) {
                                failure = e;
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    failure = new java.io.InterruptedIOException("the job file's writer was interrupted");
                }
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                check();
                if (len > 0) {
                    put(java.util.Arrays.copyOfRange(b, off, off + len));
                }
            }

            private void put(byte[] chunk) throws IOException {
                try {
                    chunks.put(chunk);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while writing the job file");
                }
            }

            private void check() throws IOException {
                if (failure != null) {
                    throw new IOException("writing the job file failed", failure);
                }
            }

            /** Waits until every byte handed over is hashed and written; then the thread has ended. */
            void end() throws IOException {
                if (!ended) {
                    ended = true;
                    put(END);
                    try {
                        thread.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException("interrupted while finishing the job file");
                    }
                }
                check();
            }

            /** Stops the thread without waiting for what is queued (the file is being thrown away). */
            void abandon() {
                if (!ended) {
                    ended = true;
                    thread.interrupt();
                }
            }
        }

        /** The channel as a stream that starts a background sync after every {@link #SYNC_EVERY} bytes. */
        private final class Syncing extends OutputStream {
            private final OutputStream out;
            private long unsynced;

            Syncing(FileChannel channel) {
                this.out = java.nio.channels.Channels.newOutputStream(channel);
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                unsynced += len;
                if (unsynced >= SYNC_EVERY && (sync == null || sync.isDone())) {
                    unsynced = 0;
                    sync = java.util.concurrent.CompletableFuture.runAsync(() -> {
                        try {
                            channel.force(false);
                        } catch (IOException e) {
                            // only an early push: the final force in complete() reports a failing disk
                        }
                    }, SYNCS);
                }
            }
        }

        /** The background sync in flight, if any. */
        private java.util.concurrent.CompletableFuture<Void> sync;

        /** Waits for the background sync in flight (its outcome is the final force's to report). */
        private void awaitSync() {
            if (sync != null) {
                try {
                    sync.join();
                } catch (RuntimeException ignored) {
                    // see Syncing: the final force reports
                }
            }
        }

        /** Bytes written so far (the channel writes through, unbuffered). */
        long bytes() throws IOException {
            return channel.isOpen() ? channel.position() : Files.size(target);
        }

        /** Syncs and renames the file to its final name; returns its sha256 (hex). */
        String complete() throws IOException {
            behind.end();
            awaitSync();
            channel.force(true);
            channel.close();
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            completed = true;
            return HexFormat.of().formatHex(sha.digest());
        }

        /** Closes; a file never completed is removed. */
        @Override
        public void close() {
            behind.abandon();
            awaitSync();
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing after a failed write: the file is removed next
            }
            if (!completed) {
                delete(part.toString());
            }
        }
    }

    Output output(long jobId, int attempt, String extension) throws IOException {
        return new Output(jobId, attempt, extension);
    }

    /** Removes a lost attempt's unfinished file, if any. */
    void deletePart(long jobId, int attempt) {
        delete(dir.resolve(jobId + "-" + attempt + ".part").toString());
    }

    /** Removes a file if it is there (null: nothing). */
    void delete(String path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(Path.of(path));
        } catch (IOException e) {
            LOG.warnf("could not delete job file %s: %s", path, e.getMessage());
        }
    }

    static boolean exists(String path) {
        return path != null && Files.isRegularFile(Path.of(path));
    }
}
