package io.crosscheck.export;

import io.crosscheck.common.Roles;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Dataset export (supervisor, admin): the file, streamed, and the dataset card that describes it. */
@Path("/api/v1/projects/{id}/export")
@RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
public class ExportResource {

    @Inject
    ExportService exports;

    @Inject
    ExportSlots slots;

    @Context
    RoutingContext routing;

    @Context
    UriInfo uri;

    /** {@code format=jsonl|csv|webanno|conll} (default jsonl), {@code include=gold|raw|all} (default all). */
    @APIResponse(responseCode = "429", description = "Every export slot is in use (crosscheck.export.concurrency); retry after the time given")
    @GET
    public Response export(@PathParam("id") long id, @QueryParam("format") String format,
                           @QueryParam("include") String include, @QueryParam("layer") String layer,
                           @QueryParam("sourceId") String sourceId, @QueryParam("status") String status,
                           @QueryParam("annotator") String annotator, @QueryParam("comments") String comments) {
        ExportPlan plan = exports.plan(id, new ExportQuery(format, include, layer, sourceId, status, annotator, comments),
                uri.getBaseUri().toString());
        ExportSlots.Slot slot = slots.tryAcquire();
        if (slot == null) {
            return slots.busy();
        }
        // Gives the slot back if the exchange ends before the body is written (the body's own finally does otherwise).
        routing.addEndHandler(done -> slot.releaseIfNotStarted());
        return Response.ok(exports.stream(plan, slot))
                .header("Content-Type", plan.mediaType())
                .header("Content-Disposition", "attachment; filename=\"" + plan.filename() + "\"")
                .build();
    }

    @APIResponse(responseCode = "200", description = "The dataset card of the export these parameters describe",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = DatasetCard.class)))
    @APIResponse(responseCode = "429", description = "Every export slot is in use (crosscheck.export.concurrency); retry after the time given")
    @GET
    @Path("/card")
    public Response card(@PathParam("id") long id, @QueryParam("format") String format,
                         @QueryParam("include") String include, @QueryParam("layer") String layer,
                         @QueryParam("sourceId") String sourceId, @QueryParam("status") String status,
                         @QueryParam("annotator") String annotator, @QueryParam("comments") String comments) {
        ExportPlan plan = exports.plan(id, new ExportQuery(format, include, layer, sourceId, status, annotator, comments),
                uri.getBaseUri().toString());
        // The card streams the whole export through SHA-256 on a connection: it counts against the same bound.
        try (ExportSlots.Slot slot = slots.tryAcquire()) {
            if (slot == null) {
                return slots.busy();
            }
            return Response.ok(exports.card(plan)).type(MediaType.APPLICATION_JSON).build();
        }
    }
}
