package io.crosscheck.export;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One article of the export with everything written about it: the only unit held in memory while streaming.
 *
 * @param raw  one entry per submitted (or imported) round-1 assignment, by annotator name; empty when raw is not read
 * @param gold the current adjudication, or null
 * @param revisions two-round projects (SPEC §8): the submitted round-2 assignments (revisions), by annotator name,
 *                  read for the formats that carry them (jsonl, csv); null in a one-round project or another format. Kept apart from {@code raw} so
 *                  that every figure and every other format counts each rater once (their round-1 judgement).
 * @param escalations raters added to the item by escalation, and {@code escalationReason} why (null: none)
 */
public record ExportedArticle(long id, String title, String text, String url, String storyKey, long sourceId,
                              String sourceName, List<Work> raw, Gold gold, List<Work> revisions, int escalations,
                              String escalationReason) {

    /** How many raters the item had in the file: one per round-1 work (an annotator has one per item). */
    public int raters() {
        return raw.size();
    }

    /**
     * One annotator's submitted work on the article; {@code annotations} may be empty (did it, marked nothing).
     * {@code round} 1, or 2 for a revision (two-round projects).
     */
    public record Work(long assignmentId, String annotator, boolean imported, List<Mark> annotations, int round) {
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
