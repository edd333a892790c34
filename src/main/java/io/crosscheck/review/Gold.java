package io.crosscheck.review;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** One version of an item's gold set, as returned by the adjudication endpoints. */
public record Gold(long id, long projectId, long articleId, int version, boolean current, String note,
                   long adjudicatorId, String adjudicator, OffsetDateTime createdAt, String from,
                   List<Annotation> annotations) {

    /** One gold annotation. */
    public record Annotation(String layer, String label, Integer start, Integer end, String quote,
                             Map<String, Object> attributes) {
    }
}
