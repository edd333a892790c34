package io.crosscheck.jobs;

import io.crosscheck.common.CurrentUser;
import io.crosscheck.common.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code POST /projects/{id}/exports} (fixed): the export of {@code GET …/export} as a job (supervisor, admin, like the
 * export itself). The body holds the export's query parameters; each is checked now, so a bad one is a 400 here.
 */
@Path("/api/v1/projects/{id}/exports")
@RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
public class ExportJobResource {

    @Inject
    JobService jobs;

    @Inject
    CurrentUser currentUser;

    @Context
    UriInfo uri;

    @RequestBody(description = "The parameters of GET …/export as JSON (all optional: format jsonl, include all)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ExportJobRequest.class)))
    @APIResponse(responseCode = "202", description = "Queued; poll the job at Location",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = JobAccepted.class)))
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(@PathParam("id") long id, ExportJobRequest request) {
        ExportJobRequest parameters = request == null ? ExportJobRequest.DEFAULTS : request;
        long jobId = jobs.startExport(id, parameters, uri.getBaseUri().toString(), currentUser.actor());
        return JobAccepted.response(jobId, uri);
    }
}
