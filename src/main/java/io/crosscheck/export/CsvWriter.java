package io.crosscheck.export;

import io.crosscheck.export.ExportedArticle.Mark;
import io.crosscheck.export.ExportedArticle.Work;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * CSV, RFC 4180: a header row, then one annotation a row; CRLF line ends; a field containing a comma, a double
 * quote, CR or LF is enclosed in double quotes with its quotes doubled. Gold rows have kind {@code gold} and
 * annotator {@code gold}. An annotator who did an item and marked nothing has no row.
 */
final class CsvWriter implements ExportWriter {

    /**
     * The last three columns are per item or per round: {@code round} of a raw annotation (1, or 2 for a revision in a
     * two-round project; empty on gold rows), {@code raters} (how many raters the item had) and {@code escalation} (why
     * raters were added, empty when the item was not escalated).
     */
    static final String HEADER = "project,article_id,source,kind,annotator,layer,label,start,end,quote,attributes,"
            + "round,raters,escalation";

    private final ExportPlan plan;
    private final Utf8Writer w;

    CsvWriter(ExportPlan plan, OutputStream out) {
        this.plan = plan;
        this.w = new Utf8Writer(out);
    }

    @Override
    public void begin() throws IOException {
        w.write(HEADER);
        w.write("\r\n");
    }

    @Override
    public void article(ExportedArticle a, List<ExportFigures.LayerFigure> agreement) throws IOException {
        if (plan.include().raw()) {
            for (List<Work> works : a.revisions() == null ? List.of(a.raw()) : List.of(a.raw(), a.revisions())) {
                for (Work work : works) {
                    for (Mark m : work.annotations()) {
                        row(a, "raw", work.annotator(), m, work.round());
                    }
                }
            }
        }
        if (plan.include().gold() && a.gold() != null) {
            for (Mark m : a.gold().annotations()) {
                row(a, "gold", "gold", m, 0);
            }
        }
    }

    /** One annotation's row; {@code round} 0 for gold (written empty). */
    private void row(ExportedArticle a, String kind, String annotator, Mark m, int round) throws IOException {
        field(plan.projectName());
        w.write(',');
        w.write(a.id());
        w.write(',');
        field(a.sourceName());
        w.write(',');
        w.write(kind);
        w.write(',');
        field(annotator);
        w.write(',');
        field(m.layer().name());
        w.write(',');
        field(m.label());
        w.write(',');
        if (m.span()) {
            w.write(m.start());
            w.write(',');
            w.write(m.end());
            w.write(',');
            field(m.quote());
        } else {
            w.write(",,");
        }
        w.write(',');
        field(m.attributesJson() == null ? "{}" : m.attributesJson());
        w.write(',');
        if (round > 0) {
            w.write(Integer.toString(round));
        }
        w.write(',');
        w.write(Integer.toString(a.raters()));
        w.write(',');
        field(a.escalationReason());
        w.write("\r\n");
    }

    /** Writes one field, quoted only where RFC 4180 requires it. */
    private void field(String value) throws IOException {
        if (value == null) {
            return;
        }
        boolean quote = false;
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            w.write(value);
            return;
        }
        w.write('"');
        w.write(value.replace("\"", "\"\""));
        w.write('"');
    }

    @Override
    public void end() throws IOException {
        w.flush();
    }
}
