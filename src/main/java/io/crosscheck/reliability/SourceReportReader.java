package io.crosscheck.reliability;

import io.crosscheck.work.CompactWork;
import io.crosscheck.work.CurrentGold.GoldRow;
import io.crosscheck.work.CurrentGold;
import io.crosscheck.work.SubmittedWork;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * What the source report reads, in one read-only REPEATABLE READ snapshot: the submitted work through the agreement
 * reader's compact rows ({@link CompactWork#loadIn}: the rows `/agreement` reads, and which items have two or more
 * submitters), the items' word counts (on a second connection in the same snapshot, at the same time), the current
 * gold and the adjudicated items. The report computes on those
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
     * Threads that work beside a report's request thread (the word counts' read, the agreement figures). Not the
     * common pool: on 2 cores that has one worker, which the figures' parallel streams need beside these.
     */
    static final ExecutorService ALONGSIDE = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "source-report");
        t.setDaemon(true);
        return t;
    });

    /** Each item's word count, by article id. */
    private record Words(long[] articleIds, int[] words) {
    }

    /**
     * The word counts of the project's items, on a connection of their own in the snapshot {@code exported} by the
     * report's transaction (which stays open until they are read).
     */
    private static Words words(javax.sql.DataSource database, String exported, long projectId) {
        if (!exported.matches("[0-9A-Fa-f-]+")) {
            throw new IllegalStateException("unexpected snapshot id " + exported);
        }
        try (Connection c = database.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (var st = c.createStatement()) {
                    st.execute("set transaction isolation level repeatable read, read only");
                    st.execute("set transaction snapshot '" + exported + "'");
                }
                CompactWork.LongList ids = new CompactWork.LongList();
                CompactWork.IntList words = new CompactWork.IntList();
                try (PreparedStatement ps = c.prepareStatement("select pi.article_id, " + SubmittedWork.WORDS
                        + " from project_item pi join article a on a.id = pi.article_id where pi.project_id = ?")) {
                    ps.setFetchSize(20_000);
                    ps.setLong(1, projectId);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getLong(1));
                            words.add(rs.getInt(2));
                        }
                    }
                }
                c.commit();
                return new Words(ids.toArray(), words.toArray());
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading word counts failed", e);
        }
    }

    /** The future's value; its failure rethrown as it was thrown (a ProblemException stays one). */
    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
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
            // The word counts are a regexp per article, PostgreSQL's time: a second connection reads them in this
            // transaction's snapshot (exported to it) while this one reads the work.
            String exported;
            try (var st = c.createStatement(); ResultSet rs = st.executeQuery("select pg_export_snapshot()")) {
                rs.next();
                exported = rs.getString(1);
            }
            javax.sql.DataSource database = reads.dataSource();
            CompletableFuture<Words> words = CompletableFuture.supplyAsync(
                    () -> words(database, exported, projectId), ALONGSIDE);
            long t0 = System.nanoTime();
            CompactWork.Snapshot s = loader.loadIn(c, projectId);
            long t1 = System.nanoTime();
            T started = early.apply(s);
            Words counted = join(words);
            CompactWork.Items items = s.items();
            int[] byItem = new int[items.size()];
            for (int j = 0; j < counted.articleIds().length; j++) {
                byItem[items.index().of(counted.articleIds()[j])] = counted.words()[j];
            }
            io.quarkus.logging.Log.debugf("source report of project %d: compact rows read in %d ms, words %d ms later",
                    projectId, (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
            return new Read<>(s, started, byItem);
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
