package io.crosscheck.export;

import java.io.IOException;
import java.util.List;

/**
 * One export format: receives the articles in id order and writes them as it goes. Implementations keep no state
 * that grows with the project, and write nothing that changes between runs (no clock, no random ids), so the
 * same data always gives the same bytes and the dataset card's sha256 can be recomputed.
 */
interface ExportWriter {

    void begin() throws IOException;

    /** One article; {@code agreement} is null unless the format asked for it ({@link #wantsAgreement()}). */
    void article(ExportedArticle article, List<ExportFigures.LayerFigure> agreement) throws IOException;

    /** Completes the file and flushes; does not close the underlying stream. */
    void end() throws IOException;

    default boolean wantsAgreement() {
        return false;
    }

    /**
     * Work on one article that needs only its rows, done on the reading thread ({@link ReadAhead}) before
     * {@link #article} gets the same article on the writing thread; called for every article, in order. Optional: a
     * writer must give the same bytes when it is never called.
     */
    default void prepare(ExportedArticle article) {
    }

    static ExportWriter of(ExportPlan plan, java.io.OutputStream out) throws IOException {
        return switch (plan.format()) {
            case JSONL -> new JsonlWriter(plan, out);
            case CSV -> new CsvWriter(plan, out);
            case WEBANNO -> new WebAnnotationWriter(plan, out);
            case CONLL -> new ConllWriter(plan, out);
        };
    }
}
