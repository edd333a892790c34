package io.crosscheck.annotations.imports;

import io.crosscheck.common.ProblemException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The {@code ?format=} of {@code POST /projects/{id}/annotations/import}; {@code crosscheck} (NDJSON) is the default. */
public enum ImportFormat {
    CROSSCHECK("crosscheck"),
    LABELSTUDIO("labelstudio"),
    DOCCANO("doccano"),
    WEBANNO_TSV("webanno-tsv"),
    W3C("w3c"),
    CONLL("conll");

    public final String parameter;

    ImportFormat(String parameter) {
        this.parameter = parameter;
    }

    public static ImportFormat parse(String value) {
        if (value == null || value.isBlank()) {
            return CROSSCHECK;
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        for (ImportFormat f : values()) {
            if (f.parameter.equals(v)) {
                return f;
            }
        }
        throw ProblemException.badRequest("format must be one of " + names()).with("parameter", "format");
    }

    public static String names() {
        return Arrays.stream(values()).map(f -> f.parameter).collect(Collectors.joining(", "));
    }
}
