package io.crosscheck.queue;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.crosscheck.common.CurrentUser;
import io.crosscheck.common.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import java.time.OffsetDateTime;

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
    CurrentUser currentUser;

    public record NextResponse(long assignmentId, long articleId, ArticleView article, OffsetDateTime leaseExpiresAt) {
        static NextResponse from(QueueService.Claim c) {
            SourceView source = c.source() == null ? null
                    : new SourceView(c.source().id(), c.source().name(), c.source().domain());
            return new NextResponse(c.assignmentId(), c.articleId(),
                    new ArticleView(c.title(), c.text(), c.length(), source), c.leaseExpiresAt());
        }
    }

    /** The article as the annotator sees it; {@code source} is left out entirely when the project is blind. */
    public record ArticleView(String title, String text, int length,
                              @JsonInclude(JsonInclude.Include.NON_NULL) SourceView source) {
    }

    public record SourceView(long id, String name, String domain) {
    }

    @POST
    @Path("/next")
    public Response next(@PathParam("id") long projectId) {
        return queue.next(projectId, currentUser.id())
                .map(claim -> Response.ok(NextResponse.from(claim)).build())
                .orElseGet(() -> Response.noContent().build());
    }
}
