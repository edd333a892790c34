package io.crosscheck.annotations.imports;

import io.crosscheck.common.ImportReport;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * CoNLL (format {@code conll}): one token a line, a blank line between sentences, {@code -DOCSTART-} (or a
 * {@code # doc_id} comment) between documents; a file without either is one document. The token is the first column
 * and the BIO tags the last, unless a {@code # global.columns = TOKEN START END layer…} comment (Crosscheck's export)
 * names the columns, then every column other than TOKEN, START and END is a layer's tags. B-/I- (also IOB1 and the
 * E-/S-/L-/U- of BIOES/BILOU) become spans; a sentence break ends a span. {@code # annotator = name} names the
 * annotator, else the file's name inside a zip (one file per annotator), else {@code ?annotator=};
 * {@code # layer.<name> = <label>} comments are document labels; {@code # kind = gold} sections are not work.
 *
 * <p>CoNLL carries no text, so the article text is rebuilt: with START and END columns (code points) every token at its
 * offset and the gaps filled with spaces, otherwise the tokens joined by spaces and the sentences by line breaks. The
 * annotators of one document thus rebuild the same text, which is matched or created by its sha256 like any other.
 * Labels cannot hold whitespace in CoNLL: a label the layer lacks is tried with {@code _} read as a space. The report's
 * line is the line of the file.
 */
public final class ConllReader implements FormatReader {

    private final long maxInflated;

    public ConllReader(long maxInflated) {
        this.maxInflated = maxInflated;
    }

    private record Token(int line, String text, Integer start, Integer end, String[] tags, boolean sentenceStart) {
    }

    /** One document section being read. */
    private static final class Doc {
        final List<Token> tokens = new ArrayList<>();
        final List<String[]> labels = new ArrayList<>();
        final List<Integer> labelLines = new ArrayList<>();
        String annotator;
        boolean gold;
        int firstLine;
        boolean sentenceStart = true;

        boolean isEmpty() {
            return tokens.isEmpty() && labels.isEmpty();
        }
    }

    @Override
    public void read(InputStream in, ImportOptions options, ImportReport report, Consumer<ImportLine> sink) throws IOException {
        Bodies.files(in, maxInflated, path -> true, (path, content) -> file(path, content, report, sink));
    }

    private static void file(String path, String content, ImportReport report, Consumer<ImportLine> sink) {
        String fileAnnotator = path == null ? null : Bodies.stem(path);
        List<String> columns = null;
        List<String> tagColumnsOf = null;
        int[] tagColumns = null;
        int startColumn = -1;
        int endColumn = -1;
        Doc doc = new Doc();
        int lineNumber = 0;
        for (String raw : (Iterable<String>) content.lines()::iterator) {
            lineNumber++;
            String line = raw.strip();
            if (doc.firstLine == 0) {
                doc.firstLine = lineNumber;
            }
            if (line.isEmpty()) {
                doc.sentenceStart = true;
                continue;
            }
            if (line.startsWith("#")) {
                String comment = line.substring(1).strip();
                int eq = comment.indexOf('=');
                String key = eq < 0 ? comment : comment.substring(0, eq).strip();
                String value = eq < 0 ? "" : comment.substring(eq + 1).strip();
                switch (key) {
                    case "global.columns" -> columns = List.of(value.split("\\s+"));
                    case "doc_id", "newdoc", "newdoc id" -> {
                        doc = flush(path, doc, columns, fileAnnotator, report, sink);
                        doc.firstLine = lineNumber;
                    }
                    case "annotator" -> doc.annotator = value;
                    case "kind" -> doc.gold = value.equals("gold");
                    default -> {
                        if (key.startsWith("layer.") && !value.isEmpty()) {
                            doc.labels.add(new String[]{key.substring(6), value});
                            doc.labelLines.add(lineNumber);
                        }
                    }
                }
                continue;
            }
            String[] fields = line.indexOf('\t') >= 0 ? line.split("\t") : line.split("\\s+");
            if (fields[0].equals("-DOCSTART-")) {
                doc = flush(path, doc, columns, fileAnnotator, report, sink);
                doc.firstLine = lineNumber;
                continue;
            }
            if (columns != tagColumnsOf) {
                tagColumnsOf = columns;
                tagColumns = tagColumns(columns);
                startColumn = columns == null ? -1 : columns.indexOf("START");
                endColumn = columns == null ? -1 : columns.indexOf("END");
            }
            int sc = startColumn;
            int ec = endColumn;
            Integer start = null;
            Integer end = null;
            if (columns == null && fields.length >= 4 && isNumber(fields[1]) && isNumber(fields[2])) {
                sc = 1;
                ec = 2;
            }
            if (sc >= 0 && ec >= 0 && sc < fields.length && ec < fields.length) {
                if (!isNumber(fields[sc]) || !isNumber(fields[ec])) {
                    report.fail(lineNumber, Bodies.at(path, "START and END must be numbers"));
                    continue;
                }
                start = Integer.parseInt(fields[sc]);
                end = Integer.parseInt(fields[ec]);
            }
            String[] tags;
            if (tagColumns != null) {
                tags = new String[tagColumns.length];
                for (int k = 0; k < tagColumns.length; k++) {
                    tags[k] = tagColumns[k] < fields.length ? fields[tagColumns[k]] : "O";
                }
            } else {
                tags = fields.length > 1 ? new String[]{fields[fields.length - 1]} : new String[0];
            }
            doc.tokens.add(new Token(lineNumber, fields[0], start, end, tags, doc.sentenceStart));
            doc.sentenceStart = false;
        }
        flush(path, doc, columns, fileAnnotator, report, sink);
    }

    /** Turns a finished document into lines and starts the next. */
    private static Doc flush(String path, Doc doc, List<String> columns, String fileAnnotator, ImportReport report,
                             Consumer<ImportLine> sink) {
        Doc next = new Doc();
        if (doc.isEmpty()) {
            return next;
        }
        if (doc.gold || "gold".equals(fileAnnotator) && doc.annotator == null) {
            report.fail(doc.firstLine, Bodies.at(path, "a gold section (an adjudication) is not an annotator's work; "
                    + "import the annotators' files"));
            return next;
        }
        String annotator = doc.annotator != null && !doc.annotator.isEmpty() ? doc.annotator : fileAnnotator;
        // Rebuild the text: tokens at their code-point offsets when the file has them, else joined by spaces.
        boolean placed = !doc.tokens.isEmpty() && doc.tokens.stream().allMatch(t -> t.start() != null);
        StringBuilder text = new StringBuilder();
        int length = 0;
        int[][] positions = new int[doc.tokens.size()][];
        for (int i = 0; i < doc.tokens.size(); i++) {
            Token t = doc.tokens.get(i);
            if (placed) {
                if (t.start() < length || t.end() - t.start() != t.text().codePointCount(0, t.text().length())) {
                    report.fail(t.line(), Bodies.at(path, "the token '" + t.text() + "' at " + t.start() + "-" + t.end()
                            + " overlaps the one before it or does not fit its offsets; nothing of this document is imported"));
                    return next;
                }
                text.append(" ".repeat(t.start() - length));
                length = t.start();
            } else if (i > 0) {
                text.append(t.sentenceStart() ? '\n' : ' ');
                length++;
            }
            text.append(t.text());
            positions[i] = new int[]{length, length + t.text().codePointCount(0, t.text().length())};
            length = positions[i][1];
        }
        SourceText source = SourceText.of(text.toString());
        ArticleRef article = ArticleRef.ByText.of(source.nfc(), null, null, null);
        List<String> layerNames = new ArrayList<>();
        if (columns != null) {
            for (String c : columns) {
                if (!c.equals("TOKEN") && !c.equals("START") && !c.equals("END")) {
                    layerNames.add(c);
                }
            }
        }
        boolean any = false;
        for (int k = 0; k < doc.labels.size(); k++) {
            sink.accept(new ImportLine(doc.labelLines.get(k), path, article, annotator, doc.labels.get(k)[0],
                    doc.labels.get(k)[1], null, null, null, null, null));
            any = true;
        }
        int layers = doc.tokens.stream().mapToInt(t -> t.tags().length).max().orElse(0);
        for (int c = 0; c < layers; c++) {
            String layer = c < layerNames.size() ? layerNames.get(c) : null;
            int spanStart = -1;
            String spanLabel = null;
            int spanLine = 0;
            for (int i = 0; i <= doc.tokens.size(); i++) {
                Token t = i < doc.tokens.size() ? doc.tokens.get(i) : null;
                String tag = t == null || c >= t.tags().length ? "O" : t.tags()[c];
                String prefix = tag.length() >= 2 && tag.charAt(1) == '-' ? tag.substring(0, 1) : tag.equals("O") ? "O" : null;
                if (prefix == null || !"OBIESLU".contains(prefix)) {
                    report.fail(t.line(), Bodies.at(path, "the tag '" + tag + "' is not O or B-/I-/E-/S-<label>"));
                    prefix = "O";
                }
                String label = prefix.equals("O") ? null : tag.substring(2);
                boolean continues = spanStart >= 0 && t != null && !t.sentenceStart()
                        && (prefix.equals("I") || prefix.equals("E") || prefix.equals("L")) && label.equals(spanLabel);
                if (spanStart >= 0 && !continues) {
                    sink.accept(spanLine(path, article, annotator, layer, spanLabel, spanLine, source, positions[spanStart][0],
                            positions[i - 1][1], report));
                    any = true;
                    spanStart = -1;
                }
                if (label != null && !continues) {
                    spanStart = i;
                    spanLabel = label;
                    spanLine = t.line();
                }
                if (spanStart >= 0 && (prefix.equals("E") || prefix.equals("S") || prefix.equals("L") || prefix.equals("U"))) {
                    sink.accept(spanLine(path, article, annotator, layer, spanLabel, spanLine, source, positions[spanStart][0],
                            positions[i][1], report));
                    any = true;
                    spanStart = -1;
                }
            }
        }
        if (!any) {
            sink.accept(new ImportLine(doc.firstLine, path, article, annotator, null, null, null, null, null, null, null));
        }
        return next;
    }

    private static ImportLine spanLine(String path, ArticleRef article, String annotator, String layer, String label,
                                       int line, SourceText source, int start, int end, ImportReport report) {
        try {
            return new ImportLine(line, path, article, annotator, layer, label, source.fromCodePoints(start),
                    source.fromCodePoints(end), null, null, null);
        } catch (SourceText.OffsetException e) {
            throw new IllegalStateException("token boundaries of a rebuilt text always map", e);
        }
    }

    /** Indexes of the tag columns a {@code global.columns} header names (all but TOKEN, START, END); null without one. */
    private static int[] tagColumns(List<String> columns) {
        if (columns == null) {
            return null;
        }
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            String name = columns.get(c);
            if (!name.equals("TOKEN") && !name.equals("START") && !name.equals("END")) {
                out.add(c);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

}
