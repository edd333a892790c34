package io.crosscheck.export;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The export formats: query name, media type of the file and file extension. */
public enum ExportFormat {
    JSONL("jsonl", "application/x-ndjson; charset=utf-8", "jsonl"),
    CSV("csv", "text/csv; charset=utf-8; header=present", "csv"),
    WEBANNO("webanno", "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"; charset=utf-8", "jsonld"),
    CONLL("conll", "text/plain; charset=utf-8", "conll");

    public final String param;
    public final String mediaType;
    public final String extension;

    ExportFormat(String param, String mediaType, String extension) {
        this.param = param;
        this.mediaType = mediaType;
        this.extension = extension;
    }

    /**
     * Whether the format carries both rounds of a two-round project (SPEC §8), each annotation with its round: jsonl
     * and csv. The others hold one judgement per annotator and item (CoNLL columns, W3C creators), so they carry
     * round 1, the independent judgements.
     */
    public boolean carriesRounds() {
        return this == JSONL || this == CSV;
    }

    /** The format named by the query parameter, or null when unknown. */
    static ExportFormat parse(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.param.equals(v)).findFirst().orElse(null);
    }

    static String names() {
        return Arrays.stream(values()).map(f -> f.param).collect(Collectors.joining(", "));
    }
}
