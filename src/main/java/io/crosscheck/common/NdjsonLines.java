package io.crosscheck.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
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
            String nulField = line.contains("\\u0000") ? fieldWithNul(json, line) : null;
            if (nulField != null) {
                report.fail(lineNumber, nulField + ": contains a NUL character (U+0000), which cannot be stored");
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
                        .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                        .map(v -> v.getPropertyPath() + ": " + v.getMessage())
                        .collect(Collectors.joining("; ")));
                continue;
            }
            handler.accept(lineNumber, value);
        }
    }

    /**
     * The path of the first string on the line that holds a NUL (PostgreSQL stores none, in text or jsonb), or null.
     * Only asked when the line holds the JSON escape for NUL, so ordinary lines are parsed once.
     */
    static String fieldWithNul(ObjectMapper json, String line) {
        JsonNode tree;
        try {
            tree = json.readTree(line);
        } catch (JsonProcessingException e) {
            return null; // the line is reported as malformed where it is parsed into its record
        }
        return fieldWithNul(tree, "");
    }

    private static String fieldWithNul(JsonNode node, String path) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\0') >= 0 ? (path.isEmpty() ? "line" : path) : null;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = fieldWithNul(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isObject()) {
            for (var fields = node.fields(); fields.hasNext(); ) {
                var field = fields.next();
                String name = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                String found = field.getKey().indexOf('\0') >= 0 ? name : fieldWithNul(field.getValue(), name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String describe(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
            return "unknown field '" + u.getPropertyName() + "'";
        }
        if (e instanceof StrictJson.UnstorableTextException u) {
            return (path.isEmpty() ? "line" : path) + ": " + u.reason();
        }
        return (path.isEmpty() ? "line" : path) + ": wrong type or shape";
    }
}
