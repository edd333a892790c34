package io.crosscheck.export;

import com.fasterxml.jackson.core.JsonGenerator;
import io.crosscheck.export.ExportedArticle.Mark;
import io.crosscheck.export.ExportedArticle.Work;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * JSONL: one article a line — id, title, text, source, storyKey, raw work grouped per annotator, the current
 * gold, and per-item agreement per layer (see {@link ExportFigures} for which figure).
 */
final class JsonlWriter implements ExportWriter {

    private final ExportPlan plan;
    private final OutputStream out;
    private final JsonGenerator g;

    JsonlWriter(ExportPlan plan, OutputStream out) throws IOException {
        this.plan = plan;
        this.out = out;
        this.g = Json.generator(out);
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
        if (plan.include().raw()) {
            g.writeArrayFieldStart("raw");
            for (Work w : a.raw()) {
                g.writeStartObject();
                g.writeStringField("annotator", w.annotator());
                g.writeBooleanField("imported", w.imported());
                g.writeArrayFieldStart("annotations");
                for (Mark m : w.annotations()) {
                    mark(m);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
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

    private void mark(Mark m) throws IOException {
        g.writeStartObject();
        g.writeStringField("layer", m.layer().name());
        g.writeStringField("label", m.label());
        if (m.span()) {
            g.writeNumberField("start", m.start());
            g.writeNumberField("end", m.end());
            g.writeStringField("quote", m.quote());
        }
        Json.raw(g, "attributes", m.attributesJson());
        g.writeEndObject();
    }

    @Override
    public void end() throws IOException {
        g.flush();
        out.flush();
    }
}
