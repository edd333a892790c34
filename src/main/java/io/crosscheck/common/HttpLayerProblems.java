package io.crosscheck.common;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;

/**
 * Refusals of the HTTP layer, before RESTEasy runs, as problem+json like every other error: Vert.x itself answers
 * them with an empty body. The request line and header limits are checked here, first on every route, at the sizes
 * Netty used to enforce (Netty's own limits are set higher in application.properties so that these answer first);
 * a declared body past the global ceiling is refused here too; the router's error handlers give the same body to
 * whatever else Vert.x refuses (a path it cannot decode, a body cut at the ceiling).
 */
@ApplicationScoped
public class HttpLayerProblems {

    /** The longest request line (method, URI, version) we read; beyond it 414. */
    static final int MAX_REQUEST_LINE = 8 * 1024;
    /** The most header bytes (names and values) we read; beyond them 431. */
    static final int MAX_HEADERS = 20 * 1024;

    private static final Map<Integer, String> TITLES = Map.of(400, "Bad Request", 401, "Unauthorized",
            403, "Forbidden", 413, "Content Too Large", 414, "URI Too Long", 431, "Request Header Fields Too Large");

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBody;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::screen);
        router.errorHandler(400, ctx -> send(ctx, 400, "The request cannot be read (its URI or framing is malformed)"));
        router.errorHandler(413, ctx -> send(ctx, 413, "The request body is larger than " + maxBody.asLongValue() + " bytes"));
    }

    private void screen(RoutingContext ctx) {
        var request = ctx.request();
        if (request.method().name().length() + request.uri().length() + 10 > MAX_REQUEST_LINE) {
            send(ctx, 414, "The request line is longer than " + MAX_REQUEST_LINE + " bytes");
            return;
        }
        if (headerBytes(request.headers()) > MAX_HEADERS) {
            send(ctx, 431, "The request headers are larger than " + MAX_HEADERS + " bytes");
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && length.trim().length() < 20 && length.trim().chars().allMatch(Character::isDigit)
                && Long.parseLong(length.trim()) > maxBody.asLongValue()) {
            send(ctx, 413, "The request body is " + length.trim() + " bytes; no request may send more than "
                    + maxBody.asLongValue());
            return;
        }
        ctx.next();
    }

    private static long headerBytes(MultiMap headers) {
        long total = 0;
        for (var header : headers) {
            total += header.getKey().length() + header.getValue().length() + 4;
        }
        return total;
    }

    /** Writes a problem and closes the connection when the request (or its body) will not be read. */
    static void send(RoutingContext ctx, int status, String detail) {
        var response = ctx.response();
        if (response.ended() || response.headWritten()) {
            return;
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (status == 401) {
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        if (status == 413 || status == 414 || status == 431 || status == 400) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        response.end(new JsonObject().put("type", ProblemMapper.typeFor(status))
                .put("title", TITLES.getOrDefault(status, "Error")).put("status", status).put("detail", detail).encode());
    }
}
