package io.crosscheck.common;

import io.quarkus.runtime.BlockingOperationControl;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Bounds request bodies per endpoint: imports ({@link BulkBody}) to {@code crosscheck.limits.bulk-body}, every other
 * endpoint to {@code crosscheck.limits.json-body}, whatever Content-Type the client claims. A declared Content-Length
 * past the limit is a 413 problem before the body is read; otherwise the body is counted as it is read
 * ({@link BoundedBody}), so a chunked body or a lying Content-Length meets the same limit: an import's as the import
 * streams it, a JSON body here, before Jackson. Runs after matching (the limit belongs to the endpoint) and before
 * the body is read (JAX-RS runs request filters first, on the worker thread of a blocking endpoint).
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
            return ProblemMapper.problem(413, "Content Too Large",
                    BoundedBody.tooLargeDetail(max, String.valueOf(declared), limitName), null);
        }
        if (declared == 0) {
            return null;
        }
        BoundedBody body = new BoundedBody(request.getEntityStream(), max, chunked ? -1 : declared, limitName);
        if (bulk || !BlockingOperationControl.isBlockingAllowed()) {
            // An import streams its body: counted as the import reads it, and its failures reach the import.
            request.setEntityStream(body);
            return null;
        }
        // A JSON body is read here, whole (it is at most the JSON limit): Jackson would wrap a failure of the stream
        // inside a list into a 400 mapping error, and the limit must answer 413 wherever in the document it is met.
        try (body) {
            request.setEntityStream(new ByteArrayInputStream(body.readAllBytes()));
            return null;
        } catch (BodyTooLargeException e) {
            return ProblemMapper.problem(413, "Content Too Large", e.getMessage(), null);
        } catch (IncompleteBodyException e) {
            return ProblemMapper.incompleteBody(e);
        } catch (IOException e) {
            return ProblemMapper.incompleteBody(new IncompleteBodyException(e.getMessage(), e));
        }
    }
}
