package io.crosscheck.export;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One article of the export with everything written about it: the only unit held in memory while streaming.
 *
 * @param raw  one entry per submitted (or imported) assignment, by annotator name; empty when raw is not read
 * @param gold the current adjudication, or null
 */
public record ExportedArticle(long id, String title, String text, String url, String storyKey, long sourceId,
                              String sourceName, List<Work> raw, Gold gold) {

    /** One annotator's submitted work on the article; {@code annotations} may be empty (did it, marked nothing). */
    public record Work(long assignmentId, String annotator, boolean imported, List<Mark> annotations) {
    }

    /** The current gold: who adjudicated, which version, when, and the gold annotations. */
    public record Gold(long adjudicationId, String adjudicator, int version, OffsetDateTime created,
                       List<Mark> annotations) {
    }

    /**
     * One annotation (raw or gold). Offsets in code points, null for document layers; {@code attributesJson} is
     * the stored jsonb as PostgreSQL prints it (keys in a fixed order, so the output stays deterministic);
     * {@code created} of a raw annotation is read only for the W3C format (null in the others' rows).
     */
    public record Mark(long id, ExportPlan.LayerInfo layer, String label, Integer start, Integer end, String quote,
                       String attributesJson, OffsetDateTime created) {
        public boolean span() {
            return start != null;
        }
    }
}
