package io.crosscheck.queue;

import io.crosscheck.common.CurrentUser;
import io.crosscheck.common.Page;
import io.crosscheck.common.PageRequest;
import io.crosscheck.common.ProblemException;
import io.crosscheck.common.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.time.OffsetDateTime;

/**
 * An annotator's assignments: read them, and heartbeat, skip or submit one's own. Acting on someone else's
 * assignment answers 404, so ids reveal nothing. Supervisors and admins may read any assignment.
 */
@Path("/api/v1/assignments")
public class AssignmentResource {

    @Inject
    QueueService queue;

    @Inject
    CurrentUser currentUser;

    public record AssignmentResponse(long id, long projectId, long itemId, long articleId, long annotatorId,
                                     String status, boolean imported, OffsetDateTime leasedAt,
                                     OffsetDateTime leaseExpiresAt, OffsetDateTime endedAt, Double activeSeconds,
                                     int round) {
        /** A lease past its expiry is shown as expired even before a claim has marked it so (database clock). */
        static AssignmentResponse from(Assignment a) {
            return new AssignmentResponse(a.id, a.projectId, a.itemId, a.articleId, a.annotatorId, a.state, a.imported,
                    a.leasedAt, a.leaseExpiresAt, a.endedAt, a.activeSeconds(), a.round);
        }
    }

    @GET
    @RolesAllowed({Roles.ANNOTATOR, Roles.SUPERVISOR, Roles.ADMIN})
    public Page<AssignmentResponse> list(
            // Ids arrive as strings so that "abc" is a 400 with a field error, not the 404 JAX-RS gives by default.
            @QueryParam("projectId") @Pattern(regexp = "\\d{1,18}", message = "must be a number") String projectId,
            @QueryParam("status") @Pattern(regexp = "leased|submitted|skipped|expired",
                    message = "must be one of leased, submitted, skipped, expired") String status,
            @QueryParam("annotatorId") @Pattern(regexp = "\\d{1,18}", message = "must be a number") String annotatorId,
            @Valid @BeanParam PageRequest page) {
        var actor = currentUser.actor();
        Long project = projectId == null ? null : Long.valueOf(projectId);
        Long annotator = annotatorId == null ? null : Long.valueOf(annotatorId);
        if (!actor.supervisor() && annotator != null && annotator != actor.id()) {
            throw new ProblemException(403, "Forbidden", "Annotators may list only their own assignments");
        }
        Long who = actor.supervisor() ? annotator : Long.valueOf(actor.id());
        return queue.list(project, status, who, page).map(AssignmentResponse::from);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ANNOTATOR, Roles.SUPERVISOR, Roles.ADMIN})
    public AssignmentResponse get(@PathParam("id") long id) {
        var actor = currentUser.actor();
        return AssignmentResponse.from(queue.get(id, actor.id(), actor.supervisor()));
    }

    @APIResponse(responseCode = "200", description = "The assignment after the change",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AssignmentResponse.class)))
    @APIResponse(responseCode = "409", description = "The assignment is no longer yours to change (submitted, skipped or expired)")
    @POST
    @Path("/{id}/heartbeat")
    @RolesAllowed(Roles.ANNOTATOR)
    public AssignmentResponse heartbeat(@PathParam("id") long id) {
        return AssignmentResponse.from(queue.heartbeat(id, currentUser.id()));
    }

    @APIResponse(responseCode = "200", description = "The assignment after the change",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AssignmentResponse.class)))
    @APIResponse(responseCode = "409", description = "The assignment is no longer yours to change (submitted, skipped or expired)")
    @POST
    @Path("/{id}/skip")
    @RolesAllowed(Roles.ANNOTATOR)
    public AssignmentResponse skip(@PathParam("id") long id) {
        return AssignmentResponse.from(queue.skip(id, currentUser.id()));
    }

    @APIResponse(responseCode = "200", description = "The assignment after the change",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AssignmentResponse.class)))
    @APIResponse(responseCode = "409", description = "The assignment is no longer yours to change (submitted, skipped or expired)")
    @POST
    @Path("/{id}/submit")
    @RolesAllowed(Roles.ANNOTATOR)
    public AssignmentResponse submit(@PathParam("id") long id) {
        return AssignmentResponse.from(queue.submit(id, currentUser.id()));
    }
}
