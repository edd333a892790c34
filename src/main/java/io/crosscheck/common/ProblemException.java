package io.crosscheck.common;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A domain error that reaches the client as problem+json with the given status. Services throw it; the global
 * mapper renders it. Factory methods name the common cases so call sites read as the rule they enforce.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, null);
    }

    public ProblemException(int status, String title, String detail, List<Problem.FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.errors = errors;
    }

    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(404, "Not Found", what + " " + id + " does not exist");
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Bad Request", detail);
    }

    /** 400 for one query parameter the client got wrong, named in {@code errors[].field}. */
    public static ProblemException badParameter(String name, String message) {
        return new ProblemException(400, "Bad Request", "Query parameter '" + name + "' " + message,
                List.of(new Problem.FieldError(name, message)));
    }

    /** 422: well-formed JSON that breaks a rule of the data model (unknown label, quote mismatch …). */
    public static ProblemException unprocessable(String field, String message) {
        return new ProblemException(422, "Unprocessable Content", message, List.of(new Problem.FieldError(field, message)));
    }

    public ProblemException with(String key, Object value) {
        extensions.put(key, value);
        return this;
    }

    public int status() {
        return status;
    }

    public Problem toProblem() {
        return new Problem(ProblemMapper.typeFor(status), title, status, getMessage(), errors,
                extensions.isEmpty() ? null : Map.copyOf(extensions));
    }
}
