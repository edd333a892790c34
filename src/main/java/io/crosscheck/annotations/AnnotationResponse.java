package io.crosscheck.annotations;

import java.time.OffsetDateTime;
import java.util.Map;

/** An annotation as the API shows it; {@code version} is what a client sends back in If-Match. */
public record AnnotationResponse(long id, long assignmentId, long projectId, long articleId, long annotatorId,
                                 String layer, String label, Integer start, Integer end, String quote,
                                 Map<String, Object> attributes, int version, OffsetDateTime createdAt,
                                 OffsetDateTime updatedAt) {

    public static AnnotationResponse from(Annotation a, String layerName) {
        return new AnnotationResponse(a.id, a.assignmentId, a.projectId, a.articleId, a.annotatorId, layerName, a.label,
                a.start, a.end, a.quote, a.attributes, a.version, a.createdAt, a.updatedAt);
    }

    /** The same annotation with another quote (an annotator of a blind project sees the masked text's). */
    public AnnotationResponse withQuote(String shownQuote) {
        return new AnnotationResponse(id, assignmentId, projectId, articleId, annotatorId, layer, label, start, end,
                shownQuote, attributes, version, createdAt, updatedAt);
    }
}
