package io.crosscheck.queue;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.crosscheck.common.CurrentUser;
import io.crosscheck.common.Roles;
import io.crosscheck.projects.LayerSpec;
import io.crosscheck.projects.SchemaService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * {@code queue/next}: an annotator pulls the next item of a project. Annotators only: supervisors adjudicate, and
 * labels they made through the queue would silently count as one more annotator in the agreement figures.
 */
@Path("/api/v1/projects/{id}/queue")
@RolesAllowed(Roles.ANNOTATOR)
public class QueueResource {

    @Inject
    QueueService queue;

    @Inject
    SchemaService schemas;

    @Inject
    CurrentUser currentUser;

    /**
     * The lease and everything needed to label the item: the article and the project's layers (its schema);
     * {@code round} 1, or 2 for a revision in a two-round project, which also carries {@code others}: the other
     * raters' round-1 judgements, without names (SPEC §8).
     */
    public record NextResponse(long assignmentId, long articleId, ArticleView article, OffsetDateTime leaseExpiresAt,
                               int schemaVersion, List<LayerSpec> layers, int round,
                               @JsonInclude(JsonInclude.Include.NON_NULL) List<QueueService.OtherRater> others) {
        static NextResponse from(QueueService.Claim c, List<LayerSpec> layers) {
            SourceView source = c.source() == null ? null
                    : new SourceView(c.source().id(), c.source().name(), c.source().domain());
            return new NextResponse(c.assignmentId(), c.articleId(),
                    new ArticleView(c.title(), c.text(), c.length(), source), c.leaseExpiresAt(), c.schemaVersion(), layers,
                    c.round(), c.others());
        }
    }

    /** The article as the annotator sees it; {@code source} is left out entirely when the project is blind. */
    public record ArticleView(String title, String text, int length,
                              @JsonInclude(JsonInclude.Include.NON_NULL) SourceView source) {
    }

    public record SourceView(long id, String name, String domain) {
    }

    @APIResponse(responseCode = "200", description = "An assignment claimed for you, with the article and the layers",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = NextResponse.class)))
    @APIResponse(responseCode = "204", description = "Nothing left for you to do in this project")
    @POST
    @Path("/next")
    public Response next(@PathParam("id") long projectId) {
        return queue.next(projectId, currentUser.id())
                .map(claim -> Response.ok(NextResponse.from(claim, schemas.layers(projectId, claim.schemaVersion()))).build())
                .orElseGet(() -> Response.noContent().build());
    }
}
