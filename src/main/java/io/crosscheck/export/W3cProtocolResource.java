package io.crosscheck.export;

import io.crosscheck.common.Roles;
import io.crosscheck.database.ReportRead;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The read side of the W3C Web Annotation Protocol (supervisor, admin): {@code GET /api/v1/projects/{id}/w3c/} is an
 * LDP basic container and AnnotationCollection of the project's annotations, paged one article a page
 * ({@code ?page=<article id>}); {@code GET …/w3c/{annotationId}} one annotation ({@code gold-<id>} for gold). The
 * export's filters apply as query parameters ({@code include}, {@code layer}, {@code sourceId}, {@code status},
 * {@code annotator}), so every id in a W3C export file is a URL here. {@code Prefer: return=representation;
 * include="…ldp#PreferMinimalContainer"} leaves the first page out; {@code include="…oa#PreferContainedIRIs"} lists
 * items as IRIs (pages {@code &iris=1}); the default is {@code PreferContainedDescriptions}. Responses carry
 * {@code ETag} (sha-256 of the body; {@code If-None-Match} gives 304), {@code Allow}, {@code Vary} and the
 * {@code Link} types the protocol requires. Read only: writing annotations goes through the workbench.
 */
@Path("/api/v1/projects/{id}/w3c")
@RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
@ReportRead
public class W3cProtocolResource {

    static final String MEDIA_TYPE = "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"";
    static final String ALLOW = "GET, HEAD, OPTIONS";
    static final String PREFER_MINIMAL = "http://www.w3.org/ns/ldp#PreferMinimalContainer";
    static final String PREFER_IRIS = "http://www.w3.org/ns/oa#PreferContainedIRIs";
    static final String PREFER_DESCRIPTIONS = "http://www.w3.org/ns/oa#PreferContainedDescriptions";

    @Inject
    ExportService exports;

    @Inject
    W3cProtocol protocol;

    @Inject
    ExportSlots slots;

    @Context
    UriInfo uri;

    @APIResponse(responseCode = "200", description = "A W3C Web Annotation Protocol container (AnnotationCollection) page", content = {
            @Content(mediaType = "application/ld+json", schema = @Schema(type = SchemaType.OBJECT, description = "A W3C Web Annotation Protocol container (AnnotationCollection) page (JSON-LD)")),
            @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT, description = "A W3C Web Annotation Protocol container (AnnotationCollection) page (JSON-LD)"))})
    @APIResponse(responseCode = "304", description = "Not modified since the ETag in If-None-Match")
    @GET
    @Path("/")
    @Produces({"application/ld+json", "application/json"})
    public Response container(@PathParam("id") long id, @QueryParam("include") String include,
                              @QueryParam("layer") String layer, @QueryParam("sourceId") String sourceId,
                              @QueryParam("status") String status, @QueryParam("annotator") String annotator,
                              @QueryParam("page") String page, @QueryParam("iris") String iris,
                              @HeaderParam("Prefer") String prefer, @HeaderParam("If-None-Match") String ifNoneMatch) {
        ExportPlan plan = exports.plan(id, new ExportQuery("webanno", include, layer, sourceId, status, annotator, null),
                uri.getBaseUri().toString());
        ExportSlots.Slot slot = slots.tryAcquire();
        if (slot == null) {
            return slots.busy();
        }
        try (slot) {
            if (page != null) {
                long article;
                try {
                    article = Long.parseLong(page.trim());
                } catch (NumberFormatException e) {
                    throw io.crosscheck.common.ProblemException.badRequest("page must be an article id")
                            .with("parameter", "page");
                }
                W3cProtocol.Contained c = "1".equals(iris) ? W3cProtocol.Contained.IRIS : W3cProtocol.Contained.DESCRIPTIONS;
                return answer(protocol.page(plan, article, c), ifNoneMatch, "http://www.w3.org/ns/oa#AnnotationPage", false, null);
            }
            W3cProtocol.Contained c = W3cProtocol.Contained.DESCRIPTIONS;
            String applied = null;
            if (prefer != null && prefer.contains("return=representation")) {
                c = prefer.contains(PREFER_MINIMAL) ? W3cProtocol.Contained.MINIMAL
                        : prefer.contains(PREFER_IRIS) ? W3cProtocol.Contained.IRIS : c;
                applied = "return=representation";
            }
            return answer(protocol.container(plan, c), ifNoneMatch, "http://www.w3.org/ns/ldp#BasicContainer", true, applied);
        }
    }

    @APIResponse(responseCode = "200", description = "One W3C Web Annotation", content = {
            @Content(mediaType = "application/ld+json", schema = @Schema(type = SchemaType.OBJECT, description = "One W3C Web Annotation (JSON-LD)")),
            @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT, description = "One W3C Web Annotation (JSON-LD)"))})
    @APIResponse(responseCode = "304", description = "Not modified since the ETag in If-None-Match")
    @GET
    @Path("/{annotationId}")
    @Produces({"application/ld+json", "application/json"})
    public Response annotation(@PathParam("id") long id, @PathParam("annotationId") String annotationId,
                               @HeaderParam("If-None-Match") String ifNoneMatch) {
        ExportPlan plan = exports.plan(id, new ExportQuery("webanno", null, null, null, null, null, null),
                uri.getBaseUri().toString());
        return answer(protocol.annotation(plan, annotationId), ifNoneMatch, "http://www.w3.org/ns/oa#Annotation", false, null);
    }

    @APIResponse(responseCode = "200", description = "No body: the methods allowed (Allow) and the LDP type (Link)")
    @OPTIONS
    @Path("/")
    public Response containerOptions(@PathParam("id") long id) {
        return Response.ok().header("Allow", ALLOW)
                .header("Link", "<http://www.w3.org/ns/ldp#BasicContainer>; rel=\"type\"")
                .header("Link", "<http://www.w3.org/TR/annotation-protocol/>; rel=\"http://www.w3.org/ns/ldp#constrainedBy\"")
                .build();
    }

    @APIResponse(responseCode = "200", description = "No body: the methods allowed (Allow) and the LDP type (Link)")
    @OPTIONS
    @Path("/{annotationId}")
    public Response annotationOptions(@PathParam("id") long id, @PathParam("annotationId") String annotationId) {
        return Response.ok().header("Allow", ALLOW).header("Link", "<http://www.w3.org/ns/ldp#Resource>; rel=\"type\"").build();
    }

    private static Response answer(byte[] body, String ifNoneMatch, String type, boolean container, String applied) {
        String etag = "\"" + sha256(body) + "\"";
        Response.ResponseBuilder r = ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.trim().equals("*"))
                ? Response.notModified() : Response.ok(body).header("Content-Type", MEDIA_TYPE);
        r.header("ETag", etag).header("Allow", ALLOW).header("Vary", container ? "Accept, Prefer" : "Accept");
        if (container) {
            r.header("Link", "<http://www.w3.org/ns/ldp#BasicContainer>; rel=\"type\"")
                    .header("Link", "<http://www.w3.org/TR/annotation-protocol/>; rel=\"http://www.w3.org/ns/ldp#constrainedBy\"");
        } else {
            r.header("Link", "<http://www.w3.org/ns/ldp#Resource>; rel=\"type\"");
        }
        r.header("Link", "<" + type + ">; rel=\"type\"");
        if (applied != null) {
            r.header("Preference-Applied", applied);
        }
        return r.build();
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
