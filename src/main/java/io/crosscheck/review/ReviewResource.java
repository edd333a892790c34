package io.crosscheck.review;

import io.crosscheck.common.CurrentUser;
import io.crosscheck.common.Page;
import io.crosscheck.common.PageRequest;
import io.crosscheck.common.ProblemException;
import io.crosscheck.common.Roles;
import io.crosscheck.database.ReportRead;
import io.crosscheck.work.ItemFigureStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.net.URI;
import java.util.List;

/** Review for supervisors: the review queue, per-item disagreement reports, adjudication and annotator quality. */
@Path("/api/v1/projects/{id}")
@RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
public class ReviewResource {

    @Inject
    ReviewService review;

    @Inject
    AdjudicationService adjudication;

    @Inject
    AnnotatorService annotators;

    @Inject
    CurrentUser currentUser;

    @Inject
    ItemFigureStore figures;

    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "422", description = "The project has no such layer")
    @GET
    @Path("/review-queue")
    @ReportRead
    public Page<ReviewService.QueueRow> queue(@PathParam("id") long id, @QueryParam("layer") String layer,
                                              @QueryParam("sourceId") String sourceId,
                                              @QueryParam("maxAgreement") String maxAgreement,
                                              @Valid @BeanParam PageRequest page) {
        return review.queue(id, layer, parseLong("sourceId", sourceId), parseDouble("maxAgreement", maxAgreement), page);
    }

    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "422", description = "The project has no such layer")
    @GET
    @Path("/items/{articleId}/disagreements")
    @ReportRead
    public ReviewService.Report disagreements(@PathParam("id") long id, @PathParam("articleId") long articleId,
                                              @QueryParam("layer") String layer) {
        return review.disagreements(id, articleId, layer);
    }

    @APIResponse(responseCode = "201", description = "The new current adjudication (gold) of the item",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Gold.class)))
    @APIResponse(responseCode = "409", description = "The item may not be adjudicated in its current state")
    @POST
    @Path("/items/{articleId}/adjudication")
    public Response adjudicate(@PathParam("id") long id, @PathParam("articleId") long articleId,
                               @Valid @NotNull AdjudicationRequest request) {
        Gold gold = adjudication.adjudicate(id, articleId, request, currentUser.id());
        return Response.created(URI.create("/api/v1/projects/" + id + "/items/" + articleId + "/adjudication"))
                .entity(gold).build();
    }

    @GET
    @Path("/items/{articleId}/adjudication")
    public Gold currentGold(@PathParam("id") long id, @PathParam("articleId") long articleId) {
        return adjudication.current(id, articleId);
    }

    /** Gold as {@code from} ({@code majority} or {@code annotator:<name>}) would make it, not stored. */
    public record Draft(String from, List<AdjudicationRequest.GoldSpec> annotations) {
    }

    @GET
    @Path("/items/{articleId}/adjudication/draft")
    public Draft draft(@PathParam("id") long id, @PathParam("articleId") long articleId,
                       @QueryParam("from") String from) {
        if (from == null || !from.matches("majority|annotator:[A-Za-z0-9._@-]{1,100}")) {
            throw new ProblemException(400, "Bad Request", "from must be majority or annotator:<name>",
                    List.of(new io.crosscheck.common.Problem.FieldError("from", "must be majority or annotator:<name>")));
        }
        return new Draft(from, adjudication.draft(id, articleId, from));
    }

    @GET
    @Path("/items/{articleId}/adjudication/history")
    public Page<Gold> history(@PathParam("id") long id, @PathParam("articleId") long articleId,
                              @Valid @BeanParam PageRequest page) {
        return adjudication.history(id, articleId, page);
    }

    @GET
    @Path("/annotators")
    @ReportRead
    public Page<AnnotatorService.AnnotatorQuality> annotators(@PathParam("id") long id,
                                                              @Valid @BeanParam PageRequest page) {
        return annotators.annotators(id, page);
    }

    /** What a rebuild of the stored review figures did. */
    public record Rebuilt(long projectId, long items, long millis) {
    }

    /**
     * Recomputes the project's stored per-item review figures from its submitted work (docs/review.md, "Stored
     * figures"). Writes through the API keep them up to date; this is for work written straight into the database
     * (the agreement bench's SQL fills) and is what the first review read of a project migrated from before V46 does.
     */
    @APIResponse(responseCode = "200", description = "The figures are rebuilt")
    @APIResponse(responseCode = "404", description = "No such project")
    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("/item-figures/rebuild")
    public Rebuilt rebuildFigures(@PathParam("id") long id) {
        if (!figures.projectExistsNow(id)) {
            throw ProblemException.notFound("Project", id);
        }
        long t0 = System.nanoTime();
        long items = figures.rebuild(id);
        return new Rebuilt(id, items, (System.nanoTime() - t0) / 1_000_000);
    }

    static Long parseLong(String name, String value) {
        try {
            return value == null || value.isBlank() ? null : Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badParameter(name, "must be a whole number");
        }
    }

    static Double parseDouble(String name, String value) {
        try {
            Double d = value == null || value.isBlank() ? null : Double.parseDouble(value.strip());
            if (d != null && !Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw ProblemException.badParameter(name, "must be a finite number");
        }
    }
}
