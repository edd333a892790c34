package io.crosscheck.annotations.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosscheck.common.ImportReport;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * doccano's JSONL export: one example a line with {@code text} and its labels — spans as {@code label} (or
 * {@code entities}) {@code [start, end, "LABEL"]} triples or {@code {start_offset, end_offset, label}} objects (the
 * relation-labelling export), document labels as a {@code label} (or {@code cats}) list of strings. Either one file of
 * one annotator ({@code ?annotator=}) or doccano's export zip, one {@code <username>.jsonl} per member
 * ({@code all.jsonl} of a collaborative project takes {@code ?annotator=}). {@code source}, {@code title} and
 * {@code url} on a line (doccano copies an example's metadata onto the line) describe its article.
 *
 * <p>Offsets: doccano's editor (v-annotator) stores the browser's UTF-16 positions, or grapheme-cluster positions in
 * projects created with "count grapheme clusters as one character" — so UTF-16 units by default, and
 * {@code ?offsets=graphemes} or {@code ?offsets=codepoints} (files written by Python scripts) where they differ.
 * doccano exports every example in every member's file, annotated or not, so a line with no labels is not imported as
 * work. The report's line is the line of the file.
 */
public final class DoccanoReader implements FormatReader {

    private final ObjectMapper json;
    private final long maxInflated;

    public DoccanoReader(ObjectMapper json, long maxInflated) {
        this.json = json;
        this.maxInflated = maxInflated;
    }

    @Override
    public void read(InputStream in, ImportOptions options, ImportReport report, Consumer<ImportLine> sink) throws IOException {
        OffsetUnit unit = options.offsetsOr(OffsetUnit.UTF16);
        Bodies.files(in, maxInflated, path -> path.endsWith(".jsonl") || path.endsWith(".json"), (path, content) -> {
            String annotator = path == null || Bodies.stem(path).equals("all") ? null : Bodies.stem(path);
            int lineNumber = 0;
            for (String line : (Iterable<String>) content.lines()::iterator) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode example;
                try {
                    example = json.readTree(line);
                } catch (JsonProcessingException e) {
                    report.fail(lineNumber, Bodies.at(path, "malformed JSON: " + e.getOriginalMessage()));
                    continue;
                }
                example(lineNumber, path, annotator, example, unit, report, sink);
            }
        });
    }

    private static void example(int line, String path, String annotator, JsonNode example, OffsetUnit unit,
                                ImportReport report, Consumer<ImportLine> sink) {
        if (!example.path("text").isTextual()) {
            report.fail(line, Bodies.at(path, "text: every line needs the example's text"));
            return;
        }
        SourceText text = SourceText.of(example.get("text").asText());
        ArticleRef article = ArticleRef.ByText.of(text.nfc(), string(example, "source"), string(example, "title"),
                string(example, "url"));
        for (String field : List.of("label", "entities", "cats")) {
            for (JsonNode label : example.path(field)) {
                String error = label(line, path, annotator, label, text, article, unit, sink);
                if (error != null) {
                    report.fail(line, Bodies.at(path, field + ": " + error));
                }
            }
        }
    }

    private static String label(int line, String path, String annotator, JsonNode label, SourceText text, ArticleRef article,
                                OffsetUnit unit, Consumer<ImportLine> sink) {
        if (label.isTextual()) {
            sink.accept(new ImportLine(line, path, article, annotator, null, label.asText(), null, null, null, null, null));
            return null;
        }
        JsonNode start;
        JsonNode end;
        JsonNode name;
        if (label.isArray() && label.size() == 3) {
            start = label.get(0);
            end = label.get(1);
            name = label.get(2);
        } else if (label.isObject()) {
            start = label.get("start_offset");
            end = label.get("end_offset");
            name = label.get("label");
        } else {
            return "a label is a string, a [start, end, label] triple or an object with start_offset, end_offset, label";
        }
        if (start == null || end == null || !start.canConvertToExactIntegral() || !end.canConvertToExactIntegral()
                || name == null || !name.isTextual()) {
            return "a span needs integer start and end offsets and a label string; got " + label;
        }
        try {
            int s = unit.toNfcCodePoints(text, start.asInt());
            int e = unit.toNfcCodePoints(text, end.asInt());
            sink.accept(new ImportLine(line, path, article, annotator, null, name.asText(), s, e, null, null, null));
            return null;
        } catch (SourceText.OffsetException ex) {
            return "span " + label + " (offsets in " + unit.describe() + "): " + ex.getMessage();
        }
    }

    private static String string(JsonNode node, String field) {
        return node.path(field).isTextual() ? node.get(field).asText() : null;
    }

}
