package io.crosscheck.export;

import io.crosscheck.common.CrosscheckConfig;
import io.crosscheck.common.Problem;
import io.crosscheck.common.ProblemException;
import io.crosscheck.common.ProblemMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bound on exports that hold a database connection while they run (streaming downloads and dataset cards).
 * A streaming export keeps its connection — in one open read-only transaction — for as long as the client takes
 * to read the file, so without a bound a few dozen slow downloads take the whole pool and every other request
 * fails. Beyond {@code crosscheck.export.concurrency} concurrent exports the request is refused at once with 429
 * and {@code Retry-After}, before any connection is taken. Long or slow downloads belong to export jobs, whose
 * result is a file served without a connection.
 */
@ApplicationScoped
public class ExportSlots {

    private final Semaphore slots;
    private final int size;
    private final long retryAfterSeconds;

    @Inject
    public ExportSlots(CrosscheckConfig config) {
        this.size = config.export().concurrency();
        this.slots = new Semaphore(size);
        this.retryAfterSeconds = Math.max(1, config.export().retryAfter().toSeconds());
    }

    /** Takes a slot, or null when all are in use (answer {@link #busy()} then); give it back with {@link Slot#close()}. */
    public Slot tryAcquire() {
        return slots.tryAcquire() ? new Slot() : null;
    }

    /** The 429 problem+json answer with {@code Retry-After}, for a request that found no free slot. */
    public Response busy() {
        Problem p = new ProblemException(429, "Too Many Requests", "All " + size + " export slots are in use;"
                + " retry later, or start an export job (POST /api/v1/projects/{id}/exports), whose file is served"
                + " without holding a database connection").with("concurrency", size).toProblem();
        return Response.fromResponse(ProblemMapper.response(p))
                .header("Retry-After", Long.toString(retryAfterSeconds)).build();
    }

    /** Slots in use now (for tests and logs). */
    public int inUse() {
        return size - slots.availablePermits();
    }

    public int size() {
        return size;
    }

    /**
     * One taken slot. States: taken → started (the export began writing) → released; a slot whose export never
     * started (the client left before the body was written) is released by the response's end handler instead.
     */
    public final class Slot implements AutoCloseable {
        private static final int TAKEN = 0;
        private static final int STARTED = 1;
        private static final int RELEASED = 2;
        private final AtomicInteger state = new AtomicInteger(TAKEN);

        /** Marks the export as running; false when the slot was already given back (the client is gone). */
        public boolean start() {
            return state.compareAndSet(TAKEN, STARTED);
        }

        /** Gives the slot back if the export never started (called when the HTTP exchange ends). */
        public void releaseIfNotStarted() {
            if (state.compareAndSet(TAKEN, RELEASED)) {
                slots.release();
            }
        }

        @Override
        public void close() {
            if (state.getAndSet(RELEASED) != RELEASED) {
                slots.release();
            }
        }
    }
}
