package io.crosscheck.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;

/**
 * A job as {@code GET /api/v1/jobs/{id}} shows it (SPEC §7, fixed: {@code state}, {@code done}, {@code total},
 * {@code error}, {@code result}).
 *
 * @param state    queued, running, done or failed
 * @param done     work done so far, in {@code unit}s, written at least every second while the job runs
 * @param total    the work there is in {@code unit}s, null until known
 * @param unit     {@code articles} (exports: articles written; a CoNLL zip counts an article once, for all its files) or
 *                 {@code bytes} (imports: bytes of the uploaded file read; the store that follows is one transaction)
 * @param error    why a failed job failed
 * @param result   the result file of a done job
 * @param report   an import's per-line report (the synchronous import's answer), kept after the file expires
 * @param attempt  how many times a runner has taken the job (more than 1 after a runner died and it was resumed)
 * @param heartbeatAt the last sign of life of its runner (database clock)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobResponse(long id, String kind, Long projectId, String owner, String state, long done, Long total,
                          String unit, String error, Result result, JsonNode report, int attempt,
                          OffsetDateTime createdAt, OffsetDateTime startedAt, OffsetDateTime heartbeatAt,
                          OffsetDateTime finishedAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param url         where to download it ({@code GET …/jobs/{id}/result}, with Range)
     * @param sha256      hex SHA-256 of the file (an export's equals its dataset card's for the same data); the ETag
     * @param expiresAt   when the file is removed (crosscheck.job.retention after the job finished)
     * @param expired     true once past expiresAt: the download answers 410
     */
    public record Result(String url, long bytes, String sha256, String contentType, String filename,
                         OffsetDateTime expiresAt, boolean expired) {
    }

    static JobResponse from(Job j, String baseUri) {
        Result result = null;
        if (Job.DONE.equals(j.state())) {
            result = new Result(baseUri + "api/v1/jobs/" + j.id() + "/result", j.resultBytes(), j.resultSha256(),
                    j.resultType(), j.resultName(), j.expiresAt(), j.expired() || j.resultPath() == null);
        }
        JsonNode report = null;
        if (j.report() != null) {
            try {
                report = JSON.readTree(j.report());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new JobResponse(j.id(), j.kind(), j.projectId(), j.ownerName(), j.state(), j.done(), j.total(),
                Job.EXPORT.equals(j.kind()) ? "articles" : "bytes", j.error(), result, report, j.attempt(),
                j.createdAt(), j.startedAt(), j.heartbeatAt(), j.finishedAt());
    }
}
