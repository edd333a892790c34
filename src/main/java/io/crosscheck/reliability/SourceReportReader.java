package io.crosscheck.reliability;

import io.crosscheck.work.CompactWork.DocumentRows;
import io.crosscheck.work.CompactWork.SpanRows;
import io.crosscheck.work.CompactWork;
import io.crosscheck.work.CurrentGold.GoldRow;
import io.crosscheck.work.CurrentGold;
import io.crosscheck.work.ProjectWork;
import io.crosscheck.work.SubmittedWork;
import io.crosscheck.work.WorkLayer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What the source report reads, in one read-only REPEATABLE READ transaction: the submitted work through the agreement
 * reader's compact rows ({@link CompactWork#loadIn}, the same rows `/agreement` reads), the items' word counts, the
 * current gold and the adjudicated items. The work is then handed to the report as the {@link ProjectWork} it computes
 * on, built from those arrays (label strings and usernames shared, not one per row) rather than mapped row by row from
 * a sorted join: on a million labels that read was four fifths of the report's time.
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

    /** What the report computes on: the project's work, its current gold and the adjudicated items, from one snapshot. */
    record Snapshot(ProjectWork work, List<GoldRow> gold, List<Long> adjudicated) {
    }

    /** @throws io.crosscheck.common.ProblemException 404 for an unknown project */
    @Transactional
    Snapshot snapshot(long projectId) {
        // The session CurrentGold's queries use too (one per transaction): one snapshot.
        org.hibernate.Session session = reads.session(em);
        record Read(CompactWork.Snapshot work, int[] words) {
        }
        Read read = session.doReturningWork(c -> {
            try (var st = c.createStatement()) {
                st.execute("set transaction isolation level repeatable read, read only");
            }
            long t0 = System.nanoTime();
            CompactWork.Snapshot s = loader.loadIn(c, projectId);
            long t1 = System.nanoTime();
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
            return new Read(s, words);
        });
        // The rest on the same session, so in the same transaction and snapshot.
        long t2 = System.nanoTime();
        CompactWork.Snapshot s = read.work();
        ProjectWork work = new ProjectWork(projectId, s.layers(), items(s, read.words()), done(s),
                labels(s));
        long t3 = System.nanoTime();
        Snapshot snapshot = new Snapshot(work, currentGold.project(projectId),
                currentGold.adjudicatedArticles(projectId));
        io.quarkus.logging.Log.debugf("source report of project %d: work objects built in %d ms, gold read in %d ms",
                projectId, (t3 - t2) / 1_000_000, (System.nanoTime() - t3) / 1_000_000);
        return snapshot;
    }

    /**
     * The items in queue order; the fields the report does not read (item id, title, completeness, adjudication — it
     * takes the adjudicated articles from their own query — and story) are left empty.
     */
    private static List<ProjectWork.ItemInfo> items(CompactWork.Snapshot s, int[] words) {
        CompactWork.Items items = s.items();
        List<ProjectWork.ItemInfo> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            long source = items.sourceIds()[i];
            out.add(new ProjectWork.ItemInfo(0, items.articleIds()[i], null, source,
                    s.sourceNames().getOrDefault(source, String.valueOf(source)), items.lengths()[i], words[i],
                    false, false, null));
        }
        return out;
    }

    /**
     * Who submitted which item, ordered by article then username (the order the report lays items out in): one sort of
     * primitive keys, article id × annotators + the username's rank.
     */
    private static List<ProjectWork.Done> done(CompactWork.Snapshot s) {
        SpanRows work = s.work();
        long[] articles = s.items().articleIds();
        Map<Long, String> names = s.usernames();
        long[] byName = names.keySet().stream().sorted(Comparator.comparing(names::get)).mapToLong(Long::longValue)
                .toArray();
        Map<Long, Integer> rank = new java.util.HashMap<>();
        for (int k = 0; k < byName.length; k++) {
            rank.put(byName[k], k);
        }
        int n = work.workItem().length;
        long m = Math.max(1, byName.length);
        long[] keys = new long[n];
        for (int r = 0; r < n; r++) {
            keys[r] = articles[work.workItem()[r]] * m + rank.get(work.workAnnotatorId()[r]);
        }
        java.util.Arrays.sort(keys);
        List<ProjectWork.Done> out = new ArrayList<>(n);
        for (long key : keys) {
            long annotator = byName[(int) (key % m)];
            out.add(new ProjectWork.Done(key / m, annotator, names.get(annotator)));
        }
        return out;
    }

    /** Every layer's labels of submitted work (the quote is not read by the report). */
    private static List<ProjectWork.Label> labels(CompactWork.Snapshot s) {
        long[] articles = s.items().articleIds();
        List<ProjectWork.Label> out = new ArrayList<>();
        for (WorkLayer layer : s.layers()) {
            List<String> values = layer.labels();
            Object rows = s.rows().get(layer);
            if (rows instanceof DocumentRows d) {
                for (int r = 0; r < d.item().length; r++) {
                    out.add(new ProjectWork.Label(articles[d.item()[r]], d.annotatorId()[r], layer.id(),
                            values.get(d.code()[r]), null, null, null));
                }
            } else if (rows instanceof SpanRows sp) {
                for (int r = 0; r < sp.item().length; r++) {
                    out.add(new ProjectWork.Label(articles[sp.item()[r]], sp.annotatorId()[r], layer.id(),
                            values.get(sp.code()[r]), sp.start()[r], sp.end()[r], null));
                }
            }
        }
        return out;
    }
}
