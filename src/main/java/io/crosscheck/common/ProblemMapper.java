package io.crosscheck.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.stream.StreamSupport;

/** The single place where exceptions become RFC 9457 problem+json responses; no stack trace ever leaves. */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    static String typeFor(int status) {
        return "https://crosscheck.dev/problems/" + status;
    }

    public static Response response(Problem problem) {
        var builder = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        if (problem.status() == 401) {
            builder.header("WWW-Authenticate", "Bearer");
        }
        return builder.build();
    }

    static Response problem(int status, String title, String detail, List<Problem.FieldError> errors) {
        return response(new Problem(typeFor(status), title, status, detail, errors, null));
    }

    @ServerExceptionMapper
    public Response domain(ProblemException e) {
        return response(e.toProblem());
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldPath(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return problem(400, "Bad Request", "The request is not valid", errors);
    }

    /** Drops the method and parameter segments ("create.body.name" → "name") so fields read as the JSON. */
    private static String fieldPath(ConstraintViolation<?> v) {
        var nodes = StreamSupport.stream(v.getPropertyPath().spliterator(), false).toList();
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            var node = nodes.get(i);
            if (i < 2 && (node.getKind() == jakarta.validation.ElementKind.METHOD
                    || node.getKind() == jakarta.validation.ElementKind.PARAMETER)) {
                if (node.getKind() == jakarta.validation.ElementKind.PARAMETER && nodes.size() == 2) {
                    path.append(node.getName());
                }
                continue;
            }
            // A node inside a list or map carries the index (or key) of the element it is in: "layers[0].name".
            if (node.isInIterable()) {
                path.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            if (node.getKind() == jakarta.validation.ElementKind.CONTAINER_ELEMENT) {
                continue;
            }
            if (!path.isEmpty()) {
                path.append('.');
            }
            path.append(node.getName());
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    @ServerExceptionMapper
    public Response unrecognizedField(UnrecognizedPropertyException e) {
        return problem(400, "Bad Request", "Unknown field '" + e.getPropertyName() + "'",
                List.of(new Problem.FieldError(jsonPath(e), "unknown field")));
    }

    @ServerExceptionMapper
    public Response wrongType(InvalidFormatException e) {
        return problem(400, "Bad Request", "Field has the wrong type or format",
                List.of(new Problem.FieldError(jsonPath(e), "cannot read value " + e.getValue())));
    }

    @ServerExceptionMapper
    public Response unstorableText(StrictJson.UnstorableTextException e) {
        String field = jsonPath(e);
        return problem(422, "Unprocessable Content", field + " " + e.reason() + ", which cannot be stored",
                List.of(new Problem.FieldError(field, e.reason())));
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return problem(400, "Bad Request", "Body does not have the expected shape",
                List.of(new Problem.FieldError(jsonPath(e), "wrong type or shape")));
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return problem(400, "Bad Request", "Malformed JSON: " + e.getOriginalMessage(), null);
    }

    private static String jsonPath(com.fasterxml.jackson.databind.JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "body" : sb.toString();
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return problem(401, "Unauthorized", "A valid 'Authorization: Bearer <token>' header is required", null);
    }

    @ServerExceptionMapper
    public Response badCredentials(AuthenticationFailedException e) {
        // The security layer wraps whatever the token lookup threw: a database that is down is not a bad token.
        if (DatabaseOutage.isOutage(e)) {
            return outage(e);
        }
        return problem(401, "Unauthorized", "The bearer token is not valid", null);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return problem(403, "Forbidden", "Your role may not do this", null);
    }

    /**
     * JAX-RS answers 404 when a query value does not convert ({@code ?page=abc}, {@code ?sourceId=abc}), as if the
     * resource were missing; a query value is the client's input, so that is a 400 naming the parameter. The
     * converter's message quotes the value it could not read, which finds the parameter. Path values keep their 404.
     */
    @ServerExceptionMapper
    public Response notFound(jakarta.ws.rs.NotFoundException e, jakarta.ws.rs.container.ContainerRequestContext request) {
        Throwable cause = e.getCause();
        if (cause != null && !(cause instanceof WebApplicationException) && cause.getMessage() != null) {
            for (var parameter : request.getUriInfo().getQueryParameters().entrySet()) {
                for (String value : parameter.getValue()) {
                    if (cause.getMessage().contains("\"" + value + "\"")) {
                        return response(ProblemException.badParameter(parameter.getKey(),
                                "cannot read '" + value + "' as the parameter's type (a number)").toProblem());
                    }
                }
            }
        }
        return http(e);
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            if (DatabaseOutage.isOutage(e)) {
                return outage(e);
            }
            LOG.error("Server error", e);
            return problem(status, "Internal Server Error", "Something went wrong on our side", null);
        }
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase() : "Error";
        String detail = switch (status) {
            case 404 -> "No such resource";
            case 405 -> "Method not allowed on this resource";
            case 406 -> "Cannot produce the requested media type";
            case 415 -> "Unsupported content type; send application/json (or application/x-ndjson for bulk bodies)";
            default -> e.getMessage();
        };
        return problem(status, title, detail, null);
    }

    @ServerExceptionMapper
    public Response bodyTooLarge(BodyTooLargeException e) {
        return problem(413, "Content Too Large", e.getMessage(), null);
    }

    /** A body that broke off: the client has usually gone, so one line at WARN, no stack trace. */
    @ServerExceptionMapper
    public Response incomplete(IncompleteBodyException e) {
        return incompleteBody(e);
    }

    static Response incompleteBody(IncompleteBodyException e) {
        LOG.warn("Request body incomplete: " + e.getMessage());
        return problem(400, "Bad Request", "The request body is incomplete: " + e.getMessage(), null);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        if (DatabaseOutage.isOutage(e)) {
            return outage(e);
        }
        Problem refused = DatabaseErrors.problemFor(e);
        if (refused != null) {
            return response(refused);
        }
        LOG.error("Unexpected error", e);
        return problem(500, "Internal Server Error", "Something went wrong on our side", null);
    }

    /** One WARN line per refused request (no stack trace: the cause is known and says it all). */
    private static Response outage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        LOG.warnf("Database unreachable, answering 503: %s", root.getMessage() != null ? root.getMessage() : root);
        return DatabaseOutage.response();
    }
}
