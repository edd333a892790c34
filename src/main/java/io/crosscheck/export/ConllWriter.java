package io.crosscheck.export;

import io.crosscheck.export.ExportPlan.LayerInfo;
import io.crosscheck.export.ExportedArticle.Mark;
import io.crosscheck.export.ExportedArticle.Work;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * CoNLL as CoNLL-2003 readers take it (NLTK's {@code ConllCorpusReader}, {@code spacy convert}): tab-separated, one
 * token a line ({@code TOKEN START END} then one BIO column per span layer), a blank line after every sentence, each
 * document opened by a {@code -DOCSTART-} line (with {@code -X-} in the offset columns and {@code O} tags) and a blank
 * line. One annotator (or gold) per file: the service gives each annotator a file of their own ({@link
 * ExportPlan#conllZip()}); this writer writes whatever sections the plan's rows hold. No comment lines unless
 * {@code comments=true}; then {@code # doc_id}, {@code # annotator}, {@code # kind} and one
 * {@code # layer.<name> = <label>} per document-layer label follow the {@code -DOCSTART-}. Labels cannot hold
 * whitespace in a column: each whitespace character is written {@code _} (the CoNLL import reads it back).
 * Tokenisation: {@link Tokenizer}. A span covers every token it touches (it snaps outwards to token boundaries; a span
 * on whitespace alone is dropped) and restarts with {@code B-} after a sentence break, since a BIO reader ends every
 * chunk at the sentence's end. Overlapping spans of one layer by one annotator: the earlier start wins (then the
 * longer span, then label order); the later span keeps only the tokens after the winner, starting with B-, or is
 * dropped.
 */
final class ConllWriter implements ExportWriter {

    private final ExportPlan plan;
    private final Utf8Writer w;
    private final List<LayerInfo> spanLayers;
    private final List<LayerInfo> documentLayers;
    /** Articles prepared on the reading thread by {@link #prepare}, in article order. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Lines> prepared = new java.util.concurrent.ConcurrentLinkedQueue<>();

    ConllWriter(ExportPlan plan, OutputStream out) {
        this.plan = plan;
        this.w = new Utf8Writer(out);
        this.spanLayers = plan.spanLayers();
        this.documentLayers = plan.documentLayers();
    }

    @Override
    public void begin() throws IOException {
        if (!plan.comments()) {
            return;
        }
        w.write("# global.columns = TOKEN START END");
        for (LayerInfo l : spanLayers) {
            w.write(' ');
            w.write(l.name());
        }
        w.write("\n# project = ");
        w.write(oneLine(plan.projectName()));
        w.write("\n\n");
    }

    /** Tokenises the article and encodes its token columns on the reading thread ({@link ExportWriter#prepare}). */
    @Override
    public void prepare(ExportedArticle a) {
        prepared.add(Lines.of(a.text()));
    }

    @Override
    public void article(ExportedArticle a, List<ExportFigures.LayerFigure> agreement) throws IOException {
        Lines lines = prepared.poll();
        if (lines == null || lines.text != a.text()) {
            lines = Lines.of(a.text());
        }
        if (plan.include().raw()) {
            for (Work work : a.raw()) {
                section(a, lines, work.annotator(), "raw", work.annotations());
            }
        }
        if (plan.include().gold() && a.gold() != null) {
            section(a, lines, "gold", "gold", a.gold().annotations());
        }
    }

    /**
     * An article's tokens with their first three columns ({@code TOKEN\tSTART\tEND}) encoded once as UTF-8: every
     * section of the article (one per annotator, and gold) repeats them and only the tag columns differ, so a zip of
     * three annotators' files encoded each token three times.
     */
    static final class Lines {
        final String text;
        final List<Tokenizer.Token> tokens;
        /** Token t's columns are {@code bytes[at[t], at[t + 1])}. */
        private final byte[] bytes;
        private final int[] at;

        private Lines(String text, List<Tokenizer.Token> tokens, byte[] bytes, int[] at) {
            this.text = text;
            this.tokens = tokens;
            this.bytes = bytes;
            this.at = at;
        }

        static Lines of(String text) {
            List<Tokenizer.Token> tokens = Tokenizer.tokens(text);
            java.io.ByteArrayOutputStream encoded = new java.io.ByteArrayOutputStream(text.length() + 8 * tokens.size());
            Utf8Writer u = new Utf8Writer(encoded, 1 << 12);
            int[] at = new int[tokens.size() + 1];
            try {
                for (int t = 0; t < tokens.size(); t++) {
                    Tokenizer.Token token = tokens.get(t);
                    at[t] = (int) u.position();
                    u.write(token.text());
                    u.write('\t');
                    u.write(token.start());
                    u.write('\t');
                    u.write(token.end());
                }
                at[tokens.size()] = (int) u.position();
                u.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("a byte array cannot fail", e);
            }
            return new Lines(text, tokens, encoded.toByteArray(), at);
        }
    }

    /** One document section: the article's tokens with the BIO tags of {@code marks} (one annotator's or gold). */
    void section(ExportedArticle a, Lines lines, String annotator, String kind, List<Mark> marks) throws IOException {
        List<Tokenizer.Token> tokens = lines.tokens;
        w.write("-DOCSTART-\t-X-\t-X-");
        for (int i = 0; i < spanLayers.size(); i++) {
            w.write("\tO");
        }
        w.write("\n\n");
        if (plan.comments()) {
            w.write("# doc_id = " + a.id() + "\n");
            w.write("# source = " + oneLine(a.sourceName()) + "\n");
            w.write("# annotator = " + annotator + "\n");
            w.write("# kind = " + kind + "\n");
            for (LayerInfo l : documentLayers) {
                for (Mark m : marks) {
                    if (m.layer().id() == l.id()) {
                        w.write("# layer." + l.name() + " = " + oneLine(m.label()) + "\n");
                    }
                }
            }
        }
        byte[][][] tags = new byte[spanLayers.size()][][];
        for (int i = 0; i < spanLayers.size(); i++) {
            tags[i] = bio(tokens, spanLayers.get(i), marks);
        }
        for (int t = 0; t < tokens.size(); t++) {
            w.write(lines.bytes, lines.at[t], lines.at[t + 1] - lines.at[t]);
            for (byte[][] column : tags) {
                byte[] tag = column[t] == null ? OUTSIDE : column[t];
                w.write(tag, 0, tag.length);
            }
            w.write('\n');
            if (tokens.get(t).sentenceEnd()) {
                w.write('\n');
            }
        }
    }

    /** A label as one column: each whitespace character becomes {@code _}. */
    static String column(String label) {
        return WHITESPACE.matcher(label).replaceAll("_");
    }

    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s", java.util.regex.Pattern.UNICODE_CHARACTER_CLASS);

    /** A tag column as written: tab, then the tag in UTF-8. */
    private static byte[] tagColumn(String tag) {
        return ("\t" + tag).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static final byte[] OUTSIDE = tagColumn("O");

    /**
     * The {@code B-<column>} and {@code I-<column>} tag columns ({@link #tagColumn}) of each label seen, by layer id and
     * label: made once per label instead of a regular expression and a concatenation per span and tagged token.
     */
    private final java.util.Map<Long, java.util.Map<String, byte[][]>> tagsByLayer = new java.util.HashMap<>();

    private byte[][] tags(LayerInfo layer, String label) {
        return tagsByLayer.computeIfAbsent(layer.id(), k -> new java.util.HashMap<>())
                .computeIfAbsent(label, l -> new byte[][]{tagColumn("B-" + column(l)), tagColumn("I-" + column(l))});
    }

    /** BIO tag columns of one layer over the tokens ({@link #tags}); null means O. */
    byte[][] bio(List<Tokenizer.Token> tokens, LayerInfo layer, List<Mark> marks) {
        byte[][] tags = new byte[tokens.size()][];
        List<Mark> spans = new ArrayList<>();
        for (Mark m : marks) {
            if (m.layer().id() == layer.id() && m.span()) {
                spans.add(m);
            }
        }
        spans.sort(Comparator.<Mark>comparingInt(Mark::start).thenComparing(Mark::end, Comparator.reverseOrder())
                .thenComparingInt(m -> layer.labelIndex(m.label())).thenComparingLong(Mark::id));
        for (Mark m : spans) {
            byte[][] label = tags(layer, m.label());
            int t = firstTokenEndingAfter(tokens, m.start());
            boolean begun = false;
            for (; t < tokens.size() && tokens.get(t).start() < m.end(); t++) {
                if (tags[t] != null) {
                    if (begun) {
                        break;
                    }
                    continue;
                }
                boolean continues = begun && !tokens.get(t - 1).sentenceEnd();
                tags[t] = continues ? label[1] : label[0];
                begun = true;
            }
        }
        return tags;
    }

    private static int firstTokenEndingAfter(List<Tokenizer.Token> tokens, int offset) {
        int lo = 0;
        int hi = tokens.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (tokens.get(mid).end() <= offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n\\t]+", " ");
    }

    @Override
    public void end() throws IOException {
        w.flush();
    }
}
