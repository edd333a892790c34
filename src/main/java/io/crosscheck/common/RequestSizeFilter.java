package io.crosscheck.common;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;

/**
 * Bounds request bodies: JSON bodies to {@code crosscheck.limits.json-body}, NDJSON bulk bodies and annotation
 * imports (files of other tools) to {@code crosscheck.limits.bulk-body}. Requests that declare a larger Content-Length get a 413 problem before the
 * body is read; chunked bodies past the bulk limit are cut by the HTTP layer ({@code quarkus.http.limits.max-body-size}).
 */
public class RequestSizeFilter {

    // Lazy: RESTEasy builds its filters during static init, before runtime config exists.
    @Inject
    Instance<CrosscheckConfig> config;

    @ServerRequestFilter(preMatching = true)
    public Response limit(ContainerRequestContext request) {
        String lengthHeader = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (lengthHeader == null) {
            return null;
        }
        long length;
        try {
            length = Long.parseLong(lengthHeader.trim());
        } catch (NumberFormatException e) {
            return ProblemMapper.problem(400, "Bad Request", "Content-Length is not a number", null);
        }
        var type = request.getMediaType();
        // Annotation imports take whole files of other tools (JSON, TSV, zip …): the bulk limit, whatever their type.
        boolean bulk = type != null && "x-ndjson".equals(type.getSubtype())
                || request.getUriInfo().getPath().endsWith("/annotations/import");
        long max = bulk ? config.get().limits().bulkBody().asLongValue() : config.get().limits().jsonBody().asLongValue();
        if (length > max) {
            return ProblemMapper.problem(413, "Content Too Large",
                    "Request body is " + length + " bytes; the limit for " + (bulk ? "NDJSON" : "JSON")
                            + " bodies is " + max + " bytes",
                    List.of());
        }
        return null;
    }
}
