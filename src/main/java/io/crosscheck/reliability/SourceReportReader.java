package io.crosscheck.reliability;

import io.crosscheck.work.CompactWork;
import io.crosscheck.work.CurrentGold.GoldRow;
import io.crosscheck.work.CurrentGold;
import io.crosscheck.work.SubmittedWork;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.function.Function;

/**
 * What the source report reads, in one read-only REPEATABLE READ transaction: the submitted work through the agreement
 * reader's compact rows ({@link CompactWork#loadIn}: the rows `/agreement` reads, and each item's number of
 * submitters), the items' word counts, the current gold and the adjudicated items. The report computes on those
 * arrays as they are: on a million labels, turning them into a row object per label and per assignment was a fifth of
 * its time.
 */
@ApplicationScoped
class SourceReportReader {

    @Inject
    CompactWork loader;

    @Inject
    CurrentGold currentGold;

    @Inject
    EntityManager em;

    /** The replica in a report request when DB_READ_URL is set, as every report read (docs/database.md). */
    @Inject
    io.crosscheck.database.ReadDatabase reads;

    /**
     * What the report computes on, from one snapshot: the project's compact work, what the caller's {@code early}
     * made of it, each item's word count (by index into its items), its current gold and the adjudicated items.
     */
    record Snapshot<T>(CompactWork.Snapshot work, T early, int[] words, List<GoldRow> gold, List<Long> adjudicated) {
    }

    /**
     * @param early called with the compact work as soon as it is read, before the rest is: what can start on it
     *              (the agreement figures) need not wait for the word counts and the gold
     * @throws io.crosscheck.common.ProblemException 404 for an unknown project
     */
    @Transactional
    <T> Snapshot<T> snapshot(long projectId, Function<CompactWork.Snapshot, T> early) {
        // The session CurrentGold's queries use too (one per transaction): one snapshot.
        org.hibernate.Session session = reads.session(em);
        record Read<T>(CompactWork.Snapshot work, T early, int[] words) {
        }
        Read<T> read = session.doReturningWork(c -> {
            try (var st = c.createStatement()) {
                st.execute("set transaction isolation level repeatable read, read only");
            }
            long t0 = System.nanoTime();
            CompactWork.Snapshot s = loader.loadIn(c, projectId);
            long t1 = System.nanoTime();
            T started = early.apply(s);
            CompactWork.Items items = s.items();
            int[] words = new int[items.size()];
            try (PreparedStatement ps = c.prepareStatement("select pi.article_id, " + SubmittedWork.WORDS
                    + " from project_item pi join article a on a.id = pi.article_id where pi.project_id = ?")) {
                ps.setFetchSize(20_000);
                ps.setLong(1, projectId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        words[items.index().of(rs.getLong(1))] = rs.getInt(2);
                    }
                }
            }
            io.quarkus.logging.Log.debugf("source report of project %d: compact rows read in %d ms, words in %d ms",
                    projectId, (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
            return new Read<>(s, started, words);
        });
        // The rest on the same session, so in the same transaction and snapshot.
        long t2 = System.nanoTime();
        Snapshot<T> snapshot = new Snapshot<>(read.work(), read.early(), read.words(), currentGold.project(projectId),
                currentGold.adjudicatedArticles(projectId));
        io.quarkus.logging.Log.debugf("source report of project %d: gold read in %d ms", projectId,
                (System.nanoTime() - t2) / 1_000_000);
        return snapshot;
    }
}
