package io.crosscheck.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crosscheck.annotations.imports.AnnotationImports;
import io.crosscheck.annotations.imports.ImportQuery;
import io.crosscheck.common.CurrentUser.Actor;
import io.crosscheck.common.ProblemException;
import io.crosscheck.export.ExportQuery;
import io.crosscheck.export.ExportService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * Starting jobs and reading them. Every parameter is checked as the synchronous endpoint checks it before anything is
 * queued (a bad one is the same 4xx, never a failed job); an import's body is stored to a file first, bounded like
 * the synchronous import's. A job is visible to its owner and to supervisors and admins; to anyone else it does not
 * exist (404).
 */
@ApplicationScoped
public class JobService {

    @Inject
    JobStore store;

    @Inject
    JobFiles files;

    @Inject
    JobRunner runner;

    @Inject
    ExportService exports;

    @Inject
    AnnotationImports annotationImports;

    @Inject
    ObjectMapper json;

    /** Queues an export of project {@code projectId}; {@code baseUri} is kept so W3C ids match the streamed export's. */
    public long startExport(long projectId, ExportJobRequest request, String baseUri, Actor actor) {
        ExportQuery q = request.toQuery();
        exports.plan(projectId, q, baseUri);
        ObjectNode params = json.valueToTree(q);
        params.put("baseUri", baseUri);
        return queue(Job.EXPORT, projectId, actor, params, null);
    }

    /** Queues an annotation import whose parameters are those of {@code POST …/annotations/import}. */
    public long startAnnotationImport(long projectId, ImportQuery query, InputStream body, Actor actor) throws IOException {
        annotationImports.plan(projectId, query);
        return queueImport(Job.ANNOTATION_IMPORT, projectId, actor, json.valueToTree(query), body);
    }

    /** Queues an NDJSON article import ({@code POST /api/v1/articles/import} as a job). */
    public long startArticleImport(InputStream body, Actor actor) throws IOException {
        return queueImport(Job.ARTICLE_IMPORT, null, actor, json.createObjectNode(), body);
    }

    private long queueImport(String kind, Long projectId, Actor actor, ObjectNode params, InputStream body)
            throws IOException {
        Path input = files.storeInput(body);
        try {
            return queue(kind, projectId, actor, params, input.toString());
        } catch (RuntimeException e) {
            files.delete(input.toString());
            throw e;
        }
    }

    private long queue(String kind, Long projectId, Actor actor, ObjectNode params, String input) {
        try {
            long id = store.insert(kind, projectId, actor.id(), params.toString(), input);
            runner.wake();
            return id;
        } catch (SQLException e) {
            throw new IllegalStateException("could not queue the job", e);
        }
    }

    /** The job, if {@code actor} may see it; 404 otherwise (the same answer as for no such job). */
    Job get(long id, Actor actor) {
        Job job;
        try {
            job = store.find(id).orElse(null);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read job " + id, e);
        }
        if (job == null || !(job.ownerId() == actor.id() || actor.supervisor())) {
            throw ProblemException.notFound("job", id);
        }
        return job;
    }

    /** The longest {@code ?wait=} of {@code GET /jobs/{id}}, in seconds: a waiting request holds a worker thread. */
    static final int MAX_WAIT_SECONDS = 30;

    /**
     * The job as {@link #get(long, Actor)} gives it, once it is done or failed or {@code wait} has passed, whichever
     * comes first ({@code GET /jobs/{id}?wait=}): a client learns of the end at once instead of at its next poll. A job
     * ending on this instance wakes the wait; one run by another instance is seen within a second (the row is read
     * again every second).
     */
    Job get(long id, Actor actor, java.time.Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long seen = runner.endedCount();
            Job job = get(id, actor);
            long left = deadline - System.nanoTime();
            if (Job.DONE.equals(job.state()) || Job.FAILED.equals(job.state()) || left <= 0) {
                return job;
            }
            try {
                runner.awaitEnd(seen, Math.min(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(left) + 1, 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return job;
            }
        }
    }

    /** {@code ?wait=} as a duration: seconds, 0 to {@value #MAX_WAIT_SECONDS}, decimals allowed; absent is 0. */
    static java.time.Duration parseWait(String value) {
        if (value == null || value.isBlank()) {
            return java.time.Duration.ZERO;
        }
        double seconds;
        try {
            seconds = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            seconds = Double.NaN;
        }
        if (!(seconds >= 0 && seconds <= MAX_WAIT_SECONDS)) {
            throw ProblemException.badRequest("wait must be a number of seconds from 0 to " + MAX_WAIT_SECONDS)
                    .with("parameter", "wait");
        }
        return java.time.Duration.ofNanos((long) (seconds * 1e9));
    }

    /** The job's result file: 409 while the job is not done (or failed), 410 once the file has expired. */
    Job result(long id, Actor actor) {
        Job job = get(id, actor);
        if (Job.FAILED.equals(job.state())) {
            throw new ProblemException(409, "Conflict", "job " + id + " failed, so it has no result: " + job.error())
                    .with("state", job.state());
        }
        if (!Job.DONE.equals(job.state())) {
            throw new ProblemException(409, "Conflict", "job " + id + " is " + job.state()
                    + "; its result is there once its state is done").with("state", job.state());
        }
        if (job.expired() || !JobFiles.exists(job.resultPath())) {
            throw new ProblemException(410, "Gone", "the result of job " + id + " expired at " + job.expiresAt()
                    + " (results are kept for crosscheck.job.retention); start the job again")
                    .with("expiredAt", job.expiresAt());
        }
        return job;
    }
}
