package io.crosscheck.jobs;

import io.crosscheck.common.CurrentUser;
import io.crosscheck.common.Problem;
import io.crosscheck.common.ProblemException;
import io.crosscheck.common.ProblemMapper;
import io.crosscheck.common.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.PathPart;

import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * A job's state and its result file (any role; a job is visible to its owner and to supervisors and admins, 404 to
 * others). The file is served with a strong {@code ETag} (its sha256), {@code Content-Length} and byte ranges, so a
 * broken download resumes with {@code Range: bytes=N-} (and {@code If-Range: <etag>}).
 */
@Path("/api/v1/jobs/{id}")
@RolesAllowed({Roles.ANNOTATOR, Roles.SUPERVISOR, Roles.ADMIN})
public class JobResource {

    @Inject
    JobService jobs;

    @Inject
    CurrentUser currentUser;

    @Context
    UriInfo uri;

    /**
     * The job; with {@code ?wait=<seconds>} (up to 30) the answer waits until the job is done or failed, or the time
     * is up, so a client hears of the end at once instead of polling for it.
     */
    @GET
    public JobResponse get(@PathParam("id") long id,
                           @Parameter(description = "Seconds (0-30, decimals allowed) to wait for the job to be done or"
                                   + " failed before answering; the answer is the job's state then")
                           @QueryParam("wait") String wait) {
        java.time.Duration waitFor = JobService.parseWait(wait);
        return JobResponse.from(jobs.get(id, currentUser.actor(), waitFor), uri.getBaseUri().toString());
    }

    @APIResponse(responseCode = "200", description = "The whole file",
            headers = {@Header(name = "ETag", description = "The file's sha256, quoted (strong)",
                    schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "Accept-Ranges", schema = @Schema(type = SchemaType.STRING))},
            content = @Content(mediaType = "application/octet-stream",
                    schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "206", description = "The byte range asked for with Range (Content-Range says which)",
            content = @Content(mediaType = "application/octet-stream",
                    schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "304", description = "If-None-Match names this file's ETag")
    @APIResponse(responseCode = "409", description = "The job is not done (queued, running, or failed)")
    @APIResponse(responseCode = "410", description = "The result expired (crosscheck.job.retention) and was removed")
    @APIResponse(responseCode = "416", description = "The range starts past the end of the file")
    @GET
    @Path("/result")
    public Response result(@PathParam("id") long id, @HeaderParam("Range") String range,
                           @HeaderParam("If-Range") String ifRange, @HeaderParam("If-None-Match") String ifNoneMatch) {
        Job job = jobs.result(id, currentUser.actor());
        long size = job.resultBytes();
        java.nio.file.Path file = java.nio.file.Path.of(job.resultPath());
        String etag = "\"" + job.resultSha256() + "\"";
        if (names(ifNoneMatch, etag)) {
            return headers(Response.notModified(), job, etag).build();
        }
        // If-Range is compared strongly with the ETag; a date or another tag means "the file changed": send it whole.
        ByteRange r = ifRange == null || ifRange.strip().equals(etag) ? ByteRange.parse(range, size) : null;
        if (r == ByteRange.UNSATISFIABLE) {
            Problem p = new ProblemException(416, "Range Not Satisfiable", "the file has " + size + " bytes; the range '"
                    + range + "' starts past its end").with("bytes", size).toProblem();
            return Response.fromResponse(ProblemMapper.response(p)).header("Content-Range", "bytes */" + size).build();
        }
        if (r != null) {
            return headers(Response.status(206), job, etag)
                    .entity(new PathPart(file, r.first(), r.length()))
                    .type(job.resultType())
                    .header("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + size)
                    .header("Content-Length", r.length()).build();
        }
        return headers(Response.ok(), job, etag).entity(new PathPart(file, 0, size)).type(job.resultType())
                .header("Content-Length", size).build();
    }

    /** Whether an If-None-Match value names this tag (weakly, as RFC 9110 compares If-None-Match) or is "*". */
    private static boolean names(String ifNoneMatch, String etag) {
        return ifNoneMatch != null && (ifNoneMatch.strip().equals("*") || Arrays.stream(ifNoneMatch.split(","))
                .map(String::strip).anyMatch(t -> t.equals(etag) || t.equals("W/" + etag)));
    }

    private static Response.ResponseBuilder headers(Response.ResponseBuilder b, Job job, String etag) {
        return b.header("ETag", etag).header("Accept-Ranges", "bytes")
                .header("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(job.finishedAt()))
                .header("Cache-Control", "private, no-cache")
                .header("Content-Disposition", "attachment; filename=\"" + job.resultName() + "\"");
    }
}
