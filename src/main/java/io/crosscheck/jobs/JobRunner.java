package io.crosscheck.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosscheck.annotations.AnnotationImportReport;
import io.crosscheck.annotations.imports.AnnotationImports;
import io.crosscheck.annotations.imports.ImportQuery;
import io.crosscheck.articles.ArticleImport;
import io.crosscheck.common.CrosscheckConfig;
import io.crosscheck.common.ImportReport;
import io.crosscheck.common.ProblemException;
import io.crosscheck.database.ReadDatabase;
import io.crosscheck.export.ExportPlan;
import io.crosscheck.export.ExportQuery;
import io.crosscheck.export.ExportService;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The bounded job runner of this instance: at most {@code crosscheck.job.concurrency} jobs at once, claimed from the
 * {@code job} table (so several instances share one queue), each heartbeating its progress every second. It also
 * recovers jobs whose runner died (stale heartbeat: requeued, or failed when their input is gone) and removes files
 * past {@code crosscheck.job.retention}.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    /** Claims of one job after which a job that keeps losing its runner is failed instead of requeued. */
    static final int MAX_ATTEMPTS = 3;
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);

    @Inject
    JobStore store;

    @Inject
    JobFiles files;

    @Inject
    ExportService exports;

    /** An export job reads like the export endpoint: the replica when DB_READ_URL is set. */
    @Inject
    ReadDatabase reads;

    @Inject
    AnnotationImports annotationImports;

    @Inject
    ArticleImport articleImport;

    @Inject
    ObjectMapper json;

    @Inject
    CrosscheckConfig config;

    private final String instance = instanceName();
    private final Map<Long, Running> running = new ConcurrentHashMap<>();
    private Semaphore slots;
    private ScheduledExecutorService scheduler;
    private ExecutorService workers;
    private volatile boolean stopping;
    /** Jobs that ended (done or failed) on this runner so far; {@link #awaitEnd} sleeps until it moves. */
    private long ended;
    private final Object endedLock = new Object();

    /** One attempt in progress here: what its heartbeat reports, and whether it has lost the job. */
    static final class Running {
        final long id;
        final int attempt;
        volatile LongSupplier done = () -> 0;
        volatile LongSupplier total = () -> -1;
        volatile boolean lost;

        Running(long id, int attempt) {
            this.id = id;
            this.attempt = attempt;
        }
    }

    /** An attempt that found it no longer owns its job: stop, store nothing. */
    static final class LostJob extends RuntimeException {
        LostJob(long id) {
            super("job " + id + " was taken from this runner (its heartbeat went stale)", null, false, false);
        }
    }

    void onStart(@Observes StartupEvent event) {
        int concurrency = Math.max(1, config.job().concurrency());
        slots = new Semaphore(concurrency);
        workers = Executors.newFixedThreadPool(concurrency, named("job-worker"));
        scheduler = Executors.newScheduledThreadPool(2, named("job-scheduler"));
        scheduler.scheduleWithFixedDelay(() -> guarded("claim", this::claimAvailable), 0, 500, TimeUnit.MILLISECONDS);
        scheduler.scheduleAtFixedRate(() -> guarded("heartbeat", this::heartbeats), HEARTBEAT.toMillis(),
                HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> guarded("recovery", this::recover), 2, 5, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(() -> guarded("retention", this::sweep), 5, 60, TimeUnit.SECONDS);
        LOG.infof("job runner %s: %d at once, files in %s, kept %s", instance, concurrency, files.dir(),
                config.job().retention());
    }

    /** A clean stop gives this runner's running jobs back to the queue, so the next runner resumes them at once. */
    void onStop(@Observes ShutdownEvent event) {
        if (scheduler == null) {
            return;
        }
        stopping = true;
        scheduler.shutdownNow();
        running.values().forEach(r -> r.lost = true);
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
            int released = store.release(instance);
            if (released > 0) {
                LOG.infof("job runner %s stopping: %d running job(s) back in the queue", instance, released);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            LOG.warnf("job runner %s stopping: could not requeue its jobs (%s); they resume once their heartbeat is"
                    + " stale", instance, e.getMessage());
        }
    }

    /** This runner's name in {@code job.runner}: host, process and a random part (two starts never share one). */
    String instance() {
        return instance;
    }

    /** Claims queued jobs while this runner has free slots (also called right after a job is queued here). */
    void claimAvailable() {
        while (!stopping && slots.tryAcquire()) {
            Optional<Job> job;
            try {
                job = store.claim(instance);
            } catch (SQLException | RuntimeException e) {
                slots.release();
                throw new IllegalStateException("claim failed", e);
            }
            if (job.isEmpty()) {
                slots.release();
                return;
            }
            Running r = new Running(job.get().id(), job.get().attempt());
            running.put(r.id, r);
            workers.submit(() -> {
                try {
                    execute(job.get(), r);
                } finally {
                    running.remove(r.id, r);
                    slots.release();
                }
            });
        }
    }

    /** Asks for a claim soon (a job was just queued on this instance). */
    void wake() {
        if (scheduler != null && !stopping) {
            scheduler.execute(() -> guarded("claim", this::claimAvailable));
        }
    }

    /** Writes every running attempt's progress; an attempt whose row is no longer its own is told it has lost. */
    void heartbeats() {
        for (Running r : new ArrayList<>(running.values())) {
            long total = r.total.getAsLong();
            try {
                if (!store.heartbeat(r.id, r.attempt, r.done.getAsLong(), total < 0 ? null : total)) {
                    r.lost = true;
                }
            } catch (SQLException e) {
                LOG.warnf("heartbeat of job %d failed: %s", r.id, e.getMessage());
            }
        }
    }

    /**
     * Requeues running jobs whose runner stopped heartbeating (crashed, killed, cut off), or fails them with why: an
     * import whose uploaded file is gone cannot run again, and a job that lost its runner {@value #MAX_ATTEMPTS} times
     * is not tried again.
     */
    public List<Long> recover() {
        try {
            List<JobStore.Stale> stale = store.recover(config.job().staleAfter(), config.job().retention(), s -> {
                String since = "runner " + s.runner() + " stopped heartbeating at " + s.heartbeatAt();
                if (!Job.EXPORT.equals(s.kind()) && !JobFiles.exists(s.inputPath())) {
                    return since + " and the uploaded file is gone; nothing was imported; send the import again";
                }
                if (s.attempt() >= MAX_ATTEMPTS) {
                    return "gave up after " + s.attempt() + " attempts, each of whose runners stopped (last: " + since + ")";
                }
                return null;
            });
            for (JobStore.Stale s : stale) {
                files.deletePart(s.id(), s.attempt());
                LOG.warnf("job %d (%s): runner %s stopped heartbeating at %s; recovered", s.id(), s.kind(), s.runner(),
                        s.heartbeatAt());
            }
            if (!stale.isEmpty()) {
                wake();
            }
            return stale.stream().map(JobStore.Stale::id).toList();
        } catch (SQLException e) {
            throw new IllegalStateException("job recovery failed", e);
        }
    }

    /** Removes the files of jobs past their expiry; their rows stay (the result then answers 410). */
    public int sweep() {
        try {
            List<JobStore.Expired> expired = store.expired();
            for (JobStore.Expired e : expired) {
                files.delete(e.resultPath());
                files.delete(e.inputPath());
                store.forget(e.id());
            }
            if (!expired.isEmpty()) {
                LOG.infof("removed the files of %d expired job(s)", expired.size());
            }
            return expired.size();
        } catch (SQLException e) {
            throw new IllegalStateException("job retention sweep failed", e);
        }
    }

    private void execute(Job job, Running r) {
        ManagedContext request = Arc.container().requestContext();
        request.activate();
        try {
            LOG.infof("job %d (%s) attempt %d started on %s", job.id(), job.kind(), job.attempt(), instance);
            switch (job.kind()) {
                case Job.EXPORT -> export(job, r);
                case Job.ANNOTATION_IMPORT, Job.ARTICLE_IMPORT -> importFile(job, r);
                default -> throw new IllegalStateException("unknown job kind " + job.kind());
            }
            LOG.infof("job %d (%s) done", job.id(), job.kind());
        } catch (LostJob e) {
            LOG.warnf("job %d attempt %d stopped: %s", job.id(), job.attempt(), e.getMessage());
        } catch (ProblemException e) {
            failed(job, r, e.getMessage());
        } catch (Exception e) {
            if (r.lost || stopping) {
                LOG.warnf("job %d attempt %d stopped (%s)", job.id(), job.attempt(), e.toString());
                return;
            }
            LOG.errorf(e, "job %d (%s) failed", job.id(), job.kind());
            failed(job, r, "the job failed on the server (" + e.getClass().getSimpleName() + "); see the service log");
        } finally {
            request.terminate();
            // After the job's row was written (and an import's transaction committed): wakes GET /jobs/{id}?wait=.
            synchronized (endedLock) {
                ended++;
                endedLock.notifyAll();
            }
        }
    }

    /** How many jobs have ended on this runner; pass it to {@link #awaitEnd}. */
    long endedCount() {
        synchronized (endedLock) {
            return ended;
        }
    }

    /**
     * Waits until a job ends on this runner after {@code seen} was read ({@link #endedCount}), or {@code millis} pass.
     * Reading the count before the job's row means an end between the two is not missed.
     */
    void awaitEnd(long seen, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (endedLock) {
            long left;
            while (ended == seen && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(endedLock, left);
            }
        }
    }

    private void failed(Job job, Running r, String error) {
        try {
            if (store.fail(job.id(), job.attempt(), error, config.job().retention())) {
                files.delete(job.inputPath());
                store.dropInput(job.id());
                LOG.infof("job %d (%s) failed: %s", job.id(), job.kind(), error);
            }
        } catch (SQLException e) {
            LOG.errorf(e, "could not mark job %d failed", job.id());
        }
    }

    private void export(Job job, Running r) throws Exception {
        reads.startReport(); // this job's own request context (execute); the job's bookkeeping (JobStore) stays on the primary
        JsonNode p = json.readTree(job.params());
        ExportQuery query = new ExportQuery(text(p, "format"), text(p, "include"), text(p, "layer"),
                text(p, "sourceId"), text(p, "status"), text(p, "annotator"), text(p, "comments"));
        ExportPlan plan = exports.plan(job.projectId(), query, text(p, "baseUri"));
        ExportService.Progress progress = new ExportService.Progress();
        r.done = progress::done;
        r.total = progress::total;
        String filename = plan.filename();
        try (JobFiles.Output out = files.output(job.id(), job.attempt(), filename.substring(filename.lastIndexOf('.') + 1))) {
            exports.write(plan, new Guarded(out.stream, r), progress);
            String sha = out.complete();
            var result = new JobStore.Result(progress.done(), Math.max(progress.total(), progress.done()),
                    out.target.toString(), out.bytes(), sha, plan.mediaType(), filename, null);
            if (!store.finish(job.id(), job.attempt(), result, config.job().retention())) {
                files.delete(out.target.toString());
                throw new LostJob(job.id());
            }
        }
    }

    private void importFile(Job job, Running r) throws Exception {
        if (!JobFiles.exists(job.inputPath())) {
            throw new ProblemException(410, "Gone", "the uploaded file of this import is gone; send the import again");
        }
        Path input = Path.of(job.inputPath());
        long size = Files.size(input);
        r.total = () -> size;
        try (Counted in = new Counted(Files.newInputStream(input), r)) {
            r.done = () -> in.read;
            if (Job.ARTICLE_IMPORT.equals(job.kind())) {
                articleImport.importNdjson(in, job.ownerId(), report -> storeReport(job, r, report));
            } else {
                AnnotationImports.Plan plan = annotationImports.plan(job.projectId(),
                        json.readValue(job.params(), ImportQuery.class));
                annotationImports.run(plan, in, new AnnotationImportReport(), job.ownerId(),
                        report -> storeReport(job, r, report));
            }
        }
        files.delete(input.toString());
    }

    /**
     * Inside the import's transaction: the report as the job's result file and row. Throws (rolling the import back)
     * when the attempt has lost its job, so an import is stored by one attempt only.
     */
    private void storeReport(Job job, Running r, ImportReport report) {
        if (r.lost) {
            throw new LostJob(job.id());
        }
        try (JobFiles.Output out = files.output(job.id(), job.attempt(), "json")) {
            byte[] bytes = json.writeValueAsBytes(report);
            out.stream.write(bytes);
            String sha = out.complete();
            long read = r.done.getAsLong();
            var result = new JobStore.Result(read, Math.max(read, r.total.getAsLong()), out.target.toString(),
                    out.bytes(), sha, "application/json",
                    "import-report-" + job.id() + ".json", new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            if (!store.finishInTransaction(job.id(), job.attempt(), result, config.job().retention())) {
                files.delete(out.target.toString());
                throw new LostJob(job.id());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonNode p, String field) {
        JsonNode v = p.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** The export's output, which stops the export once its attempt has lost the job. */
    private static final class Guarded extends FilterOutputStream {
        private final Running r;

        Guarded(OutputStream out, Running r) {
            super(out);
            this.r = r;
        }

        @Override
        public void write(int b) throws IOException {
            check();
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            check();
            out.write(b, off, len);
        }

        private void check() {
            if (r.lost) {
                throw new LostJob(r.id);
            }
        }
    }

    /** An import's input, counting what the reader has read (the import's progress, in bytes). */
    private static final class Counted extends FilterInputStream {
        volatile long read;

        Counted(InputStream in, Running r) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                read++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                read += n;
            }
            return n;
        }
    }

    private void guarded(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            if (!stopping) {
                LOG.warnf("job %s: %s", what, e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            }
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static String instanceName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "host";
        }
        String pid = ManagementFactory.getRuntimeMXBean().getName().split("@")[0];
        return host + "/" + pid + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
