package io.crosscheck.export;

import com.fasterxml.jackson.core.JsonGenerator;
import io.crosscheck.export.ExportedArticle.Mark;
import io.crosscheck.export.ExportedArticle.Work;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * JSONL: one article a line — id, title, text, source, storyKey, {@code raters}, {@code escalations} and
 * {@code escalation} (why raters were added, or null), raw work grouped per annotator (each entry with its
 * {@code round}; a two-round project adds {@code revisions}, the round-2 entries), the current gold, and per-item
 * agreement per layer on round 1 (see {@link ExportFigures} for which figure).
 *
 * <p>Every field keeps one JSON type on every line, so Arrow and Hugging Face {@code datasets} load typed columns:
 * each annotation's {@code attributes} object holds the attributes its layer declares and it has (a reader takes a
 * missing key as null; an attribute name declared with different types on two layers is keyed {@code <layer>.<name>}),
 * each value of its declared type — {@code int} an integer, {@code number} a float, {@code boolean} a boolean,
 * {@code string} and {@code date} strings — or null where the stored value does not read as that type. Attributes
 * stored but not declared are left out.
 */
final class JsonlWriter implements ExportWriter {

    private final ExportPlan plan;
    private final OutputStream out;
    private final JsonGenerator g;

    /** One output key of {@code attributes}: the stored name, its declared type, and the layers declaring it. */
    private record Column(String key, String name, String type, java.util.Set<Long> layers) {
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper PARSER = new com.fasterxml.jackson.databind.ObjectMapper();
    private final List<Column> columns;

    JsonlWriter(ExportPlan plan, OutputStream out) throws IOException {
        this.plan = plan;
        this.out = out;
        this.g = Json.generator(out);
        this.columns = columns(plan);
    }

    /** The attribute keys of the file: one per name, or per layer and name where layers declare different types. */
    static List<Column> columns(ExportPlan plan) {
        java.util.Map<String, java.util.Set<String>> typesByName = new java.util.TreeMap<>();
        for (ExportPlan.LayerInfo l : plan.layers()) {
            plan.attributeTypes().getOrDefault(l.id(), java.util.Map.of())
                    .forEach((name, type) -> typesByName.computeIfAbsent(name, k -> new java.util.TreeSet<>()).add(type));
        }
        List<Column> out = new java.util.ArrayList<>();
        for (var e : typesByName.entrySet()) {
            String name = e.getKey();
            if (e.getValue().size() == 1) {
                java.util.Set<Long> layers = new java.util.HashSet<>();
                plan.layers().forEach(l -> {
                    if (plan.attributeTypes().getOrDefault(l.id(), java.util.Map.of()).containsKey(name)) {
                        layers.add(l.id());
                    }
                });
                out.add(new Column(name, name, e.getValue().iterator().next(), layers));
            } else {
                for (ExportPlan.LayerInfo l : plan.layers()) {
                    String type = plan.attributeTypes().getOrDefault(l.id(), java.util.Map.of()).get(name);
                    if (type != null) {
                        out.add(new Column(l.name() + "." + name, name, type, java.util.Set.of(l.id())));
                    }
                }
            }
        }
        return out;
    }

    @Override
    public boolean wantsAgreement() {
        return true;
    }

    @Override
    public void begin() {
    }

    @Override
    public void article(ExportedArticle a, List<ExportFigures.LayerFigure> agreement) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", a.id());
        g.writeStringField("title", a.title());
        g.writeStringField("text", a.text());
        g.writeNumberField("length", a.text().codePointCount(0, a.text().length()));
        g.writeStringField("url", a.url());
        g.writeObjectFieldStart("source");
        g.writeNumberField("id", a.sourceId());
        g.writeStringField("name", a.sourceName());
        g.writeEndObject();
        g.writeStringField("storyKey", a.storyKey());
        // How many raters the item had, how many of them escalation added and why (null: not escalated).
        g.writeNumberField("raters", a.raters());
        g.writeNumberField("escalations", a.escalations());
        g.writeStringField("escalation", a.escalationReason());
        if (plan.include().raw()) {
            works("raw", a.raw());
            if (a.revisions() != null) {
                works("revisions", a.revisions());
            }
        }
        if (plan.include().gold()) {
            if (a.gold() == null) {
                g.writeNullField("gold");
            } else {
                g.writeObjectFieldStart("gold");
                g.writeStringField("adjudicator", a.gold().adjudicator());
                g.writeNumberField("version", a.gold().version());
                g.writeArrayFieldStart("annotations");
                for (Mark m : a.gold().annotations()) {
                    mark(m);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
        }
        g.writeArrayFieldStart("agreement");
        for (ExportFigures.LayerFigure f : agreement) {
            g.writeStartObject();
            g.writeStringField("layer", f.layer());
            g.writeStringField("measure", f.measure());
            Json.nullableNumber(g, "value", f.value());
            g.writeNumberField("annotators", f.annotators());
            if (f.measure().equals("unitizingAlpha")) {
                Json.nullableNumber(g, "spanF1Exact", f.spanF1Exact());
                Json.nullableNumber(g, "spanF1Overlap", f.spanF1Overlap());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
        out.write('\n');
    }

    /** Raw work (round 1) or the revisions (round 2), each entry with its round. */
    private void works(String field, List<Work> works) throws IOException {
        g.writeArrayFieldStart(field);
        for (Work w : works) {
            g.writeStartObject();
            g.writeStringField("annotator", w.annotator());
            g.writeBooleanField("imported", w.imported());
            g.writeNumberField("round", w.round());
            g.writeArrayFieldStart("annotations");
            for (Mark m : w.annotations()) {
                mark(m);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static final byte[] LAYER = RawJson.bytes("{\"layer\":");
    private static final byte[] LABEL = RawJson.bytes(",\"label\":");
    private static final byte[] START = RawJson.bytes(",\"start\":");
    private static final byte[] END = RawJson.bytes(",\"end\":");
    private static final byte[] QUOTE = RawJson.bytes(",\"quote\":");
    private static final byte[] ATTRIBUTES = RawJson.bytes(",\"attributes\":");
    private static final byte[] EMPTY = RawJson.bytes("{}");
    private static final byte[] CLOSE = RawJson.bytes("}");
    private final RawJson markJson = new RawJson();
    /** {@code {"layer":<name>,"label":<label>} encoded once per layer id and label. */
    private final java.util.Map<Long, java.util.Map<String, byte[]>> heads = new java.util.HashMap<>();
    private ExportPlan.LayerInfo headLayer;
    private java.util.Map<String, byte[]> headLabels;

    /**
     * One annotation: {@code {"layer","label"[,"start","end","quote"],"attributes"}}, the bytes the generator's field
     * calls gave, built as one raw value ({@link RawJson}): a million annotations, each six generator fields.
     */
    private void mark(Mark m) throws IOException {
        ExportPlan.LayerInfo layer = m.layer();
        if (layer != headLayer) {
            headLayer = layer;
            headLabels = heads.computeIfAbsent(layer.id(), k -> new java.util.HashMap<>());
        }
        byte[] head = headLabels.get(m.label());
        if (head == null) {
            RawJson h = new RawJson().raw(LAYER).string(layer.name()).raw(LABEL).string(m.label());
            head = h.asUnquotedUTF8();
            headLabels.put(m.label(), head);
        }
        RawJson j = markJson;
        j.reset();
        j.raw(head);
        if (m.span()) {
            j.raw(START).number(m.start()).raw(END).number(m.end()).raw(QUOTE).string(m.quote());
        }
        j.raw(ATTRIBUTES).raw(attributes(m)).raw(CLOSE);
        g.writeRawValue(j);
    }

    /**
     * The typed {@code attributes} object as JSON bytes, by layer and stored jsonb: projects reuse a few attribute
     * values over and over, and parsing each annotation's jsonb was a large part of this writer's time. Bounded: cleared
     * when it holds {@link #CACHED} entries.
     */
    private final java.util.Map<Long, java.util.Map<String, byte[]>> rendered = new java.util.HashMap<>();
    private int renderedCount;
    private static final int CACHED = 4096;

    private byte[] attributes(Mark m) throws IOException {
        String stored = m.attributesJson();
        if (stored == null || stored.equals("{}")) {
            return EMPTY;
        }
        java.util.Map<String, byte[]> byStored = rendered.computeIfAbsent(m.layer().id(), k -> new java.util.HashMap<>());
        byte[] json = byStored.get(stored);
        if (json == null) {
            if (renderedCount >= CACHED) {
                rendered.values().forEach(java.util.Map::clear);
                renderedCount = 0;
            }
            json = render(m.layer().id(), stored);
            byStored.put(stored, json);
            renderedCount++;
        }
        return json;
    }

    /** The attributes the layer declares, typed, as the generator writes the object. */
    private byte[] render(long layerId, String storedJson) throws IOException {
        com.fasterxml.jackson.databind.JsonNode stored = PARSER.readTree(storedJson);
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        try (JsonGenerator o = Json.generator(buffer)) {
            o.writeStartObject();
            for (Column c : columns) {
                com.fasterxml.jackson.databind.JsonNode v = !c.layers().contains(layerId) ? null : stored.get(c.name());
                if (v != null && !v.isNull()) {
                    o.writeFieldName(c.key());
                    typed(o, c.type(), v);
                }
            }
            o.writeEndObject();
        }
        return buffer.toByteArray();
    }

    /** Writes the value as the declared type, or null when it does not read as one. */
    private static void typed(JsonGenerator g, String type, com.fasterxml.jackson.databind.JsonNode v) throws IOException {
        if (v == null || v.isNull() || v.isContainerNode()) {
            g.writeNull();
            return;
        }
        String text = v.asText().trim();
        switch (type) {
            case "int" -> {
                if (v.isIntegralNumber() || (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()))) {
                    g.writeNumber(v.asLong());
                } else if (text.matches("[+-]?\\d{1,18}")) {
                    g.writeNumber(Long.parseLong(text));
                } else {
                    g.writeNull();
                }
            }
            case "number" -> {
                if (v.isNumber()) {
                    g.writeNumber(v.asDouble());
                } else {
                    try {
                        double d = Double.parseDouble(text);
                        if (Double.isFinite(d)) {
                            g.writeNumber(d);
                        } else {
                            g.writeNull();
                        }
                    } catch (NumberFormatException e) {
                        g.writeNull();
                    }
                }
            }
            case "boolean" -> {
                if (v.isBoolean()) {
                    g.writeBoolean(v.asBoolean());
                } else if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                    g.writeBoolean(Boolean.parseBoolean(text.toLowerCase(java.util.Locale.ROOT)));
                } else {
                    g.writeNull();
                }
            }
            default -> g.writeString(v.isTextual() ? v.asText() : v.toString());
        }
    }

    @Override
    public void end() throws IOException {
        g.flush();
        out.flush();
    }
}
