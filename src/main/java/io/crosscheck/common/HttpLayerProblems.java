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

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Refusals of the HTTP layer, before RESTEasy runs, as problem+json like every other error: Vert.x itself answers
 * them with an empty body. The request line and header limits are checked here, first on every route, at the sizes
 * Netty used to enforce (Netty's own limits are set higher in application.properties so that these answer first),
 * and a declared body past the global ceiling is refused here too. {@link BearerAuthMechanism} uses {@link #send}
 * for the HTTP layer's 401.
 */
@ApplicationScoped
public class HttpLayerProblems {

    /**
     * Quarkus refuses a URI that {@link URI} cannot parse (a malformed escape such as {@code %zz}, a raw {@code |})
     * with an empty 400 before any route runs, unless this system property is true when its HTTP layer loads. The
     * entry point ({@code CrosscheckMain}) and the test JVMs (pom.xml) set it, so that the check happens here, first
     * on every route, and the refusal is a problem like every other.
     */
    public static final String TAKE_OVER_URI_CHECK = "vertx.disableURIValidation";

    /** The longest request line (method, URI, version) we read; beyond it 414. */
    static final int MAX_REQUEST_LINE = 8 * 1024;
    /** The most header bytes (names and values) we read; beyond them 431. */
    static final int MAX_HEADERS = 20 * 1024;

    private static final Pattern DECLARED_LENGTH = Pattern.compile("\\s*\\d{1,18}\\s*");

    private static final Map<Integer, String> TITLES = Map.of(400, "Bad Request", 401, "Unauthorized", 413, "Content Too Large",
            414, "URI Too Long", 431, "Request Header Fields Too Large");

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBody;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::screen);
    }

    private void screen(RoutingContext ctx) {
        var request = ctx.request();
        if (request.method().name().length() + request.uri().length() + 10 > MAX_REQUEST_LINE) {
            send(ctx, 414, "The request line is longer than " + MAX_REQUEST_LINE + " bytes");
            return;
        }
        String malformed = malformedUri(request.uri());
        if (malformed != null) {
            send(ctx, 400, "The request URI is malformed: " + malformed);
            return;
        }
        if (headerBytes(request.headers()) > MAX_HEADERS) {
            send(ctx, 431, "The request headers are larger than " + MAX_HEADERS + " bytes");
            return;
        }
        // Only a well-formed length is judged here (Netty itself refuses a malformed one, with its empty 400).
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && DECLARED_LENGTH.matcher(length).matches() && Long.parseLong(length.strip()) > maxBody.asLongValue()) {
            send(ctx, 413, "The request body is " + length.strip() + " bytes; no request may send more than "
                    + maxBody.asLongValue());
            return;
        }
        ctx.next();
    }

    /** Why {@code uri} is not a URI (the parser's reason, with the position), or null when it is one. */
    static String malformedUri(String uri) {
        if (uri == null || uri.isEmpty()) {
            return "it is empty";
        }
        try {
            new URI(uri);
            return null;
        } catch (URISyntaxException e) {
            return e.getReason() + " at index " + e.getIndex();
        }
    }

    private static long headerBytes(MultiMap headers) {
        long total = 0;
        for (var header : headers) {
            total += header.getKey().length() + header.getValue().length() + 4;
        }
        return total;
    }

    /** Writes a problem; closes the connection after a refusal whose request (or body) is left unread. */
    static void send(RoutingContext ctx, int status, String detail) {
        var response = ctx.response();
        if (response.ended() || response.headWritten()) {
            return;
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (status == 401) {
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        if (status != 401) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        response.end(new JsonObject().put("type", ProblemMapper.typeFor(status))
                .put("title", TITLES.getOrDefault(status, "Error")).put("status", status).put("detail", detail).encode());
    }
}
