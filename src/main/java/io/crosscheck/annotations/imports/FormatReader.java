package io.crosscheck.annotations.imports;

import io.crosscheck.common.ImportReport;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Turns one outside file into {@link ImportLine}s. A reader touches no database: what needs one (articles, layers,
 * annotators, rules) happens once, in the shared import. A record the reader cannot turn into lines (an offset off the
 * text, a span whose text is not the text at its offsets) is reported on {@code report} with its line number; a file
 * that is not of the format at all is a {@link io.crosscheck.common.ProblemException} (400).
 */
public interface FormatReader {

    void read(InputStream in, ImportOptions options, ImportReport report, Consumer<ImportLine> sink) throws IOException;
}
