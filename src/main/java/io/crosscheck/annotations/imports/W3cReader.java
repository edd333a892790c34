package io.crosscheck.annotations.imports;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crosscheck.common.ImportReport;
import io.crosscheck.common.ProblemException;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * W3C Web Annotation JSON-LD: an AnnotationCollection whose pages are embedded ({@code first}/{@code next} objects,
 * a {@code pages} list as Crosscheck's export had, or nodes of a JSON-LD {@code @graph} as it has now) or linked (then the pages follow the collection in the body, as
 * further JSON documents), a lone AnnotationPage, an Annotation, or an array of them. Annotations are read one at a
 * time as the body streams, never the whole collection at once.
 *
 * <p>Each annotation: {@code creator} (its {@code nickname}, else {@code name}, else the last segment of its IRI) is
 * the annotator; a {@code classifying} TextualBody is the label and a {@code tagging} one the layer (Crosscheck's
 * export), or — without a classifying body — the tags are the labels; {@code bodyValue} works too. The target's
 * {@code source} names the article: this service's article URL ({@code …/api/v1/articles/7}), {@code
 * urn:crosscheck:article:7}, or else the article whose {@code url} it is. A TextPositionSelector gives code points
 * (the W3C unit, and Crosscheck's) on the stored text, with the TextQuoteSelector's {@code exact} checked against it;
 * without positions the quote selector places the span (it must match exactly once). A target without selector is a
 * document label. Gold annotations of a Crosscheck export are not work and fail their line. The report's line is the
 * annotation's position in the body (1-based).
 */
public final class W3cReader implements FormatReader {

    private static final Pattern ARTICLE_URL = Pattern.compile("(?:^urn:crosscheck:article:|/api/v1/articles/)(\\d+)/?$");
    private static final Set<String> PAGE_LINKS = Set.of("first", "next", "last", "prev");
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final ObjectMapper json;

    public W3cReader(ObjectMapper json) {
        this.json = json;
    }

    /** What the walk saw: page ids, links to pages, the collection's total and the number of annotations. */
    private static final class Seen {
        final Set<String> pages = new LinkedHashSet<>();
        final Set<String> links = new LinkedHashSet<>();
        Long total;
        int annotations;
    }

    @Override
    public void read(InputStream in, ImportOptions options, ImportReport report, Consumer<ImportLine> sink) throws IOException {
        Seen seen = new Seen();
        try (JsonParser p = json.getFactory().createParser(in)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        walk(p, seen, report, sink);
                    }
                } else if (t == JsonToken.START_OBJECT) {
                    walk(p, seen, report, sink);
                } else {
                    throw ProblemException.badRequest("a W3C body is a JSON object (collection, page or annotation) or an array");
                }
            }
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("malformed JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
        Set<String> missing = new LinkedHashSet<>(seen.links);
        missing.removeAll(seen.pages);
        if (!missing.isEmpty()) {
            throw ProblemException.badRequest("the body links to pages it does not contain: " + missing
                    + "; send the collection followed by each of its pages");
        }
        if (seen.total != null && seen.total != seen.annotations) {
            throw ProblemException.badRequest("the collection says total " + seen.total + " but the body holds "
                    + seen.annotations + " annotations");
        }
    }

    /**
     * Walks one object at the parser's START_OBJECT: {@code items} are read one annotation at a time, embedded pages
     * and collections recursively, everything else kept; an object that turns out to be an Annotation is one.
     */
    private void walk(JsonParser p, Seen seen, ImportReport report, Consumer<ImportLine> sink) throws IOException {
        ObjectNode kept = json.createObjectNode();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals("items") && value == JsonToken.START_ARRAY) {
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    JsonNode item = p.readValueAsTree();
                    annotation(++seen.annotations, item, report, sink);
                }
            } else if ((PAGE_LINKS.contains(name) || name.equals("pages") || name.equals("crosscheck:pages")
                    || name.equals("@graph"))
                    && (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY)) {
                if (value == JsonToken.START_OBJECT) {
                    walk(p, seen, report, sink);
                } else {
                    for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                        if (e == JsonToken.START_OBJECT) {
                            walk(p, seen, report, sink);
                        } else if (e == JsonToken.VALUE_STRING) {
                            seen.links.add(p.getText());
                        } else {
                            p.skipChildren();
                        }
                    }
                }
            } else {
                JsonNode node = p.readValueAsTree();
                kept.set(name, node);
                if (PAGE_LINKS.contains(name) && node.isTextual()) {
                    seen.links.add(node.asText());
                }
            }
        }
        if (hasType(kept, "Annotation")) {
            annotation(++seen.annotations, kept, report, sink);
        } else if (hasType(kept, "AnnotationPage") && kept.path("id").isTextual()) {
            seen.pages.add(kept.get("id").asText());
        } else if (hasType(kept, "AnnotationCollection") && kept.path("total").canConvertToExactIntegral()) {
            seen.total = kept.get("total").asLong();
        }
    }

    private static boolean hasType(JsonNode node, String type) {
        JsonNode t = node.has("type") ? node.get("type") : node.path("@type");
        if (t.isArray()) {
            for (JsonNode e : t) {
                if (e.asText().equals(type)) {
                    return true;
                }
            }
            return false;
        }
        return t.asText().equals(type);
    }

    private void annotation(int index, JsonNode a, ImportReport report, Consumer<ImportLine> sink) {
        if (!a.isObject()) {
            report.fail(index, "an annotation must be embedded as a JSON object, not linked (" + a + ")");
            return;
        }
        String where = a.path("id").isTextual() ? a.get("id").asText() : null;
        String kind = a.path("crosscheck:kind").asText(a.path("kind").asText(""));
        if (kind.equals("gold")) {
            report.fail(index, describe(where, "a gold annotation (an adjudication) is not an annotator's work; "
                    + "export include=raw to import raw work"));
            return;
        }
        String annotator = creator(a.get("creator"));
        List<String> classifying = new ArrayList<>();
        List<String> tagging = new ArrayList<>();
        List<String> other = new ArrayList<>();
        JsonNode bodies = a.path("body");
        for (JsonNode body : bodies.isArray() ? bodies : List.of(bodies)) {
            if (!body.isObject() || !body.path("value").isTextual()) {
                continue;
            }
            String purpose = body.path("purpose").asText("");
            (purpose.equals("classifying") ? classifying : purpose.equals("tagging") ? tagging : other)
                    .add(body.get("value").asText());
        }
        String layer = null;
        List<String> labels;
        if (!classifying.isEmpty()) {
            labels = classifying;
            layer = tagging.isEmpty() ? null : tagging.get(0);
        } else if (!tagging.isEmpty()) {
            labels = tagging;
        } else if (!other.isEmpty()) {
            labels = other;
        } else if (a.path("bodyValue").isTextual()) {
            labels = List.of(a.get("bodyValue").asText());
        } else {
            report.fail(index, describe(where, "body: no TextualBody value (or bodyValue) to read a label from"));
            return;
        }
        JsonNode attributesNode = a.has("crosscheck:attributes") ? a.get("crosscheck:attributes") : a.get("attributes");
        Map<String, Object> attributes = attributesNode != null && attributesNode.isObject()
                ? json.convertValue(attributesNode, MAP) : null;
        JsonNode target = a.path("target");
        if (target.isArray()) {
            if (target.size() != 1) {
                report.fail(index, describe(where, "target: an annotation with " + target.size() + " targets is not imported"));
                return;
            }
            target = target.get(0);
        }
        String source = target.isTextual() ? target.asText()
                : target.path("source").isTextual() ? target.get("source").asText() : target.path("source").path("id").asText(null);
        if (source == null) {
            report.fail(index, describe(where, "target: no source names the annotated text"));
            return;
        }
        Matcher m = ARTICLE_URL.matcher(source);
        ArticleRef article = m.find() ? new ArticleRef.ById(Long.parseLong(m.group(1))) : new ArticleRef.ByUrl(source);
        Integer start = null;
        Integer end = null;
        QuoteAnchor quote = null;
        JsonNode selectors = target.path("selector");
        for (JsonNode selector : selectors.isArray() ? selectors : List.of(selectors)) {
            if (hasType(selector, "TextPositionSelector")) {
                if (!selector.path("start").canConvertToExactIntegral() || !selector.path("end").canConvertToExactIntegral()) {
                    report.fail(index, describe(where, "TextPositionSelector: start and end must be integers"));
                    return;
                }
                start = selector.get("start").asInt();
                end = selector.get("end").asInt();
            } else if (hasType(selector, "TextQuoteSelector") && selector.path("exact").isTextual()) {
                quote = new QuoteAnchor(selector.get("exact").asText(), selector.path("prefix").asText(null),
                        selector.path("suffix").asText(null));
            }
        }
        boolean span = start != null || quote != null;
        for (String label : labels) {
            if (!span) {
                sink.accept(new ImportLine(index, where, article, annotator, layer, label, null, null, null, null, attributes));
            } else if (start != null) {
                sink.accept(new ImportLine(index, where, article, annotator, layer, label, start, end,
                        quote == null ? null : quote.exact(), null, attributes));
            } else {
                sink.accept(new ImportLine(index, where, article, annotator, layer, label, null, null, null, quote, attributes));
            }
        }
    }

    private static String creator(JsonNode creator) {
        if (creator == null || creator.isNull()) {
            return null;
        }
        if (creator.isArray()) {
            return creator.isEmpty() ? null : creator(creator.get(0));
        }
        if (creator.isObject()) {
            for (String field : List.of("nickname", "name")) {
                if (creator.path(field).isTextual()) {
                    return creator.get(field).asText();
                }
            }
            return creator.path("id").isTextual() ? lastSegment(creator.get("id").asText()) : null;
        }
        return lastSegment(creator.asText());
    }

    private static String lastSegment(String iri) {
        String s = iri.endsWith("/") ? iri.substring(0, iri.length() - 1) : iri;
        int cut = Math.max(s.lastIndexOf('/'), Math.max(s.lastIndexOf('#'), s.lastIndexOf(':')));
        return cut >= 0 ? s.substring(cut + 1) : s;
    }

    private static String describe(String where, String detail) {
        return where == null ? detail : where + ": " + detail;
    }
}
