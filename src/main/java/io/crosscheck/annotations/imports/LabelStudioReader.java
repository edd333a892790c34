package io.crosscheck.annotations.imports;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosscheck.common.CodePoints;
import io.crosscheck.common.ImportReport;
import io.crosscheck.common.ProblemException;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Label Studio's JSON export: an array of tasks with {@code data.text} and {@code annotations[]} (older exports:
 * {@code completions[]}), each by {@code completed_by} with {@code result[]} items. {@code labels} results become spans,
 * {@code choices} results document labels; the result's {@code from_name} (its control) is the file's layer name.
 * A cancelled annotation is skipped; one with no result is "did the task, marked nothing".
 *
 * <p>Offsets: Label Studio counts code points of the task text (its editor converts the browser's UTF-16 positions,
 * web/libs/editor/src/utils/selection-tools.js), but versions before the 2022 fix counted UTF-16 units. The result's
 * {@code value.text} (the selected text, with line breaks written as {@code \n}) says which: code points are tried
 * first, UTF-16 units when the text does not match; {@code ?offsets=} forces one. A span whose text matches neither
 * is a line error. The report's line is the task's position in the array (1-based).
 */
public final class LabelStudioReader implements FormatReader {

    private final ObjectMapper json;

    public LabelStudioReader(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void read(InputStream in, ImportOptions options, ImportReport report, Consumer<ImportLine> sink) throws IOException {
        try (JsonParser p = json.getFactory().createParser(in)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_OBJECT) {
                task(1, p.readValueAsTree(), options, report, sink);
                return;
            }
            if (first != JsonToken.START_ARRAY) {
                throw ProblemException.badRequest("a Label Studio export is a JSON array of tasks");
            }
            int index = 0;
            while (p.nextToken() == JsonToken.START_OBJECT) {
                task(++index, p.readValueAsTree(), options, report, sink);
            }
            if (p.currentToken() != JsonToken.END_ARRAY) {
                throw ProblemException.badRequest("task " + (index + 1) + " of the Label Studio export is not a JSON object");
            }
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("malformed JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
    }

    private void task(int index, JsonNode task, ImportOptions options, ImportReport report, Consumer<ImportLine> sink) {
        String taskName = "task " + (task.hasNonNull("id") ? task.get("id").asText() : "#" + index);
        JsonNode data = task.path("data");
        if (!data.path("text").isTextual()) {
            report.fail(index, taskName + ": data.text is missing (only text tasks are imported)");
            return;
        }
        SourceText text = SourceText.of(data.get("text").asText());
        ArticleRef article = ArticleRef.ByText.of(text.nfc(), textOrNull(data.get("source")), textOrNull(data.get("title")),
                textOrNull(data.get("url")));
        JsonNode annotations = task.has("annotations") ? task.get("annotations") : task.path("completions");
        for (JsonNode annotation : annotations) {
            if (annotation.path("was_cancelled").asBoolean(false)) {
                continue;
            }
            String where = taskName + ", annotation " + annotation.path("id").asText("?");
            String annotator = annotator(annotation.get("completed_by"));
            List<ImportLine> lines = new ArrayList<>();
            boolean failed = false;
            for (JsonNode result : annotation.path("result")) {
                String error = result(index, where, result, text, article, annotator, options, lines);
                if (error != null) {
                    report.fail(index, where + ": " + error);
                    failed = true;
                }
            }
            if (lines.isEmpty() && !failed) {
                lines.add(new ImportLine(index, where, article, annotator, null, null, null, null, null, null, null));
            }
            lines.forEach(sink);
        }
    }

    /** Adds the lines of one result; returns why it cannot be imported, or null. */
    private static String result(int index, String where, JsonNode result, SourceText text, ArticleRef article,
                                 String annotator, ImportOptions options, List<ImportLine> lines) {
        String type = result.path("type").asText("");
        String control = textOrNull(result.get("from_name"));
        JsonNode value = result.path("value");
        String id = "result " + result.path("id").asText("?");
        switch (type) {
            case "choices" -> {
                for (JsonNode choice : value.path("choices")) {
                    lines.add(new ImportLine(index, where, article, annotator, control, choice.asText(), null, null, null,
                            null, null));
                }
                return null;
            }
            case "labels" -> {
                if (!value.path("start").canConvertToExactIntegral() || !value.path("end").canConvertToExactIntegral()) {
                    return id + ": value.start and value.end must be integers";
                }
                int[] span;
                try {
                    span = span(value.get("start").asInt(), value.get("end").asInt(), textOrNull(value.get("text")), text,
                            options.offsets());
                } catch (SourceText.OffsetException e) {
                    return id + ": " + e.getMessage();
                }
                for (JsonNode label : value.path("labels")) {
                    lines.add(new ImportLine(index, where, article, annotator, control, label.asText(), span[0], span[1],
                            null, null, null));
                }
                return null;
            }
            default -> {
                return id + ": result type '" + type + "' is not imported (only labels and choices are)";
            }
        }
    }

    /** The span on the NFC text in code points, in the unit that makes {@code value.text} match. */
    static int[] span(int start, int end, String selected, SourceText text, OffsetUnit forced) throws SourceText.OffsetException {
        List<OffsetUnit> units = forced != null ? List.of(forced) : List.of(OffsetUnit.CODEPOINTS, OffsetUnit.UTF16);
        SourceText.OffsetException firstError = null;
        for (OffsetUnit unit : units) {
            try {
                int s = unit.toNfcCodePoints(text, start);
                int e = unit.toNfcCodePoints(text, end);
                if (s >= e) {
                    throw new SourceText.OffsetException("start " + start + " is not before end " + end);
                }
                if (selected == null || matches(text.nfcSlice(s, e), selected)) {
                    return new int[]{s, e};
                }
                throw new SourceText.OffsetException("value.text \"" + selected + "\" is not the text at " + start + ".."
                        + end + " counted in " + unit.describe() + " (\"" + text.nfcSlice(s, e) + "\")");
            } catch (SourceText.OffsetException e) {
                if (firstError == null) {
                    firstError = e;
                }
            }
        }
        throw firstError;
    }

    /** Label Studio writes line breaks of the selection as the two characters {@code \n} (captureSelection). */
    private static boolean matches(String slice, String selected) {
        String nfc = CodePoints.nfc(selected);
        return slice.equals(nfc) || slice.replaceAll("[\\n\\r]", "\\\\n").equals(nfc);
    }

    /** {@code completed_by}: an object with the email (JSON export) or a numeric user id (then {@code labelstudio-<id>}). */
    private static String annotator(JsonNode completedBy) {
        if (completedBy == null || completedBy.isNull()) {
            return null;
        }
        if (completedBy.isObject()) {
            for (String field : List.of("email", "username")) {
                if (completedBy.path(field).isTextual() && !completedBy.get(field).asText().isBlank()) {
                    return completedBy.get(field).asText();
                }
            }
            return completedBy.has("id") ? "labelstudio-" + completedBy.get("id").asText() : null;
        }
        return completedBy.isNumber() ? "labelstudio-" + completedBy.asText() : completedBy.asText();
    }

    private static String textOrNull(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }
}
