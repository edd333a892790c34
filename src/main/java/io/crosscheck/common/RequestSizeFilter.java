package io.crosscheck.common;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Bounds request bodies per endpoint: imports ({@link BulkBody}) to {@code crosscheck.limits.bulk-body}, every other
 * endpoint to {@code crosscheck.limits.json-body}, whatever Content-Type the client claims. A declared Content-Length
 * past the limit is a 413 problem before the body is read; otherwise the body is counted as it is read
 * ({@link BoundedBody}), so a chunked body or a lying Content-Length meets the same limit. Runs after matching (the
 * limit belongs to the endpoint) and before the body is read (JAX-RS runs request filters first).
 */
public class RequestSizeFilter {

    // Lazy: RESTEasy builds its filters during static init, before runtime config exists.
    @Inject
    Instance<CrosscheckConfig> config;

    @ServerRequestFilter
    public Response limit(ContainerRequestContext request, ResourceInfo resource) {
        String lengthHeader = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        boolean chunked = request.getHeaderString("Transfer-Encoding") != null;
        if (lengthHeader == null && !chunked) {
            return null;
        }
        long declared = -1;
        if (lengthHeader != null) {
            try {
                declared = Long.parseLong(lengthHeader.trim());
            } catch (NumberFormatException e) {
                return ProblemMapper.problem(400, "Bad Request", "Content-Length is not a number", null);
            }
        }
        boolean bulk = resource.getResourceMethod() != null
                && resource.getResourceMethod().isAnnotationPresent(BulkBody.class);
        CrosscheckConfig.Limits limits = config.get().limits();
        long max = bulk ? limits.bulkBody().asLongValue() : limits.jsonBody().asLongValue();
        String limitName = bulk ? "crosscheck.limits.bulk-body" : "crosscheck.limits.json-body";
        if (declared > max) {
            return ProblemMapper.response(BoundedBody.tooLarge(max, String.valueOf(declared), limitName).toProblem());
        }
        if (declared != 0) {
            request.setEntityStream(new BoundedBody(request.getEntityStream(), max, chunked ? -1 : declared, limitName));
        }
        return null;
    }
}
