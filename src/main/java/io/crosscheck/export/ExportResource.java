package io.crosscheck.export;

import io.crosscheck.common.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/** Dataset export (supervisor, admin): the file, streamed, and the dataset card that describes it. */
@Path("/api/v1/projects/{id}/export")
@RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
public class ExportResource {

    @Inject
    ExportService exports;

    /** {@code format=jsonl|csv|webanno|conll} (default jsonl), {@code include=gold|raw|all} (default all). */
    @GET
    public Response export(@PathParam("id") long id, @QueryParam("format") String format,
                           @QueryParam("include") String include, @QueryParam("layer") String layer,
                           @QueryParam("sourceId") String sourceId, @QueryParam("status") String status) {
        ExportPlan plan = exports.plan(id, format, include, layer, sourceId, status);
        return Response.ok(exports.stream(plan))
                .header("Content-Type", plan.format().mediaType)
                .header("Content-Disposition", "attachment; filename=\"" + plan.filename() + "\"")
                .build();
    }

    @GET
    @Path("/card")
    public DatasetCard card(@PathParam("id") long id, @QueryParam("format") String format,
                            @QueryParam("include") String include, @QueryParam("layer") String layer,
                            @QueryParam("sourceId") String sourceId, @QueryParam("status") String status) {
        return exports.card(exports.plan(id, format, include, layer, sourceId, status));
    }
}
