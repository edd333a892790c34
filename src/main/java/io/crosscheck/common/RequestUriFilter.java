package io.crosscheck.common;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Refuses request URIs that would otherwise be read as something they do not say, before any resource matches:
 * <ul>
 *   <li>a matrix parameter ({@code ;}) in the path: JAX-RS drops it from a path parameter, so
 *       {@code POST /users/1;x/token} acted on user 1;</li>
 *   <li>percent-encoding that is not UTF-8 ({@code %zz}, {@code %C3} alone, an encoded surrogate);</li>
 *   <li>a NUL ({@code %00}) anywhere in the path or query: PostgreSQL cannot compare or store it.</li>
 * </ul>
 */
public class RequestUriFilter {

    @ServerRequestFilter(preMatching = true)
    public Response refuseAmbiguousUris(HttpServerRequest request) {
        // The URI as sent: JAX-RS's own view has dropped the matrix parameters already.
        String uri = request.uri();
        int question = uri.indexOf('?');
        String rawPath = question < 0 ? uri : uri.substring(0, question);
        String rawQuery = question < 0 ? null : uri.substring(question + 1);
        if (rawPath != null && rawPath.indexOf(';') >= 0) {
            return badUri("path", "A path segment holds ';' (a matrix parameter); ids and names in paths take none");
        }
        String problem = undecodable("path", rawPath);
        if (problem == null && rawQuery != null) {
            for (String pair : rawQuery.split("&", -1)) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String decodedName = decode(name);
                String label = decodedName == null ? "query" : decodedName;
                problem = undecodable(label, name);
                if (problem == null && eq >= 0) {
                    problem = undecodable(label, pair.substring(eq + 1));
                }
                if (problem != null) {
                    return badUri(label, problem);
                }
            }
        }
        return problem == null ? null : badUri("path", problem);
    }

    private static Response badUri(String field, String detail) {
        return ProblemMapper.problem(400, "Bad Request", detail, List.of(new Problem.FieldError(field, detail)));
    }

    /** Why this raw URI part cannot be read (bad %-escape, not UTF-8, NUL), or null. */
    private static String undecodable(String what, String raw) {
        if (raw == null) {
            return null;
        }
        String decoded = decode(raw);
        if (decoded == null) {
            return what + " has percent-encoding that is not UTF-8 (each '%' takes two hex digits of a UTF-8 byte)";
        }
        String unstorable = CodePoints.unstorable(decoded);
        return unstorable == null ? null : what + " " + unstorable;
    }

    /** Strict percent-decoding ('+' is a space in queries); null when an escape or the UTF-8 it spells is malformed. */
    static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw.replace('+', ' ');
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                // A client that sent the character itself rather than its escapes: keep it, as its UTF-8 bytes.
                int codePoint = raw.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint) - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
