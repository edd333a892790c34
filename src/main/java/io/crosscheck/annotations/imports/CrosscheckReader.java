package io.crosscheck.annotations.imports;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosscheck.annotations.AnnotationLine;
import io.crosscheck.common.ImportReport;
import io.crosscheck.common.NdjsonLines;
import jakarta.validation.Validator;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/** Crosscheck's own NDJSON (format {@code crosscheck}): one {@link AnnotationLine} a line, articles by id. */
public final class CrosscheckReader implements FormatReader {

    private final ObjectMapper json;
    private final Validator validator;

    public CrosscheckReader(ObjectMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    @Override
    public void read(InputStream in, ImportOptions options, ImportReport report, Consumer<ImportLine> sink) throws IOException {
        NdjsonLines.forEach(in, json, AnnotationLine.class, validator, report, (lineNumber, l) -> sink.accept(
                new ImportLine(lineNumber, null, new ArticleRef.ById(l.articleId()), l.annotator(), l.layer(), l.label(),
                        l.start(), l.end(), l.quote(), null, l.attributes())));
    }
}
