package io.crosscheck.jobs;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** The answer to a request that queued a job (SPEC §7, fixed): 202, {@code {"jobId"}}, {@code Location} of the job. */
public record JobAccepted(long jobId) {

    public static Response response(long jobId, UriInfo uri) {
        return Response.accepted(new JobAccepted(jobId))
                .location(uri.getBaseUriBuilder().path("api/v1/jobs/{id}").build(jobId))
                .type(jakarta.ws.rs.core.MediaType.APPLICATION_JSON).build();
    }
}
