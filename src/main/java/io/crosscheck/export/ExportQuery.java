package io.crosscheck.export;

/**
 * The parameters of an export as the client sends them — query parameters of {@code GET …/export} and
 * {@code …/export/card}, or the JSON body of an export job. All optional strings; {@link ExportService#plan}
 * checks them into an {@link ExportPlan} (every bad value a 400 naming its parameter).
 *
 * @param annotator only this annotator's raw work (a username)
 * @param comments  {@code true}: CoNLL keeps its {@code #} comment lines (document labels, ids, annotator)
 */
public record ExportQuery(String format, String include, String layer, String sourceId, String status,
                          String annotator, String comments) {
}
