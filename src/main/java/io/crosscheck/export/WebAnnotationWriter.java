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
 * W3C Web Annotation JSON-LD, as one JSON-LD document whose {@code @graph} holds one AnnotationPage per article and,
 * last (its {@code total} and {@code last} are known only at the end of the stream), the AnnotationCollection. Every
 * id is a URL of this API that answers with the same object (the read side of the Web Annotation Protocol,
 * {@code …/projects/{id}/w3c/}): the collection ({@link ExportPlan#w3cCollection()}), its pages ({@code …&page=<article
 * id>}, each {@code partOf} the collection (an object: id and label), with {@code startIndex}, {@code prev} and {@code next}), the annotations
 * ({@code …/w3c/<id>}, gold {@code …/w3c/gold-<id>}), and each target's {@code source}, the article
 * ({@code …/api/v1/articles/<id>}). Each annotation: motivation {@code classifying}; a TextualBody with the label
 * (purpose classifying) and one with the layer (purpose tagging); creator the annotator (or the adjudicator for gold);
 * created the time it was stored; {@code kind} raw or gold and the {@code attributes} object, both defined in the
 * {@code @context} (attributes as a JSON literal, so JSON-LD expansion keeps them whole). Spans have a
 * TextQuoteSelector whose prefix or suffix (or both) are lengthened until the quote with them occurs once in the text, and a
 * TextPositionSelector in code points; document-layer annotations target the whole article.
 */
final class WebAnnotationWriter implements ExportWriter {

    /** The shortest prefix/suffix, in code points; lengthened by as much again until the quote is unique. */
    static final int CONTEXT_CODE_POINTS = 32;
    /** Crosscheck's own terms: absolute IRIs under this namespace. */
    static final String VOCAB = "https://crosscheck.dev/ns#";
    static final String MEDIA_TYPE = "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final ExportPlan plan;
    private final OutputStream out;
    private final JsonGenerator g;
    private boolean pageOpen;
    private Long firstArticle;
    private Long lastArticle;
    private long index;
    /** Texts indexed on the reading thread by {@link #prepare}, in article order. */
    private final java.util.concurrent.ConcurrentLinkedQueue<QuoteText> prepared = new java.util.concurrent.ConcurrentLinkedQueue<>();

    WebAnnotationWriter(ExportPlan plan, OutputStream out) throws IOException {
        this.plan = plan;
        this.out = out;
        this.g = Json.generator(out);
    }

    /**
     * The {@code @context}: the W3C one, then a definition for every term Crosscheck adds; {@code container} adds
     * LDP's BasicContainer (the protocol's container is one).
     */
    static void context(JsonGenerator g, boolean container) throws IOException {
        g.writeArrayFieldStart("@context");
        g.writeString("http://www.w3.org/ns/anno.jsonld");
        g.writeStartObject();
        g.writeNumberField("@version", 1.1);
        g.writeStringField("crosscheck", VOCAB);
        g.writeStringField("kind", "crosscheck:kind");
        g.writeObjectFieldStart("attributes");
        g.writeStringField("@id", "crosscheck:attributes");
        g.writeStringField("@type", "@json");
        g.writeEndObject();
        if (container) {
            g.writeStringField("BasicContainer", "http://www.w3.org/ns/ldp#BasicContainer");
        }
        g.writeEndObject();
        g.writeEndArray();
    }

    @Override
    public void begin() throws IOException {
        g.writeStartObject();
        context(g, false);
        g.writeArrayFieldStart("@graph");
    }

    /** Builds the article's quote index on the reading thread: it needs the text alone, and costs about as much as writing. */
    @Override
    public void prepare(ExportedArticle a) {
        QuoteText text = new QuoteText(a.text());
        text.index();
        prepared.add(text);
    }

    @Override
    public void article(ExportedArticle a, List<ExportFigures.LayerFigure> agreement) throws IOException {
        closePage(a.id());
        g.writeStartObject();
        g.writeStringField("id", plan.w3cPage(a.id()));
        g.writeStringField("type", "AnnotationPage");
        partOf(g, plan);
        g.writeNumberField("startIndex", index);
        if (lastArticle != null) {
            g.writeStringField("prev", plan.w3cPage(lastArticle));
        }
        if (firstArticle == null) {
            firstArticle = a.id();
        }
        lastArticle = a.id();
        g.writeArrayFieldStart("items");
        QuoteText text = prepared.poll();
        index += items(g, plan, a, text != null && text.text == a.text() ? text : new QuoteText(a.text()));
        g.writeEndArray();
        pageOpen = true;
    }

    /**
     * A page's {@code partOf}: the collection as an object with its id and label (the W3C suite's page assertions
     * read {@code partOf} as the collection's description; its {@code total} is on the collection itself).
     */
    static void partOf(JsonGenerator g, ExportPlan plan) throws IOException {
        g.writeObjectFieldStart("partOf");
        g.writeStringField("id", plan.w3cCollection());
        g.writeStringField("label", plan.projectName());
        g.writeEndObject();
    }

    /** Writes the article's annotations (raw, then gold, as the plan includes them); returns how many. */
    static int items(JsonGenerator g, ExportPlan plan, ExportedArticle a) throws IOException {
        return items(g, plan, a, new QuoteText(a.text()));
    }

    private static int items(JsonGenerator g, ExportPlan plan, ExportedArticle a, QuoteText text) throws IOException {
        String source = plan.articleUrl(a.id());
        int n = 0;
        if (plan.include().raw()) {
            for (Work w : a.raw()) {
                for (Mark m : w.annotations()) {
                    annotation(g, plan.w3cAnnotation(m.id(), false), source, text, w.annotator(), false, m,
                            m.created());
                    n++;
                }
            }
        }
        if (plan.include().gold() && a.gold() != null) {
            for (Mark m : a.gold().annotations()) {
                annotation(g, plan.w3cAnnotation(m.id(), true), source, text, a.gold().adjudicator(), true, m,
                        a.gold().created());
                n++;
            }
        }
        return n;
    }

    /** Ends the open page, pointing it at the next one when there is one. */
    private void closePage(Long next) throws IOException {
        if (!pageOpen) {
            return;
        }
        if (next != null) {
            g.writeStringField("next", plan.w3cPage(next));
        }
        g.writeEndObject();
        pageOpen = false;
        g.flush();
    }

    /** The constant names and values of an annotation, encoded once (Jackson copies their bytes). */
    private static final com.fasterxml.jackson.core.io.SerializedString S_ANNOTATION = new com.fasterxml.jackson.core.io.SerializedString("Annotation");
    private static final com.fasterxml.jackson.core.io.SerializedString S_BODY = new com.fasterxml.jackson.core.io.SerializedString("body");
    private static final com.fasterxml.jackson.core.io.SerializedString S_CLASSIFYING = new com.fasterxml.jackson.core.io.SerializedString("classifying");
    private static final com.fasterxml.jackson.core.io.SerializedString S_CREATED = new com.fasterxml.jackson.core.io.SerializedString("created");
    private static final com.fasterxml.jackson.core.io.SerializedString S_CREATOR = new com.fasterxml.jackson.core.io.SerializedString("creator");
    private static final com.fasterxml.jackson.core.io.SerializedString S_END = new com.fasterxml.jackson.core.io.SerializedString("end");
    private static final com.fasterxml.jackson.core.io.SerializedString S_GOLD = new com.fasterxml.jackson.core.io.SerializedString("gold");
    private static final com.fasterxml.jackson.core.io.SerializedString S_ID = new com.fasterxml.jackson.core.io.SerializedString("id");
    private static final com.fasterxml.jackson.core.io.SerializedString S_KIND = new com.fasterxml.jackson.core.io.SerializedString("kind");
    private static final com.fasterxml.jackson.core.io.SerializedString S_MOTIVATION = new com.fasterxml.jackson.core.io.SerializedString("motivation");
    private static final com.fasterxml.jackson.core.io.SerializedString S_NICKNAME = new com.fasterxml.jackson.core.io.SerializedString("nickname");
    private static final com.fasterxml.jackson.core.io.SerializedString S_PERSON = new com.fasterxml.jackson.core.io.SerializedString("Person");
    private static final com.fasterxml.jackson.core.io.SerializedString S_PURPOSE = new com.fasterxml.jackson.core.io.SerializedString("purpose");
    private static final com.fasterxml.jackson.core.io.SerializedString S_RAW = new com.fasterxml.jackson.core.io.SerializedString("raw");
    private static final com.fasterxml.jackson.core.io.SerializedString S_SELECTOR = new com.fasterxml.jackson.core.io.SerializedString("selector");
    private static final com.fasterxml.jackson.core.io.SerializedString S_SOURCE = new com.fasterxml.jackson.core.io.SerializedString("source");
    private static final com.fasterxml.jackson.core.io.SerializedString S_START = new com.fasterxml.jackson.core.io.SerializedString("start");
    private static final com.fasterxml.jackson.core.io.SerializedString S_TAGGING = new com.fasterxml.jackson.core.io.SerializedString("tagging");
    private static final com.fasterxml.jackson.core.io.SerializedString S_TARGET = new com.fasterxml.jackson.core.io.SerializedString("target");
    private static final com.fasterxml.jackson.core.io.SerializedString S_TEXTPOSITIONSELECTOR = new com.fasterxml.jackson.core.io.SerializedString("TextPositionSelector");
    private static final com.fasterxml.jackson.core.io.SerializedString S_TEXTQUOTESELECTOR = new com.fasterxml.jackson.core.io.SerializedString("TextQuoteSelector");
    private static final com.fasterxml.jackson.core.io.SerializedString S_TEXTUALBODY = new com.fasterxml.jackson.core.io.SerializedString("TextualBody");
    private static final com.fasterxml.jackson.core.io.SerializedString S_TYPE = new com.fasterxml.jackson.core.io.SerializedString("type");
    private static final com.fasterxml.jackson.core.io.SerializedString S_VALUE = new com.fasterxml.jackson.core.io.SerializedString("value");

    static void annotation(JsonGenerator g, String id, String source, QuoteText text, String creator,
                           boolean gold, Mark m, OffsetDateTime created) throws IOException {
        g.writeStartObject();
        g.writeFieldName(S_ID);
        g.writeString(id);
        g.writeFieldName(S_TYPE);
        g.writeString(S_ANNOTATION);
        g.writeFieldName(S_MOTIVATION);
        g.writeString(S_CLASSIFYING);
        g.writeFieldName(S_CREATOR);
        g.writeStartObject();
        g.writeFieldName(S_TYPE);
        g.writeString(S_PERSON);
        g.writeFieldName(S_NICKNAME);
        g.writeString(creator);
        g.writeEndObject();
        if (created != null) {
            g.writeFieldName(S_CREATED);
            g.writeString(created.withOffsetSameInstant(ZoneOffset.UTC).format(TIME));
        }
        g.writeFieldName(S_KIND);
        g.writeString(gold ? S_GOLD : S_RAW);
        g.writeFieldName(S_BODY);
        g.writeStartArray();
        g.writeStartObject();
        g.writeFieldName(S_TYPE);
        g.writeString(S_TEXTUALBODY);
        g.writeFieldName(S_PURPOSE);
        g.writeString(S_CLASSIFYING);
        g.writeFieldName(S_VALUE);
        g.writeString(m.label());
        g.writeEndObject();
        g.writeStartObject();
        g.writeFieldName(S_TYPE);
        g.writeString(S_TEXTUALBODY);
        g.writeFieldName(S_PURPOSE);
        g.writeString(S_TAGGING);
        g.writeFieldName(S_VALUE);
        g.writeString(m.layer().name());
        g.writeEndObject();
        g.writeEndArray();
        if (m.attributesJson() != null && !m.attributesJson().equals("{}")) {
            Json.raw(g, "attributes", m.attributesJson());
        }
        if (m.span()) {
            int start = Math.min(m.start(), text.length);
            int end = Math.min(m.end(), text.length);
            int[] context = uniqueContext(text, start, end);
            g.writeFieldName(S_TARGET);
            g.writeStartObject();
            g.writeFieldName(S_SOURCE);
            g.writeString(source);
            g.writeFieldName(S_SELECTOR);
            g.writeStartArray();
            g.writeStartObject();
            g.writeFieldName(S_TYPE);
            g.writeString(S_TEXTQUOTESELECTOR);
            range(g, "exact", text, start, end);
            range(g, "prefix", text, context[0], start);
            range(g, "suffix", text, end, context[1]);
            g.writeEndObject();
            g.writeStartObject();
            g.writeFieldName(S_TYPE);
            g.writeString(S_TEXTPOSITIONSELECTOR);
            g.writeFieldName(S_START);
            g.writeNumber(m.start());
            g.writeFieldName(S_END);
            g.writeNumber(m.end());
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        } else {
            g.writeFieldName(S_TARGET);
            g.writeString(source);
        }
        g.writeEndObject();
    }

    /**
     * The code-point range [from, to) around the quote [start, end) whose prefix ({@code from..start}) + exact +
     * suffix ({@code end..to}) occurs exactly once in the text: 32 code points each side; if that is not unique, for
     * n = 64, 128 … the prefix alone grown to n, then the suffix alone, then both, the first that is unique (the whole
     * text, where both sides reach its ends, always is). Growing one side only keeps selectors short in
     * texts that repeat themselves, where reaching the nearer unique part is enough.
     */
    static int[] uniqueContext(QuoteText text, int start, int end) {
        if (unique(text, start, end, CONTEXT_CODE_POINTS, CONTEXT_CODE_POINTS)) {
            return range(text, start, end, CONTEXT_CODE_POINTS, CONTEXT_CODE_POINTS);
        }
        for (int n = 2 * CONTEXT_CODE_POINTS; ; n *= 2) {
            int[][] tries = {{n, CONTEXT_CODE_POINTS}, {CONTEXT_CODE_POINTS, n}, {n, n}};
            for (int[] t : tries) {
                if (unique(text, start, end, t[0], t[1])) {
                    return range(text, start, end, t[0], t[1]);
                }
            }
        }
    }

    private static int[] range(QuoteText text, int start, int end, int before, int after) {
        return new int[]{Math.max(0, start - before), Math.min(text.length, end + after)};
    }

    private static boolean unique(QuoteText text, int start, int end, int before, int after) {
        int[] r = range(text, start, end, before, after);
        return text.unique(r[0], r[1]);
    }

    /** Writes the code points [from, to) of the text as a string field. */
    private static void range(JsonGenerator g, String field, QuoteText text, int from, int to) throws IOException {
        g.writeFieldName(field);
        text.writeString(g, from, to);
    }

    @Override
    public void end() throws IOException {
        closePage(null);
        collection(g, plan, index, firstArticle, lastArticle);
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
        out.write('\n');
        out.flush();
    }

    /** The AnnotationCollection node: id, label, total and the first and last pages (none when empty). */
    static void collection(JsonGenerator g, ExportPlan plan, long total, Long first, Long last) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", plan.w3cCollection());
        g.writeStringField("type", "AnnotationCollection");
        g.writeStringField("label", plan.projectName());
        g.writeNumberField("total", total);
        if (first != null) {
            g.writeStringField("first", plan.w3cPage(first));
            g.writeStringField("last", plan.w3cPage(last));
        }
        g.writeEndObject();
    }
}
