package io.crosscheck.annotations;

import io.crosscheck.common.CurrentUser;
import io.crosscheck.common.Page;
import io.crosscheck.common.PageRequest;
import io.crosscheck.common.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.net.URI;
import java.util.List;

/**
 * Annotations of one assignment: its annotator writes them while the lease is live; supervisors and admins may read.
 * Anyone else gets 404 (blind annotation).
 */
@Path("/api/v1/assignments/{assignmentId}/annotations")
@RolesAllowed({Roles.ANNOTATOR, Roles.SUPERVISOR, Roles.ADMIN})
public class AssignmentAnnotationResource {

    @Inject
    AnnotationService annotations;

    @Inject
    CurrentUser currentUser;

    /** Body of the batch endpoint; each element is checked by the service so that every failure is a 422 by index. */
    public record BatchRequest(@NotNull @Size(min = 1, max = 10_000) List<AnnotationRequest> annotations) {
    }

    /** 201 with a new annotation; 200 when a document label replaced the one stored for that layer. */
    @APIResponse(responseCode = "201", description = "The annotation, created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AnnotationResponse.class)))
    @APIResponse(responseCode = "200", description = "A document label replaced the one stored for its layer",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AnnotationResponse.class)))
    @APIResponse(responseCode = "409", description = "The assignment is submitted, skipped or its lease ran out")
    @POST
    public Response create(@PathParam("assignmentId") long assignmentId, @Valid @NotNull AnnotationRequest request) {
        AnnotationService.Written written = annotations.create(assignmentId, request, currentUser.actor());
        AnnotationResponse a = written.annotation();
        return Response.status(written.created() ? 201 : 200).entity(a)
                .location(URI.create("/api/v1/annotations/" + a.id()))
                .tag(AnnotationResource.etag(a.version())).build();
    }

    @APIResponse(responseCode = "201", description = "The annotations, created, in the order sent",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AnnotationResponse.class, type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY)))
    @APIResponse(responseCode = "409", description = "The assignment is submitted, skipped or its lease ran out")
    @POST
    @Path("/batch")
    public Response createBatch(@PathParam("assignmentId") long assignmentId, @Valid @NotNull BatchRequest request) {
        return Response.status(201)
                .entity(annotations.createBatch(assignmentId, request.annotations(), currentUser.actor())).build();
    }

    @GET
    public Page<AnnotationResponse> list(@PathParam("assignmentId") long assignmentId, @Valid @BeanParam PageRequest page) {
        return annotations.list(assignmentId, page, currentUser.actor());
    }
}
