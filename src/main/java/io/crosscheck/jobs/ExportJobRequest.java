package io.crosscheck.jobs;

import io.crosscheck.export.ExportQuery;

/**
 * The body of {@code POST /projects/{id}/exports} (SPEC §7: {@code {"format", "include", ...}}): the query parameters
 * of {@code GET …/export}, typed as JSON (a number for {@code sourceId}, a boolean for {@code comments}); all optional,
 * with the export's defaults. Checked by the export's own rules ({@link io.crosscheck.export.ExportService#plan}).
 *
 * @param annotator only this annotator's raw work (a username)
 * @param comments  CoNLL keeps its {@code #} comment lines
 */
public record ExportJobRequest(String format, String include, String layer, Long sourceId, String status,
                               String annotator, Boolean comments) {

    static final ExportJobRequest DEFAULTS = new ExportJobRequest(null, null, null, null, null, null, null);

    ExportQuery toQuery() {
        return new ExportQuery(format, include, layer, sourceId == null ? null : sourceId.toString(), status, annotator,
                comments == null ? null : comments.toString());
    }
}
