package io.crosscheck.annotations;

import io.crosscheck.common.CurrentUser;
import io.crosscheck.common.ProblemException;
import io.crosscheck.common.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One annotation by id. Changes need {@code If-Match: <version>} (the number, bare or quoted as the ETag we send):
 * missing → 428, not a version → 400, stale → 412.
 */
@Path("/api/v1/annotations")
@RolesAllowed({Roles.ANNOTATOR, Roles.SUPERVISOR, Roles.ADMIN})
public class AnnotationResource {

    private static final Pattern VERSION = Pattern.compile("\\s*(?:W/)?\"?(\\d{1,9})\"?\\s*");

    @Inject
    AnnotationService annotations;

    @Inject
    CurrentUser currentUser;

    static EntityTag etag(int version) {
        return new EntityTag(Integer.toString(version));
    }

    @APIResponse(responseCode = "200", description = "The annotation; its version is the ETag",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AnnotationResponse.class)))
    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") long id) {
        AnnotationResponse a = annotations.get(id, currentUser.actor());
        return Response.ok(a).tag(etag(a.version())).build();
    }

    @APIResponse(responseCode = "200", description = "The annotation, changed; its new version is the ETag",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AnnotationResponse.class)))
    @APIResponse(responseCode = "409", description = "The assignment may no longer change")
    @PUT
    @Path("/{id}")
    public Response update(@PathParam("id") long id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           @Valid @NotNull AnnotationRequest request) {
        AnnotationResponse a = annotations.update(id, version(ifMatch), request, currentUser.actor());
        return Response.ok(a).tag(etag(a.version())).build();
    }

    @APIResponse(responseCode = "204", description = "The annotation is deleted")
    @APIResponse(responseCode = "409", description = "The assignment may no longer change")
    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") long id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        annotations.delete(id, version(ifMatch), currentUser.actor());
        return Response.noContent().build();
    }

    static int version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ProblemException(428, "Precondition Required",
                    "changing an annotation needs 'If-Match: <version>' with the version you last read");
        }
        Matcher m = VERSION.matcher(ifMatch);
        if (!m.matches()) {
            throw ProblemException.badRequest("If-Match must be the annotation's version number, e.g. If-Match: 3");
        }
        return Integer.parseInt(m.group(1));
    }
}
