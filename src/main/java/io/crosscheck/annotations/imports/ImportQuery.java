package io.crosscheck.annotations.imports;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;

import java.util.List;

/**
 * What an annotation import is asked with besides its body — the query parameters and the Content-Type — as one
 * {@code @BeanParam} for the synchronous import and the import job alike (docs/import.md says what each means).
 * {@link AnnotationImports#plan(long, ImportQuery)} checks it.
 */
public class ImportQuery {

    @HeaderParam(HttpHeaders.CONTENT_TYPE)
    public String contentType;

    @QueryParam("format")
    public String format;

    @QueryParam("source")
    public String source;

    @QueryParam("annotator")
    public String annotator;

    @QueryParam("layer")
    public List<String> layer;

    @QueryParam("labelMap")
    public String labelMap;

    @QueryParam("offsets")
    public String offsets;
}
