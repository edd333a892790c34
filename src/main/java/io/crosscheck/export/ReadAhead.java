package io.crosscheck.export;

import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads on one thread while the caller's thread writes: the producer (the database cursors and whatever is computed per
 * article from the rows alone) runs on a thread of its own and hands its items to the caller through a queue of a few
 * items, so fetching and decoding rows overlaps with formatting and sending the file instead of alternating with it.
 * Memory stays bounded (the queue's capacity). A failure on either side stops both: the producer's exception is
 * rethrown on the caller's thread; when the consumer fails (the client went away), the producer stops at its next item
 * and the caller waits for it, so the connection is never used by two threads and is free when this returns.
 */
final class ReadAhead {

    /** Items waiting between the threads: enough to ride out a fetch, few enough that memory stays a few articles. */
    static final int CAPACITY = 8;

    interface Producer<T> {
        void run(Sink<T> sink) throws SQLException, IOException;
    }

    interface Sink<T> {
        void accept(T item) throws IOException;
    }

    private static final Object END = new Object();

    private record Failed(Throwable error) {
    }

    /** The consumer stopped: unwinds the producer. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    private ReadAhead() {
    }

    @SuppressWarnings("unchecked")
    static <T> void run(String name, Producer<T> producer, Sink<T> consumer) throws SQLException, IOException {
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(CAPACITY);
        AtomicBoolean stopped = new AtomicBoolean();
        Thread thread = new Thread(() -> {
            Object last = END;
            try {
                producer.run(item -> put(queue, item, stopped));
            } catch (Stopped e) {
                return;
            } catch (Throwable e) {
                last = new Failed(e);
            }
            try {
                put(queue, last, stopped);
            } catch (Stopped e) {
                // the consumer has gone: nobody to tell
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        try {
            while (true) {
                Object item = queue.take();
                if (item == END) {
                    return;
                }
                if (item instanceof Failed f) {
                    throw rethrow(f.error());
                }
                consumer.accept((T) item);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while exporting", e);
        } finally {
            stopped.set(true);
            queue.clear();
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void put(BlockingQueue<Object> queue, Object item, AtomicBoolean stopped) {
        try {
            if (stopped.get()) {
                throw new Stopped();
            }
            while (!queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
                if (stopped.get()) {
                    throw new Stopped();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped();
        }
    }

    private static IOException rethrow(Throwable e) throws SQLException {
        if (e instanceof SQLException s) {
            throw s;
        }
        if (e instanceof IOException io) {
            return io;
        }
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        return new IOException(e);
    }
}
