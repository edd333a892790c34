package io.crosscheck.annotations;

import io.crosscheck.annotations.imports.AnnotationImports;
import io.crosscheck.annotations.imports.ImportQuery;
import io.crosscheck.common.BulkBody;
import io.crosscheck.common.CurrentUser;
import io.crosscheck.common.Roles;
import io.crosscheck.jobs.JobAccepted;
import io.crosscheck.jobs.JobService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.io.IOException;
import java.io.InputStream;

/**
 * {@code POST /projects/{id}/annotations/import} (fixed): annotations by named annotators (supervisor, admin), as
 * Crosscheck NDJSON (the default) or, with {@code ?format=}, a Label Studio, doccano, WebAnno TSV, W3C or CoNLL file.
 */
@Path("/api/v1/projects/{projectId}/annotations")
@RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
public class AnnotationImportResource {

    public static final String NDJSON = "application/x-ndjson";

    @Inject
    AnnotationImports imports;

    @Inject
    CurrentUser currentUser;

    @Inject
    JobService jobs;

    @Context
    UriInfo uri;

    @RequestBody(required = true, description = "The file of the tool named by format: NDJSON lines (an AnnotationLine "
            + "each) for format=crosscheck; JSON, TSV, JSON-LD or CoNLL text for the others (docs/import.md)",
            content = {@Content(mediaType = "application/x-ndjson", schema = @Schema(implementation = AnnotationLine.class)),
                    @Content(mediaType = "application/json", schema = @Schema(ref = "ImportFile")),
                    @Content(mediaType = "application/ld+json", schema = @Schema(ref = "ImportFile")),
                    @Content(mediaType = "application/jsonl", schema = @Schema(ref = "ImportFile")),
                    @Content(mediaType = "text/tab-separated-values", schema = @Schema(ref = "ImportFile")),
                    @Content(mediaType = "text/plain", schema = @Schema(ref = "ImportFile")),
                    @Content(mediaType = "application/zip", schema = @Schema(ref = "ImportFile"))})
    @POST
    @Path("/import")
    @BulkBody
    public AnnotationImportReport importAnnotations(@PathParam("projectId") long projectId,
                                                    @BeanParam ImportQuery query, InputStream body) throws IOException {
        AnnotationImports.Plan plan = imports.plan(projectId, query);
        return imports.run(plan, body, new AnnotationImportReport(), currentUser.id());
    }

    /**
     * The same import as a job (docs/jobs.md): the parameters are checked and the body stored now, the import runs in
     * the job runner, and the job's result is the report {@code /import} would have answered. Its body is described
     * by the synchronous import's (ApiDescriptionFilter copies it).
     */
    @APIResponse(responseCode = "202", description = "Queued; poll the job at Location",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobAccepted.class)))
    @POST
    @Path("/imports")
    @BulkBody
    public Response importAsJob(@PathParam("projectId") long projectId, @BeanParam ImportQuery query, InputStream body)
            throws IOException {
        long job = jobs.startAnnotationImport(projectId, query, body, currentUser.actor());
        return JobAccepted.response(job, uri);
    }
}
