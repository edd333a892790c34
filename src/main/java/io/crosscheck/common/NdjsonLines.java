package io.crosscheck.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads an NDJSON body line by line into validated records; a line that fails is reported and skipped. */
public final class NdjsonLines {

    private NdjsonLines() {
    }

    /** What to do with one good line; may itself report the line as failed. */
    @FunctionalInterface
    public interface LineHandler<T> {
        void accept(int lineNumber, T value);
    }

    public static <T> void forEach(InputStream body, ObjectMapper json, Class<T> type, Validator validator,
                                   ImportReport report, LineHandler<T> handler) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        String line;
        int lineNumber = 0;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            T value;
            try {
                value = json.readValue(line, type);
            } catch (JsonMappingException e) {
                report.fail(lineNumber, describe(e));
                continue;
            } catch (JsonProcessingException e) {
                report.fail(lineNumber, "malformed JSON: " + e.getOriginalMessage());
                continue;
            }
            if (value == null) {
                report.fail(lineNumber, "a line must be a JSON object");
                continue;
            }
            Set<ConstraintViolation<T>> violations = validator.validate(value);
            if (!violations.isEmpty()) {
                report.fail(lineNumber, violations.stream()
                        // By field, then message: two messages of one field come in the set's order otherwise, and
                        // the same line must give the same report (an import job's report equals the synchronous one).
                        .sorted(Comparator.comparing((ConstraintViolation<T> v) -> v.getPropertyPath().toString())
                                .thenComparing(ConstraintViolation::getMessage))
                        .map(v -> v.getPropertyPath() + ": " + v.getMessage())
                        .collect(Collectors.joining("; ")));
                continue;
            }
            handler.accept(lineNumber, value);
        }
    }

    private static String describe(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
            return "unknown field '" + u.getPropertyName() + "'";
        }
        if (e instanceof StrictJson.UnstorableTextException u) {
            // NUL or a lone surrogate (StrictJson checks every string once): PostgreSQL stores neither, in text or jsonb.
            return (path.isEmpty() ? "line" : path) + ": " + u.reason() + ", which cannot be stored";
        }
        return (path.isEmpty() ? "line" : path) + ": wrong type or shape";
    }
}
