package io.crosscheck.jobs;

import java.time.OffsetDateTime;

/**
 * One row of the {@code job} table as the jobs package reads it (V45__jobs.sql says what each column means).
 *
 * @param params the request's parameters as JSON text
 * @param report an import's per-line report as JSON text, or null
 */
record Job(long id, String kind, Long projectId, long ownerId, String ownerName, String state, String params,
           String inputPath, long done, Long total, String error, String resultPath, Long resultBytes,
           String resultSha256, String resultType, String resultName, String report, int attempt, String runner,
           OffsetDateTime createdAt, OffsetDateTime startedAt, OffsetDateTime heartbeatAt, OffsetDateTime finishedAt,
           OffsetDateTime expiresAt, boolean expired) {

    static final String EXPORT = "export";
    static final String ANNOTATION_IMPORT = "annotation-import";
    static final String ARTICLE_IMPORT = "article-import";

    static final String QUEUED = "queued";
    static final String RUNNING = "running";
    static final String DONE = "done";
    static final String FAILED = "failed";

    boolean isImport() {
        return !EXPORT.equals(kind);
    }
}
