package io.crosscheck.projects;

import io.crosscheck.common.CurrentUser;
import io.crosscheck.common.Page;
import io.crosscheck.common.PageRequest;
import io.crosscheck.common.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.time.OffsetDateTime;
import java.util.List;

/** Projects and their items (supervisor, admin). */
@Path("/api/v1/projects")
@RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
public class ProjectResource {

    @Inject
    ProjectService projects;

    @Inject
    LayerChangeService layerChanges;

    @Inject
    CurrentUser currentUser;

    public record ProjectResponse(Long id, String name, int annotatorsPerItem, boolean blindSources, String order,
                                  String access, int schemaVersion, List<LayerSpec> layers,
                                  List<RaterAttribute> raterAttributes, ProjectRequest.Panel panel,
                                  double controlRate, ProjectRequest.Escalation escalation, int rounds,
                                  OffsetDateTime createdAt) {
        public static ProjectResponse from(Project p) {
            return new ProjectResponse(p.id, p.name, p.annotatorsPerItem, p.blindSources, p.itemOrder, p.access,
                    p.schemaVersion, p.layers.stream().map(LayerSpec::from).toList(), List.copyOf(p.raterAttributes),
                    p.panelBalanceBy == null ? null : new ProjectRequest.Panel(p.panelBalanceBy), p.controlRate,
                    p.escalationLayer == null ? null
                            : new ProjectRequest.Escalation(p.escalationLayer, p.escalationBelow, p.escalationMax),
                    p.rounds, p.createdAt);
        }
    }

    public record AddItemsRequest(@Size(min = 1, max = 100_000) List<@NotNull Long> articleIds,
                                  @Size(min = 1, max = 200) String storyKey) {
        // A validation rule, not a field of the JSON (the OpenAPI description must not list it).
        @com.fasterxml.jackson.annotation.JsonIgnore
        @AssertTrue(message = "give either articleIds or storyKey")
        public boolean isArticlesOrStory() {
            return (articleIds == null) != (storyKey == null);
        }
    }

    public record AddItemsResponse(int added) {
    }

    /** Body of {@code PUT /projects/{id}/layers}: the complete new layer list. */
    public record LayersRequest(@NotNull @Size(min = 1, max = 50) List<@Valid @NotNull LayerSpec> layers) {
    }

    @APIResponse(responseCode = "201", description = "The project, created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ProjectResponse.class)))
    @APIResponse(responseCode = "409", description = "A project with this name exists")
    @POST
    public Response create(@Valid @NotNull ProjectRequest request) {
        Project project = projects.create(request, currentUser.id());
        return Response.status(201).entity(ProjectResponse.from(project)).build();
    }

    @GET
    public Page<ProjectResponse> list(@Valid @BeanParam PageRequest page) {
        return projects.list(page).map(ProjectResponse::from);
    }

    @GET
    @Path("/{id}")
    public ProjectResponse get(@PathParam("id") long id) {
        return ProjectResponse.from(projects.get(id));
    }

    /** Replaces the layer list; refused with 409 where stored annotations or gold would change meaning. */
    @APIResponse(responseCode = "200", description = "The project with its new layers",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ProjectResponse.class)))
    @APIResponse(responseCode = "409", description = "The change would alter stored annotations or gold")
    @PUT
    @Path("/{id}/layers")
    public ProjectResponse replaceLayers(@PathParam("id") long id, @Valid @NotNull LayersRequest request) {
        return ProjectResponse.from(layerChanges.replaceLayers(id, request.layers(), currentUser.id()));
    }

    @POST
    @Path("/{id}/items")
    public AddItemsResponse addItems(@PathParam("id") long id, @Valid @NotNull AddItemsRequest request) {
        return new AddItemsResponse(projects.addItems(id, request.articleIds(), request.storyKey(), currentUser.id()));
    }

    /** Body of {@code POST /projects/{id}/controls}: items whose gold is the answer key. */
    public record ControlsRequest(@NotNull @Size(min = 1, max = 10_000) List<@NotNull Long> articleIds) {
    }

    public record ControlsResponse(long controls) {
    }

    /** Marks items as control items (SPEC §8); 422 when one is not an item with gold. */
    @POST
    @Path("/{id}/controls")
    public ControlsResponse markControls(@PathParam("id") long id, @Valid @NotNull ControlsRequest request) {
        return new ControlsResponse(projects.markControls(id, request.articleIds(), currentUser.id()));
    }

    @GET
    @Path("/{id}/items")
    public Page<ProjectService.ItemStatus> items(@PathParam("id") long id, @Valid @BeanParam PageRequest page) {
        return projects.items(id, page);
    }

    /** Item counts for the dashboard: complete, in progress, untouched, adjudicated. */
    @GET
    @Path("/{id}/progress")
    public ProjectService.Progress progress(@PathParam("id") long id) {
        return projects.progress(id);
    }

    @APIResponse(responseCode = "204", description = "The item is no longer in the project")
    @APIResponse(responseCode = "409", description = "The item already has assignments")
    @DELETE
    @Path("/{id}/items/{articleId}")
    public Response removeItem(@PathParam("id") long id, @PathParam("articleId") long articleId) {
        projects.removeItem(id, articleId, currentUser.id());
        return Response.noContent().build();
    }
}
