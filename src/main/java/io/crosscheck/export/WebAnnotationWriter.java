package io.crosscheck.export;

import com.fasterxml.jackson.core.JsonGenerator;
import io.crosscheck.export.ExportedArticle.Mark;
import io.crosscheck.export.ExportedArticle.Work;

import java.io.IOException;
import java.io.OutputStream;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * W3C Web Annotation JSON-LD: one AnnotationCollection whose {@code pages} are AnnotationPages, one page per
 * article, written as they stream (a page's {@code next} is written after its items, once the next article is
 * known; {@code first}, {@code last} and {@code total} follow the pages). Each annotation: motivation {@code classifying}; a TextualBody with the label (purpose classifying) and
 * the layer (purpose tagging); creator the annotator (or the adjudicator for gold); created the time it was
 * stored; target the article URI ({@code urn:crosscheck:article:<id>}) with, for spans, a TextQuoteSelector
 * (exact, and prefix/suffix of up to 32 code points) and a TextPositionSelector in code points. Document-layer
 * annotations target the whole article.
 */
final class WebAnnotationWriter implements ExportWriter {

    static final int CONTEXT_CODE_POINTS = 32;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final ExportPlan plan;
    private final OutputStream out;
    private final JsonGenerator g;
    private final String collection;
    private boolean pageOpen;
    private Long firstArticle;
    private Long lastArticle;
    private long index;

    WebAnnotationWriter(ExportPlan plan, OutputStream out) throws IOException {
        this.plan = plan;
        this.out = out;
        this.g = Json.generator(out);
        this.collection = "urn:crosscheck:project:" + plan.projectId() + ":export:" + plan.include().name().toLowerCase()
                + (plan.layerFilter() == null ? "" : ":layer:" + plan.layerFilter())
                + (plan.sourceId() == null ? "" : ":source:" + plan.sourceId())
                + ":status:" + plan.status().name().toLowerCase();
    }

    @Override
    public void begin() throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("@context");
        g.writeString("http://www.w3.org/ns/anno.jsonld");
        g.writeStartObject();
        g.writeStringField("crosscheck", "urn:crosscheck:vocab#");
        g.writeObjectFieldStart("pages");
        g.writeStringField("@id", "crosscheck:pages");
        g.writeStringField("@container", "@list");
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndArray();
        g.writeStringField("id", collection);
        g.writeStringField("type", "AnnotationCollection");
        g.writeStringField("label", plan.projectName());
        g.writeArrayFieldStart("pages");
    }

    private String pageId(long article) {
        return collection + ":page:" + article;
    }

    @Override
    public void article(ExportedArticle a, List<ExportFigures.LayerFigure> agreement) throws IOException {
        closePage(a.id());
        if (firstArticle == null) {
            firstArticle = a.id();
        }
        lastArticle = a.id();
        g.writeStartObject();
        g.writeStringField("id", pageId(a.id()));
        g.writeStringField("type", "AnnotationPage");
        g.writeStringField("partOf", collection);
        g.writeNumberField("startIndex", index);
        g.writeArrayFieldStart("items");
        String source = "urn:crosscheck:article:" + a.id();
        int[] cps = a.text().codePoints().toArray();
        if (plan.include().raw()) {
            for (Work w : a.raw()) {
                for (Mark m : w.annotations()) {
                    annotation("urn:crosscheck:annotation:" + m.id(), source, cps, w.annotator(), false, m, m.created());
                }
            }
        }
        if (plan.include().gold() && a.gold() != null) {
            for (Mark m : a.gold().annotations()) {
                annotation("urn:crosscheck:gold:" + m.id(), source, cps, a.gold().adjudicator(), true, m,
                        a.gold().created());
            }
        }
        g.writeEndArray();
        pageOpen = true;
    }

    /** Ends the open page, pointing it at the next one when there is one. */
    private void closePage(Long next) throws IOException {
        if (!pageOpen) {
            return;
        }
        if (next != null) {
            g.writeStringField("next", pageId(next));
        }
        g.writeEndObject();
        pageOpen = false;
        g.flush();
    }

    private void annotation(String id, String source, int[] cps, String creator, boolean gold, Mark m,
                            OffsetDateTime created) throws IOException {
        index++;
        g.writeStartObject();
        g.writeStringField("id", id);
        g.writeStringField("type", "Annotation");
        g.writeStringField("motivation", "classifying");
        g.writeObjectFieldStart("creator");
        g.writeStringField("type", "Person");
        g.writeStringField("nickname", creator);
        g.writeEndObject();
        if (created != null) {
            g.writeStringField("created", created.withOffsetSameInstant(ZoneOffset.UTC).format(TIME));
        }
        g.writeStringField("crosscheck:kind", gold ? "gold" : "raw");
        g.writeArrayFieldStart("body");
        g.writeStartObject();
        g.writeStringField("type", "TextualBody");
        g.writeStringField("purpose", "classifying");
        g.writeStringField("value", m.label());
        g.writeEndObject();
        g.writeStartObject();
        g.writeStringField("type", "TextualBody");
        g.writeStringField("purpose", "tagging");
        g.writeStringField("value", m.layer().name());
        g.writeEndObject();
        g.writeEndArray();
        if (m.attributesJson() != null && !m.attributesJson().equals("{}")) {
            Json.raw(g, "crosscheck:attributes", m.attributesJson());
        }
        if (m.span()) {
            int start = Math.min(m.start(), cps.length);
            int end = Math.min(m.end(), cps.length);
            g.writeObjectFieldStart("target");
            g.writeStringField("source", source);
            g.writeArrayFieldStart("selector");
            g.writeStartObject();
            g.writeStringField("type", "TextQuoteSelector");
            g.writeStringField("exact", new String(cps, start, end - start));
            int from = Math.max(0, start - CONTEXT_CODE_POINTS);
            g.writeStringField("prefix", new String(cps, from, start - from));
            int to = Math.min(cps.length, end + CONTEXT_CODE_POINTS);
            g.writeStringField("suffix", new String(cps, end, to - end));
            g.writeEndObject();
            g.writeStartObject();
            g.writeStringField("type", "TextPositionSelector");
            g.writeNumberField("start", m.start());
            g.writeNumberField("end", m.end());
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        } else {
            g.writeStringField("target", source);
        }
        g.writeEndObject();
    }

    @Override
    public void end() throws IOException {
        closePage(null);
        g.writeEndArray();
        g.writeNumberField("total", index);
        if (firstArticle != null) {
            g.writeStringField("first", pageId(firstArticle));
            g.writeStringField("last", pageId(lastArticle));
        }
        g.writeEndObject();
        g.flush();
        out.write('\n');
        out.flush();
    }
}
