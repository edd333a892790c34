package io.crosscheck.agreement;

import io.crosscheck.common.IntervalRequest;
import io.crosscheck.common.Problem;
import io.crosscheck.common.ProblemException;
import io.crosscheck.common.Roles;
import io.crosscheck.database.ReportRead;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.List;

/**
 * Inter-annotator agreement of a project (supervisor, admin): one layer with {@code ?layer=}, every layer
 * without it; {@code ?groupBy=<rater attribute>} adds the figures within and between rater groups (SPEC §8).
 * Definitions and choices: docs/agreement.md and docs/methodology.md.
 */
@Path("/api/v1/projects/{id}/agreement")
@RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@ReportRead
public class AgreementResource {

    @Inject
    AgreementService agreement;

    @Context
    UriInfo uri;

    /**
     * Returns one report object when {@code layer} is given, else a list with one report per layer. Query
     * parameters are taken as strings so that a malformed value is a 400 problem rather than JAX-RS's 404.
     */
    @APIResponse(responseCode = "200", description = "One report when layer is given, else one per layer",
            content = @Content(mediaType = "application/json",
                    schema = @Schema(oneOf = {AgreementReport.class, AgreementReport[].class})))
    @GET
    public Object get(@PathParam("id") long id, @QueryParam("layer") String layer,
                      @BeanParam IntervalRequest.Query interval, @QueryParam("groupBy") String groupBy, @QueryParam("controls") String controls,
                      @QueryParam("round") String round) {
        // Two rounds (SPEC §8): round 1, the independent judgements, unless round 2 (the revisions) is asked for.
        if (round != null && !round.equals("1") && !round.equals("2")) {
            throw new ProblemException(400, "Bad Request", "round must be 1 or 2",
                    List.of(new Problem.FieldError("round", "must be 1 (the default: independent judgements) or 2 (revisions)")));
        }
        int r = round == null ? 1 : Integer.parseInt(round);
        IntervalRequest ciRequest = interval.optional(AgreementService.DEFAULT_SEED);
        if (controls != null && !controls.equals("include") && !controls.equals("exclude")) {
            throw new ProblemException(400, "Bad Request", "controls must be include or exclude",
                    List.of(new Problem.FieldError("controls", "must be include or exclude (the default)")));
        }
        boolean withControls = "include".equals(controls);
        boolean grouped = groupBy != null;
        if (grouped && groupBy.isBlank()) {
            throw new ProblemException(400, "Bad Request", "groupBy must not be blank",
                    List.of(new Problem.FieldError("groupBy", "must name a rater attribute, e.g. groupBy=lean")));
        }
        if (layer == null && !uri.getQueryParameters().containsKey("layer")) {
            if (grouped) {
                return agreement.grouped(id, null, ciRequest, groupBy.strip(), withControls, r);
            }
            List<AgreementReport> all = agreement.all(id, ciRequest, withControls, r);
            return all;
        }
        if (layer == null || layer.isBlank()) {
            throw new ProblemException(400, "Bad Request", "layer must not be blank",
                    List.of(new Problem.FieldError("layer", "must not be blank")));
        }
        if (grouped) {
            return agreement.grouped(id, layer, ciRequest, groupBy.strip(), withControls, r).get(0);
        }
        return agreement.layer(id, layer, ciRequest, withControls, r);
    }
}
