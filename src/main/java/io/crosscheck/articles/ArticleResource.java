package io.crosscheck.articles;

import io.crosscheck.common.BulkBody;
import io.crosscheck.common.CurrentUser;
import io.crosscheck.common.ImportReport;
import io.crosscheck.common.Page;
import io.crosscheck.common.PageRequest;
import io.crosscheck.common.Roles;
import io.crosscheck.jobs.JobAccepted;
import io.crosscheck.jobs.JobService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.io.IOException;
import java.io.InputStream;
import java.time.OffsetDateTime;

/** Articles (supervisor, admin). Annotators read article text only through their queue assignments. */
@Path("/api/v1/articles")
@RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
public class ArticleResource {

    public static final String NDJSON = "application/x-ndjson";

    @Inject
    ArticleService articles;

    @Inject
    ArticleImport articleImport;

    @Inject
    CurrentUser currentUser;

    @Inject
    JobService jobs;

    @jakarta.ws.rs.core.Context
    jakarta.ws.rs.core.UriInfo uri;

    public record ArticleSummary(Long id, Long sourceId, String title, int length, String sha256, String url,
                                 OffsetDateTime publishedAt, String storyKey, OffsetDateTime createdAt) {
        public static ArticleSummary from(Article a) {
            return new ArticleSummary(a.id, a.sourceId, a.title, a.length, a.sha256, a.url, a.publishedAt, a.storyKey,
                    a.createdAt);
        }
    }

    public record ArticleDetail(Long id, Long sourceId, String title, int length, String sha256, String url,
                                OffsetDateTime publishedAt, String storyKey, OffsetDateTime createdAt, String text) {
        public static ArticleDetail from(Article a) {
            return new ArticleDetail(a.id, a.sourceId, a.title, a.length, a.sha256, a.url, a.publishedAt, a.storyKey,
                    a.createdAt, a.text);
        }
    }

    @APIResponse(responseCode = "201", description = "The article, created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ArticleSummary.class)))
    @APIResponse(responseCode = "409", description = "This source already has an article with the same text")
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Valid @NotNull ArticleRequest request) {
        Article article = articles.create(request, currentUser.id());
        return Response.status(201).entity(ArticleSummary.from(article)).build();
    }

    /** NDJSON, one article a line; a line may name {@code sourceName} (created when unknown) instead of {@code sourceId}. */
    @RequestBody(required = true, description = "NDJSON (application/x-ndjson): one JSON object per line, each an "
            + "ArticleRequest as for POST /api/v1/articles; blank lines are skipped, a bad line is reported by number",
            content = @Content(mediaType = NDJSON, schema = @Schema(implementation = ArticleRequest.class)))
    @POST
    @Path("/import")
    @Consumes(NDJSON)
    @BulkBody
    public ImportReport importNdjson(InputStream body) throws IOException {
        return articleImport.importNdjson(body, currentUser.id());
    }

    /**
     * The same import as a job (docs/jobs.md): the body is stored now, the job's result is the report. Its body is
     * described by the synchronous import's (ApiDescriptionFilter copies it).
     */
    @APIResponse(responseCode = "202", description = "Queued; poll the job at Location",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobAccepted.class)))
    @POST
    @Path("/imports")
    @Consumes(NDJSON)
    @BulkBody
    public Response importAsJob(InputStream body) throws IOException {
        return JobAccepted.response(jobs.startArticleImport(body, currentUser.actor()), uri);
    }

    @GET
    public Page<ArticleSummary> list(@QueryParam("sourceId") Long sourceId, @QueryParam("storyKey") String storyKey,
                                     @Valid @BeanParam PageRequest page) {
        return articles.list(sourceId, storyKey, page).map(ArticleSummary::from);
    }

    @GET
    @Path("/{id}")
    public ArticleDetail get(@PathParam("id") long id) {
        return ArticleDetail.from(articles.get(id));
    }
}
