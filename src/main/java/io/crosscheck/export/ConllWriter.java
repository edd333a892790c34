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

    @Override
    public void article(ExportedArticle a, List<ExportFigures.LayerFigure> agreement) throws IOException {
        List<Tokenizer.Token> tokens = Tokenizer.tokens(a.text());
        if (plan.include().raw()) {
            for (Work work : a.raw()) {
                section(a, tokens, work.annotator(), "raw", work.annotations());
            }
        }
        if (plan.include().gold() && a.gold() != null) {
            section(a, tokens, "gold", "gold", a.gold().annotations());
        }
    }

    /** One document section: the article's tokens with the BIO tags of {@code marks} (one annotator's or gold). */
    void section(ExportedArticle a, List<Tokenizer.Token> tokens, String annotator, String kind,
                         List<Mark> marks) throws IOException {
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
        String[][] tags = new String[spanLayers.size()][];
        for (int i = 0; i < spanLayers.size(); i++) {
            tags[i] = bio(tokens, spanLayers.get(i), marks);
        }
        for (int t = 0; t < tokens.size(); t++) {
            Tokenizer.Token token = tokens.get(t);
            w.write(token.text());
            w.write('\t');
            w.write(token.start());
            w.write('\t');
            w.write(token.end());
            for (String[] column : tags) {
                w.write('\t');
                w.write(column[t] == null ? "O" : column[t]);
            }
            w.write('\n');
            if (token.sentenceEnd()) {
                w.write('\n');
            }
        }
    }

    /** A label as one column: each whitespace character becomes {@code _}. */
    static String column(String label) {
        return WHITESPACE.matcher(label).replaceAll("_");
    }

    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s", java.util.regex.Pattern.UNICODE_CHARACTER_CLASS);

    /** BIO tags of one layer over the tokens; null means O. */
    static String[] bio(List<Tokenizer.Token> tokens, LayerInfo layer, List<Mark> marks) {
        String[] tags = new String[tokens.size()];
        List<Mark> spans = new ArrayList<>();
        for (Mark m : marks) {
            if (m.layer().id() == layer.id() && m.span()) {
                spans.add(m);
            }
        }
        spans.sort(Comparator.<Mark>comparingInt(Mark::start).thenComparing(Mark::end, Comparator.reverseOrder())
                .thenComparingInt(m -> layer.labelIndex(m.label())).thenComparingLong(Mark::id));
        for (Mark m : spans) {
            String label = column(m.label());
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
                tags[t] = (continues ? "I-" : "B-") + label;
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
