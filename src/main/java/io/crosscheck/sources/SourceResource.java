package io.crosscheck.sources;

import io.crosscheck.common.CurrentUser;
import io.crosscheck.common.Page;
import io.crosscheck.common.PageRequest;
import io.crosscheck.common.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
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

/** Outlets and other sources (supervisor, admin). */
@Path("/api/v1/sources")
@RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
public class SourceResource {

    @Inject
    SourceService sources;

    @Inject
    CurrentUser currentUser;

    public record CreateSourceRequest(
            @NotBlank @Size(max = 200) String name,
            @Size(max = 253) String domain,
            @Pattern(regexp = "outlet|agency|blog|social|government|ngo|other",
                    message = "must be one of outlet, agency, blog, social, government, ngo, other") String kind,
            @Size(max = 200) List<@NotBlank @Size(max = 200) String> redact) {

        /** Names are stored without surrounding spaces, and compared that way before the unique key sees them. */
        public CreateSourceRequest {
            name = name == null ? null : name.strip();
        }
    }

    public record SourceResponse(Long id, String name, String domain, String kind, List<String> redact,
                                 OffsetDateTime createdAt) {
        public static SourceResponse from(Source s) {
            return new SourceResponse(s.id, s.name, s.domain, s.kind, List.of(s.redact), s.createdAt);
        }
    }

    @APIResponse(responseCode = "201", description = "The source, created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SourceResponse.class)))
    @APIResponse(responseCode = "409", description = "A source with this name exists (its id is in existingId)")
    @POST
    public Response create(@Valid @NotNull CreateSourceRequest request) {
        Source source = sources.create(request.name(), request.domain(), request.kind(), request.redact(),
                currentUser.id());
        return Response.status(201).entity(SourceResponse.from(source)).build();
    }

    /** Replaces name, domain, kind and redact strings; the same body as POST (a name taken by another source: 409). */
    @PUT
    @Path("/{id}")
    public SourceResponse update(@PathParam("id") long id, @Valid @NotNull CreateSourceRequest request) {
        return SourceResponse.from(sources.update(id, request.name().trim(), request.domain(), request.kind(),
                request.redact(), currentUser.id()));
    }

    @GET
    public Page<SourceResponse> list(@Valid @BeanParam PageRequest page) {
        return sources.list(page).map(SourceResponse::from);
    }

    @GET
    @Path("/{id}")
    public SourceResponse get(@PathParam("id") long id) {
        return SourceResponse.from(sources.get(id));
    }
}
