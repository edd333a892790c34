package io.crosscheck.annotations.imports;

import io.crosscheck.common.CodePoints;
import io.crosscheck.common.ImportReport;
import io.crosscheck.common.ProblemException;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * INCEpTION / WebAnno TSV 3.x ({@code #FORMAT=WebAnno TSV 3.3}): one file is one document by one annotator
 * ({@code ?annotator=}), or a zip of an INCEpTION project export read per annotator: every
 * {@code annotation/<document>/<user>.tsv} (the initial and the curation CAS are skipped), the folder naming the document.
 *
 * <p>Span layers ({@code #T_SP=type|feature…}) become spans: the file's layer name is the type's short name
 * ({@code NamedEntity}, {@code Claim}), the label the {@code value} feature, else {@code label}, else the first
 * feature. Multi-token annotations are joined by their disambiguation id ({@code PER[1]}), stacked ones split on
 * {@code |}; chain and relation layers are not imported. The text is rebuilt from the {@code #Text=} lines as
 * INCEpTION's own reader does (Tsv3XDeserializer: sentences at their first token's offset, gaps padded with spaces,
 * a line break after each {@code #Text} line), and offsets count UTF-16 units (the format's documented unit). Every
 * token must be the text at its offsets, or the file fails. The report's line is the line of the file.
 */
public final class WebannoTsvReader implements FormatReader {

    private static final Pattern UNESCAPED_BAR = Pattern.compile("(?<!\\\\)\\|");
    private static final String[] VALUE_ESCAPED = {"\\\\", "\\[", "\\]", "\\|", "\\_", "\\->", "\\;", "\\t", "\\n", "\\*"};
    private static final String[] VALUE_PLAIN = {"\\", "[", "]", "|", "_", "->", ";", "\t", "\n", "*"};

    private final long maxInflated;

    public WebannoTsvReader(long maxInflated) {
        this.maxInflated = maxInflated;
    }

    /** A span layer's label column. */
    private record LabelColumn(String layer, int column) {
    }

    private record Token(int line, int begin, int end, String text) {
    }

    /** A span being collected: its label, file layer, extent and the line it starts on. */
    private static final class Span {
        final String layer;
        final String label;
        final int line;
        int begin;
        int end;

        Span(String layer, String label, int line, int begin, int end) {
            this.layer = layer;
            this.label = label;
            this.line = line;
            this.begin = begin;
            this.end = end;
        }
    }

    @Override
    public void read(InputStream in, ImportOptions options, ImportReport report, Consumer<ImportLine> sink) throws IOException {
        Bodies.files(in, maxInflated, WebannoTsvReader::annotatorFile, (path, content) -> {
            String annotator = path == null ? null : Bodies.stem(path);
            String document = path == null ? null : documentName(path);
            file(path, annotator, document, content, report, sink);
        });
    }

    private static boolean annotatorFile(String path) {
        if (!path.endsWith(".tsv")) {
            return false;
        }
        String stem = Bodies.stem(path);
        if (stem.equals("INITIAL_CAS") || stem.equals("CURATION_USER")) {
            return false;
        }
        return !path.contains("/") || path.startsWith("annotation/");
    }

    private static String documentName(String path) {
        String[] parts = path.split("/");
        return parts.length >= 3 && parts[0].equals("annotation") ? parts[parts.length - 2] : null;
    }

    private static void file(String path, String annotator, String document, String content, ImportReport report,
                             Consumer<ImportLine> sink) {
        String[] lines = content.split("\n", -1);
        if (lines.length == 0 || !lines[0].startsWith("#FORMAT=WebAnno TSV 3")) {
            throw ProblemException.badRequest(Bodies.at(path, "not a WebAnno TSV 3 file: the first line must be #FORMAT=WebAnno TSV 3.x"));
        }
        List<LabelColumn> labelColumns = new ArrayList<>();
        int columns = 0;
        int i = 1;
        for (; i < lines.length && lines[i].startsWith("#T_"); i++) {
            String declaration = lines[i].substring(lines[i].indexOf('=') + 1);
            String[] fields = declaration.split("\\|");
            int features = Math.max(1, fields.length - 1);
            if (lines[i].startsWith("#T_SP=") && fields.length > 1) {
                int label = 1;
                for (int f = 1; f < fields.length; f++) {
                    if (fields[f].equals("value") || (fields[f].equals("label") && !fields[label].equals("value"))) {
                        label = f;
                    }
                }
                String type = fields[0];
                labelColumns.add(new LabelColumn(type.substring(type.lastIndexOf('.') + 1), columns + label - 1));
            }
            columns += features;
        }
        StringBuilder text = new StringBuilder();
        StringBuilder sentence = new StringBuilder();
        boolean inHeader = false;
        List<Token> tokens = new ArrayList<>();
        List<Span> spans = new ArrayList<>();
        Map<String, Span> byId = new LinkedHashMap<>();
        for (; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.startsWith("#Text=")) {
                sentence.append(unescapeText(line.substring(6))).append('\n');
                inHeader = true;
                continue;
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            int lineNumber = i + 1;
            if (fields.length < 3 + columns) {
                report.fail(lineNumber, Bodies.at(path, "expected " + (3 + columns) + " tab-separated fields, found " + fields.length));
                return;
            }
            int dash = fields[1].indexOf('-');
            int begin;
            int end;
            try {
                begin = Integer.parseInt(fields[1].substring(0, dash));
                end = Integer.parseInt(fields[1].substring(dash + 1));
            } catch (RuntimeException e) {
                report.fail(lineNumber, Bodies.at(path, "the offsets '" + fields[1] + "' are not begin-end"));
                return;
            }
            if (inHeader) {
                // The first token of a sentence: place the sentence text at its offset (INCEpTION's rule).
                if (text.length() > begin && text.length() == begin + 1 && text.charAt(text.length() - 1) == '\n') {
                    text.setLength(text.length() - 1);
                }
                while (text.length() < begin) {
                    text.append(' ');
                }
                if (text.length() != begin) {
                    report.fail(lineNumber, Bodies.at(path, "the sentence starting here begins at " + begin
                            + " but the text before it is already " + text.length() + " UTF-16 units long"));
                    return;
                }
                text.append(sentence);
                sentence.setLength(0);
                inHeader = false;
            }
            if (!fields[0].contains(".")) {
                tokens.add(new Token(lineNumber, begin, end, unescapeValue(fields[2])));
            }
            for (LabelColumn c : labelColumns) {
                String raw = fields[3 + c.column()];
                if (raw.equals("_")) {
                    continue;
                }
                for (String stacked : UNESCAPED_BAR.split(raw)) {
                    String value = stacked;
                    String id = null;
                    if (value.endsWith("]") && !value.endsWith("\\]") && value.lastIndexOf('[') >= 0) {
                        id = value.substring(value.lastIndexOf('[') + 1, value.length() - 1);
                        value = value.substring(0, value.lastIndexOf('['));
                    }
                    Span known = id == null ? null : byId.get(c.layer() + "\u0000" + id);
                    if (known != null) {
                        known.end = Math.max(known.end, end);
                        continue;
                    }
                    Span span = new Span(c.layer(), value.equals("*") ? null : unescapeValue(value), lineNumber, begin, end);
                    spans.add(span);
                    if (id != null) {
                        byId.put(c.layer() + "\u0000" + id, span);
                    }
                }
            }
        }
        SourceText source = SourceText.of(text.toString());
        for (Token t : tokens) {
            String problem = null;
            try {
                String at = source.nfcSlice(source.fromUtf16(t.begin()), source.fromUtf16(t.end()));
                if (!at.equals(CodePoints.nfc(t.text()))) {
                    problem = "the token '" + t.text() + "' is not the text at " + t.begin() + "-" + t.end() + " (\"" + at + "\")";
                }
            } catch (SourceText.OffsetException | RuntimeException e) {
                problem = "the token '" + t.text() + "' at " + t.begin() + "-" + t.end() + ": " + e.getMessage();
            }
            if (problem != null) {
                report.fail(t.line(), Bodies.at(path, problem + "; the file's offsets do not fit its text, nothing of it is imported"));
                return;
            }
        }
        ArticleRef article = ArticleRef.ByText.of(source.nfc(), null, document, null);
        if (spans.isEmpty()) {
            sink.accept(new ImportLine(1, path, article, annotator, null, null, null, null, null, null, null));
        }
        for (Span s : spans) {
            if (s.label == null) {
                report.fail(s.line, Bodies.at(path, "layer " + s.layer + ": a span without a label value (*) is not imported"));
                continue;
            }
            try {
                sink.accept(new ImportLine(s.line, path, article, annotator, s.layer, s.label, source.fromUtf16(s.begin),
                        source.fromUtf16(s.end), null, null, null));
            } catch (SourceText.OffsetException e) {
                report.fail(s.line, Bodies.at(path, e.getMessage()));
            }
        }
    }

    /** TSV 3.2+ {@code #Text} escaping (Escaping.unescapeText): control characters and the backslash. */
    static String unescapeText(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(i + 1);
                char plain = switch (n) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'f' -> '\f';
                    case 'r' -> '\r';
                    case 'b' -> '\b';
                    case '\\' -> '\\';
                    default -> n < 32 ? n : 0;
                };
                if (plain != 0 || n == 0) {
                    out.append(plain);
                    i++;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Feature values and token texts (Escaping.unescapeValue). */
    static String unescapeValue(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        outer:
        for (int i = 0; i < s.length(); ) {
            for (int k = 0; k < VALUE_ESCAPED.length; k++) {
                if (s.startsWith(VALUE_ESCAPED[k], i)) {
                    out.append(VALUE_PLAIN[k]);
                    i += VALUE_ESCAPED[k].length();
                    continue outer;
                }
            }
            out.append(s.charAt(i++));
        }
        return out.toString();
    }

}
