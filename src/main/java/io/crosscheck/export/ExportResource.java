package io.crosscheck.export;

import io.crosscheck.common.ProblemException;
import io.crosscheck.common.Roles;
import io.crosscheck.database.ReportRead;
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
@ReportRead
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

    /**
     * The dataset card: JSON by default; {@code as=readme} the Hugging Face dataset-card README.md
     * ({@code text/markdown}), with {@code license=} (default {@code other}) and {@code language=} (default {@code en})
     * for its YAML header, since a project does not record them.
     */
    @APIResponse(responseCode = "200", description = "The dataset card of the export these parameters describe",
            content = {@Content(mediaType = "application/json", schema = @Schema(implementation = DatasetCard.class)),
                    @Content(mediaType = "text/markdown", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING))})
    @APIResponse(responseCode = "429", description = "Every export slot is in use (crosscheck.export.concurrency); retry after the time given")
    @GET
    @Path("/card")
    public Response card(@PathParam("id") long id, @QueryParam("format") String format,
                         @QueryParam("include") String include, @QueryParam("layer") String layer,
                         @QueryParam("sourceId") String sourceId, @QueryParam("status") String status,
                         @QueryParam("annotator") String annotator, @QueryParam("comments") String comments,
                         @QueryParam("as") String as, @QueryParam("license") String license,
                         @QueryParam("language") String language) {
        boolean readme = as != null && as.trim().equalsIgnoreCase("readme");
        if (as != null && !as.isBlank() && !readme && !as.trim().equalsIgnoreCase("json")) {
            throw ProblemException.badRequest("as must be json or readme").with("parameter", "as");
        }
        ExportPlan plan = exports.plan(id, new ExportQuery(format, include, layer, sourceId, status, annotator, comments),
                uri.getBaseUri().toString());
        // The card streams the whole export through SHA-256 on a connection: it counts against the same bound.
        try (ExportSlots.Slot slot = slots.tryAcquire()) {
            if (slot == null) {
                return slots.busy();
            }
            DatasetCard card = exports.card(plan);
            if (readme) {
                String md = DatasetCardReadme.render(card, blankOr(license, "other"), blankOr(language, "en"));
                return Response.ok(md).type("text/markdown; charset=utf-8")
                        .header("Content-Disposition", "inline; filename=\"README.md\"").build();
            }
            return Response.ok(card).type(MediaType.APPLICATION_JSON).build();
        }
    }

    private static String blankOr(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
