package io.crosscheck.work;

import io.crosscheck.common.ProblemException;
import io.crosscheck.database.ReadDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole-project scope of submitted work: compact rows read with plain JDBC, streamed into primitive arrays, for
 * every figure over all items ({@code /agreement}, annotators, the source report, round 2 of the review queue). A
 * project of a million annotations must not become a million entities (hot path, so SQL directly). Everything of one request
 * is read in one read-only REPEATABLE READ transaction, so items, work and labels come from one snapshot.
 */
@ApplicationScoped
public class CompactWork {

    /** Rows fetched per round trip while streaming. */
    private static final int FETCH = 20_000;

    /** Report reads: the replica inside a report request when DB_READ_URL is set (docs/database.md). */
    @Inject
    ReadDatabase reads;

    /**
     * The project's items in queue order (position), with their article's source and length; with the review state
     * asked for, also whether each is complete (item_is_complete) and adjudicated (null otherwise).
     */
    public record Items(long[] articleIds, long[] sourceIds, int[] lengths, IdIndex index, boolean[] complete,
                        boolean[] adjudicated) {
        public int size() {
            return articleIds.length;
        }
    }

    /** Document labels of submitted work: parallel arrays, item as an index into {@link Items}. */
    public record DocumentRows(int[] item, long[] annotatorId, int[] code) {
    }

    /** Submitted assignments (who did which item) and the spans of one layer in them. */
    public record SpanRows(int[] workItem, long[] workAnnotatorId, int[] item, long[] annotatorId, int[] start, int[] end,
                    int[] code) {
    }

    /**
     * Submitted work counted per (annotator, source): how many items the annotator did there (kept by V50 in
     * {@code annotator_work}), how many of those are adjudicated, and the source's first item with counted work in
     * queue order (an index into {@link Items}).
     */
    public record WorkCounts(long[] annotatorId, long[] sourceId, int[] done, int[] adjudicated, int[] firstItem) {
    }

    /**
     * All rows of the asked layers, read in one snapshot; {@code work} (who submitted on which item) is always there
     * for the review state, and otherwise only with a span layer; {@code counts} only for {@link #loadCounts};
     * {@code twoOrMoreSubmitters} (whether an item, by index into {@link Items}, has two or more counted assignments)
     * only for {@link #loadIn}.
     */
    public record Snapshot(List<WorkLayer> layers, Items items, Map<WorkLayer, Object> rows, Map<Long, String> usernames,
                           Map<Long, String> sourceNames, SpanRows work, WorkCounts counts,
                           boolean[] twoOrMoreSubmitters) {

        public Snapshot(List<WorkLayer> layers, Items items, Map<WorkLayer, Object> rows, Map<Long, String> usernames,
                        Map<Long, String> sourceNames, SpanRows work) {
            this(layers, items, rows, usernames, sourceNames, work, null, null);
        }
    }

    /** What a load reads besides the layers' rows. */
    private record Ask(boolean complete, boolean adjudicated, boolean work, boolean counts, boolean submitters) {
    }

    /** A read inside the snapshot transaction of {@link #inSnapshot}. */
    private interface SnapshotRead {
        Snapshot read(Connection c) throws SQLException;
    }

    /**
     * Reads the project's layers (only the named one when layerName is not null), its items and, per layer, the
     * rows of submitted work.
     *
     * @throws ProblemException 404 for an unknown project or layer
     */
    public Snapshot load(long projectId, String layerName) {
        return load(projectId, layerName, false);
    }

    /**
     * As {@link #load(long, String)}; {@code reviewState} adds each item's completeness and adjudication and who
     * submitted on which item (the review queue pages over these compact rows instead of a project of entities).
     */
    public Snapshot load(long projectId, String layerName, boolean reviewState) {
        return load(projectId, layerName, reviewState, 1);
    }

    /**
     * As {@link #load(long, String, boolean)}, on the submitted work of one round (two-round projects, SPEC §8): 1,
     * the independent judgements, or 2, the revisions. Items, completeness and adjudication do not depend on it.
     */
    public Snapshot load(long projectId, String layerName, boolean reviewState, int round) {
        Ask ask = new Ask(reviewState, reviewState, reviewState, false, false);
        return inSnapshot(c -> read(c, projectId, layerName, ask, round));
    }

    /**
     * For the annotators page: every layer's rows, the items with their adjudication (not their completeness, which
     * the page never shows) and the submitted work counted per annotator and source ({@link WorkCounts}); who
     * submitted which item only when a span layer needs it. On a document project this spares streaming one row per
     * assignment (a million on the bench) for figures a few aggregate rows give.
     */
    public Snapshot loadCounts(long projectId) {
        return inSnapshot(c -> read(c, projectId, null, new Ask(false, true, false, true, false), 1));
    }

    private Snapshot inSnapshot(SnapshotRead read) {
        try (Connection c = reads.dataSource().getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (var st = c.createStatement()) {
                st.execute("set transaction isolation level repeatable read, read only");
                Snapshot snapshot = read.read(c);
                c.commit();
                return snapshot;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading agreement data failed", e);
        }
    }

    /**
     * Every layer's rows and which items have two or more counted assignments ({@link Snapshot#twoOrMoreSubmitters}),
     * without the items' completeness (evaluating it per item is the costly part of the review state), on a connection
     * whose transaction the caller holds (and has made REPEATABLE READ), so that it can read more in the same
     * snapshot. Who submitted which item is read only where a span layer needs it: on a document project the labels
     * already show it for almost every item, so only the rest are asked (instead of a row per assignment, a million on
     * the bench).
     */
    public Snapshot loadIn(Connection c, long projectId) throws SQLException {
        return read(c, projectId, null, new Ask(false, false, false, false, true), 1);
    }

    /** The article ids of the project's control items (SPEC §8), usually none. */
    public java.util.Set<Long> controlArticles(long projectId) {
        java.util.Set<Long> ids = new java.util.HashSet<>();
        try (Connection c = reads.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "select article_id from project_item where project_id = ? and is_control")) {
            ps.setLong(1, projectId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading control items failed", e);
        }
        return ids;
    }

    private Snapshot read(Connection c, long projectId, String layerName, Ask ask, int round) throws SQLException {
        if (!exists(c, projectId)) {
            throw ProblemException.notFound("Project", projectId);
        }
        List<WorkLayer> all = WorkLayer.read(c, projectId);
        List<WorkLayer> asked = all;
        if (layerName != null) {
            asked = all.stream().filter(l -> l.name().equals(layerName)).toList();
            if (asked.isEmpty()) {
                throw new ProblemException(404, "Not Found",
                        "Layer '" + layerName + "' does not exist in project " + projectId)
                        .with("layers", all.stream().map(WorkLayer::name).toList());
            }
        }
        Items items = items(c, projectId, ask);
        long[] unsubmitted = unsubmitted(c, projectId, round);
        Map<WorkLayer, Object> rows = new HashMap<>();
        LongList annotators = new LongList();
        boolean spanWork = ask.work();
        SpanRows work = ask.work() ? work(c, projectId, items, round) : null;
        if (work != null) {
            annotators.addAll(work.workAnnotatorId());
        }
        WorkCounts counts = ask.counts() ? counts(c, projectId, items, round) : null;
        if (counts != null) {
            annotators.addAll(counts.annotatorId());
        }
        for (WorkLayer layer : asked) {
            if (layer.isSpan()) {
                if (!spanWork) {
                    work = work(c, projectId, items, round);
                    spanWork = true;
                }
                SpanRows spans = spans(c, projectId, layer, items, work, unsubmitted);
                rows.put(layer, spans);
                annotators.addAll(spans.workAnnotatorId());
            } else {
                DocumentRows doc = documents(c, projectId, layer, items, unsubmitted);
                rows.put(layer, doc);
                annotators.addAll(doc.annotatorId());
            }
        }
        boolean[] twoOrMore = !ask.submitters() ? null
                : work != null ? twoOrMore(work, items.size()) : twoOrMore(c, projectId, items, rows, round);
        return new Snapshot(asked, items, rows, usernames(c, annotators.distinct()), sourceNames(c, items.sourceIds()),
                work, counts, twoOrMore);
    }

    /** Items with two or more counted assignments, from the rows of who submitted which item. */
    private static boolean[] twoOrMore(SpanRows work, int items) {
        int[] count = new int[items];
        boolean[] two = new boolean[items];
        for (int item : work.workItem()) {
            two[item] = ++count[item] >= 2;
        }
        return two;
    }

    /**
     * Items with two or more counted assignments, on document layers only. A label read here belongs to counted work,
     * and an assignment has at most one label per document layer (annotation_one_document_label_idx), so an item with
     * two labels on a layer has two submitters; only the items without are asked, by their index.
     */
    private static boolean[] twoOrMore(Connection c, long projectId, Items items, Map<WorkLayer, Object> rows,
                                       int round) throws SQLException {
        boolean[] two = new boolean[items.size()];
        for (Object r : rows.values()) {
            int[] count = new int[items.size()];
            for (int item : ((DocumentRows) r).item()) {
                two[item] |= ++count[item] >= 2;
            }
        }
        LongList unsure = new LongList();
        for (int i = 0; i < two.length; i++) {
            if (!two[i]) {
                unsure.add(items.articleIds()[i]);
            }
        }
        long[] asked = unsure.toArray();
        if (asked.length == 0) {
            return two;
        }
        try (PreparedStatement ps = c.prepareStatement("select pi.article_id from project_item pi "
                + "join assignment s on s.item_id = pi.id where pi.project_id = ? and pi.article_id = any(?) and "
                + WorkRules.workCounts("s", "?") + " group by pi.article_id having count(*) >= 2")) {
            ps.setFetchSize(FETCH);
            ps.setLong(1, projectId);
            ps.setArray(2, c.createArrayOf("bigint", Arrays.stream(asked).boxed().toArray()));
            ps.setInt(3, round);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    two[items.index().of(rs.getLong(1))] = true;
                }
            }
        }
        return two;
    }

    /**
     * Ids of the project's assignments that are not submitted work of the round (leased, skipped, expired, or of the
     * other round), sorted. Their annotations
     * are dropped while streaming, which spares the big join of every annotation with its assignment: in a real
     * project they are few, and V8's partial index finds them without touching the submitted ones.
     */
    private static long[] unsubmitted(Connection c, long projectId, int round) throws SQLException {
        LongList ids = new LongList();
        try (PreparedStatement ps = c.prepareStatement(
                "select id from assignment where project_id = ? and not " + WorkRules.workCounts("assignment", "?"))) {
            ps.setFetchSize(FETCH);
            ps.setLong(1, projectId);
            ps.setInt(2, round);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        long[] sorted = ids.toArray();
        Arrays.sort(sorted);
        return sorted;
    }

    private static boolean exists(Connection c, long projectId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from project where id = ?")) {
            ps.setLong(1, projectId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Whether the project item of id {@code itemId} has a current adjudication (its gold), as an SQL expression: an
     * uncorrelated IN, which PostgreSQL evaluates once into a hash, not once per row.
     */
    private static String adjudicated(String itemId) {
        return itemId + " in (select d.item_id from adjudication d where d.current)";
    }

    private static Items items(Connection c, long projectId, Ask ask) throws SQLException {
        LongList ids = new LongList();
        LongList sources = new LongList();
        IntList lengths = new IntList();
        IntList state = new IntList();
        try (PreparedStatement ps = c.prepareStatement("select pi.article_id, a.source_id, a.length, "
                + (ask.complete() ? WorkRules.itemIsComplete("pi") : "false") + ", "
                + (ask.adjudicated() ? adjudicated("pi.id") : "false")
                + " from project_item pi join article a on a.id = pi.article_id where pi.project_id = ? "
                + "order by pi.position, pi.id")) {
            ps.setFetchSize(FETCH);
            ps.setLong(1, projectId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    sources.add(rs.getLong(2));
                    lengths.add(rs.getInt(3));
                    state.add((rs.getBoolean(4) ? 1 : 0) | (rs.getBoolean(5) ? 2 : 0));
                }
            }
        }
        long[] articleIds = ids.toArray();
        int[] s = state.toArray();
        boolean[] complete = ask.complete() ? new boolean[s.length] : null;
        boolean[] adjudicated = ask.adjudicated() ? new boolean[s.length] : null;
        for (int i = 0; i < s.length; i++) {
            if (complete != null) {
                complete[i] = (s[i] & 1) != 0;
            }
            if (adjudicated != null) {
                adjudicated[i] = (s[i] & 2) != 0;
            }
        }
        return new Items(articleIds, sources.toArray(), lengths.toArray(), new IdIndex(articleIds), complete,
                adjudicated);
    }

    /**
     * The round's counted work per annotator and source: the done counts as V50's triggers keep them in
     * {@code annotator_work} (an index read of a few hundred rows instead of an aggregate over every assignment), the
     * adjudicated ones by an aggregate over the adjudicated items' counted work only (WorkRules.workCounts), and each
     * source's first item with such work (see {@link #firstWorked}).
     */
    private static WorkCounts counts(Connection c, long projectId, Items items, int round) throws SQLException {
        Map<List<Long>, Integer> adjudicatedWork = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("select s.annotator_id, a.source_id, count(*)::int "
                + "from assignment s join article a on a.id = s.article_id "
                + "where s.project_id = ? and " + WorkRules.workCounts("s", "?") + " and " + adjudicated("s.item_id")
                + " group by s.annotator_id, a.source_id")) {
            ps.setLong(1, projectId);
            ps.setInt(2, round);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    adjudicatedWork.put(List.of(rs.getLong(1), rs.getLong(2)), rs.getInt(3));
                }
            }
        }
        LongList annotator = new LongList();
        LongList source = new LongList();
        IntList done = new IntList();
        IntList adjudicated = new IntList();
        try (PreparedStatement ps = c.prepareStatement("select annotator_id, source_id, done from annotator_work "
                + "where project_id = ? and round = ? and done > 0")) {
            ps.setLong(1, projectId);
            ps.setInt(2, round);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    annotator.add(rs.getLong(1));
                    source.add(rs.getLong(2));
                    done.add(rs.getInt(3));
                    adjudicated.add(adjudicatedWork.getOrDefault(List.of(rs.getLong(1), rs.getLong(2)), 0));
                }
            }
        }
        long[] sources = source.toArray();
        Map<Long, Integer> first = firstWorked(c, projectId, items, new LongList(sources).distinct(), round);
        int[] firstItem = Arrays.stream(sources).mapToInt(first::get).toArray();
        return new WorkCounts(annotator.toArray(), sources, done.toArray(), adjudicated.toArray(), firstItem);
    }

    /**
     * Per source (each with counted work), the index of its first item in queue order that has counted work: each
     * round asks, by index, whether the next candidate item of every unresolved source has such work, so a project
     * whose sources' first items were all done takes one small query.
     */
    private static Map<Long, Integer> firstWorked(Connection c, long projectId, Items items, long[] sources, int round)
            throws SQLException {
        Map<Long, Integer> cursor = new HashMap<>();
        for (long sourceId : sources) {
            cursor.put(sourceId, -1);
        }
        Map<Long, Integer> first = new HashMap<>();
        while (!cursor.isEmpty()) {
            Map<Long, Integer> candidate = new HashMap<>();
            for (Map.Entry<Long, Integer> e : cursor.entrySet()) {
                int i = e.getValue() + 1;
                while (i < items.size() && items.sourceIds()[i] != e.getKey()) {
                    i++;
                }
                if (i == items.size()) {
                    throw new IllegalStateException("source " + e.getKey() + " has counted work but no item with it");
                }
                candidate.put(e.getKey(), i);
            }
            java.util.Set<Long> worked = new java.util.HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("select distinct pi.article_id from project_item pi "
                    + "join assignment s on s.item_id = pi.id where pi.project_id = ? and pi.article_id = any(?) and "
                    + WorkRules.workCounts("s", "?"))) {
                ps.setLong(1, projectId);
                ps.setArray(2, c.createArrayOf("bigint",
                        candidate.values().stream().map(i -> items.articleIds()[i]).toArray()));
                ps.setInt(3, round);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        worked.add(rs.getLong(1));
                    }
                }
            }
            for (Map.Entry<Long, Integer> e : candidate.entrySet()) {
                if (worked.contains(items.articleIds()[e.getValue()])) {
                    first.put(e.getKey(), e.getValue());
                    cursor.remove(e.getKey());
                } else {
                    cursor.put(e.getKey(), e.getValue());
                }
            }
        }
        return first;
    }

    /** One label per (submitted assignment, layer); the label's code is its rank in label order. */
    private static DocumentRows documents(Connection c, long projectId, WorkLayer layer, Items items,
                                          long[] unsubmitted) throws SQLException {
        IntList item = new IntList();
        LongList annotator = new LongList();
        IntList code = new IntList();
        scanLabels(c, projectId, layer, unsubmitted, rs -> {
            item.add(items.index().of(rs.getLong(1)));
            annotator.add(rs.getLong(2));
            code.add(rs.getInt(4));
        });
        return new DocumentRows(item.toArray(), annotator.toArray(), code.toArray());
    }

    /** Who submitted work on which item: on a span layer everyone who did the item counts, spans or not. */
    private static SpanRows work(Connection c, long projectId, Items items, int round) throws SQLException {
        IntList item = new IntList();
        LongList annotator = new LongList();
        try (PreparedStatement ps = c.prepareStatement("select article_id, annotator_id from assignment "
                + "where project_id = ? and " + WorkRules.workCounts("assignment", "?"))) {
            ps.setFetchSize(FETCH);
            ps.setLong(1, projectId);
            ps.setInt(2, round);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    item.add(items.index().of(rs.getLong(1)));
                    annotator.add(rs.getLong(2));
                }
            }
        }
        return new SpanRows(item.toArray(), annotator.toArray(), null, null, null, null, null);
    }

    private static SpanRows spans(Connection c, long projectId, WorkLayer layer, Items items, SpanRows work,
                                  long[] unsubmitted) throws SQLException {
        IntList item = new IntList();
        LongList annotator = new LongList();
        IntList start = new IntList();
        IntList end = new IntList();
        IntList code = new IntList();
        scanLabels(c, projectId, layer, unsubmitted, rs -> {
            item.add(items.index().of(rs.getLong(1)));
            annotator.add(rs.getLong(2));
            code.add(rs.getInt(4));
            start.add(rs.getInt(5));
            end.add(rs.getInt(6));
        });
        return new SpanRows(work.workItem(), work.workAnnotatorId(), item.toArray(), annotator.toArray(),
                start.toArray(), end.toArray(), code.toArray());
    }

    /** Receives one row of {@link #scanLabels}. */
    private interface LabelRow {
        void accept(ResultSet rs) throws SQLException;
    }

    /**
     * The layer's annotations on counted work, streamed: (article, annotator, assignment, code, start, end), the code
     * being the label's rank in label order, document labels on a document layer and spans on a span layer. An
     * annotation counts when its assignment's work does (WorkRules.countedAnnotations), applied here as the complement:
     * the annotations of the few {@code unsubmitted} assignments are dropped, sparing the join of every annotation with
     * its assignment.
     */
    private static void scanLabels(Connection c, long projectId, WorkLayer layer, long[] unsubmitted, LabelRow row)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("with lab as (select value, "
                + "(row_number() over (order by position, id) - 1)::int as code from layer_label where layer_id = ?) "
                + "select a.article_id, a.annotator_id, a.assignment_id, lab.code, a.start_offset, a.end_offset "
                + "from annotation a join lab on lab.value = a.label "
                + "where a.project_id = ? and a.layer_id = ? and a.start_offset is "
                + (layer.isSpan() ? "not null" : "null"))) {
            ps.setFetchSize(FETCH);
            ps.setLong(1, layer.id());
            ps.setLong(2, projectId);
            ps.setLong(3, layer.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (unsubmitted.length == 0 || Arrays.binarySearch(unsubmitted, rs.getLong(3)) < 0) {
                        row.accept(rs);
                    }
                }
            }
        }
    }

    private static Map<Long, String> usernames(Connection c, long[] ids) throws SQLException {
        return names(c, "select id, username from app_user where id = any(?)", ids);
    }

    private static Map<Long, String> sourceNames(Connection c, long[] sourceIds) throws SQLException {
        return names(c, "select id, name from source where id = any(?)", new LongList(sourceIds).distinct());
    }

    private static Map<Long, String> names(Connection c, String sql, long[] ids) throws SQLException {
        Map<Long, String> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("bigint", Arrays.stream(ids).boxed().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    /** Maps database ids to their dense index (position in the given order): sorted copy + binary search. */
    public static final class IdIndex {
        private final long[] sorted;
        private final int[] index;

        public IdIndex(long[] ids) {
            sorted = ids.clone();
            Arrays.sort(sorted);
            index = new int[ids.length];
            for (int i = 0; i < ids.length; i++) {
                index[Arrays.binarySearch(sorted, ids[i])] = i;
            }
        }

        public int of(long id) {
            int p = Arrays.binarySearch(sorted, id);
            if (p < 0) {
                throw new IllegalStateException("id " + id + " not in the snapshot");
            }
            return index[p];
        }
    }

    /**
     * Row indices grouped by a dense key (an item, a source …), each group in row order: group g is
     * {@code order[first[g] .. first[g + 1])}. One counting sort, no boxed map per group.
     */
    public record RowGroups(int[] first, int[] order) {

        /** Groups rows 0 .. keyOfRow.length − 1 by {@code keyOfRow[r]} in 0 .. keys − 1. */
        public static RowGroups of(int[] keyOfRow, int keys) {
            int[] first = new int[keys + 1];
            for (int key : keyOfRow) {
                first[key + 1]++;
            }
            for (int g = 0; g < keys; g++) {
                first[g + 1] += first[g];
            }
            int[] fill = Arrays.copyOf(first, keys);
            int[] order = new int[keyOfRow.length];
            for (int r = 0; r < keyOfRow.length; r++) {
                order[fill[keyOfRow[r]]++] = r;
            }
            return new RowGroups(first, order);
        }

        public int size(int group) {
            return first[group + 1] - first[group];
        }

        /** The group's rows, in row order. */
        public int[] rows(int group) {
            return Arrays.copyOfRange(order, first[group], first[group + 1]);
        }
    }

    /** A growable int array. */
    public static final class IntList {
        private int[] a = new int[1024];
        private int n;

        public void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, a.length + (a.length >> 1));
            }
            a[n++] = v;
        }

        public int size() {
            return n;
        }

        public int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }

    /** A growable long array. */
    public static final class LongList {
        private long[] a;
        private int n;

        public LongList() {
            a = new long[1024];
        }

        public LongList(long[] values) {
            a = values.clone();
            n = values.length;
        }

        public void add(long v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, a.length + (a.length >> 1));
            }
            a[n++] = v;
        }

        public void addAll(long[] values) {
            for (long v : values) {
                add(v);
            }
        }

        public long[] toArray() {
            return Arrays.copyOf(a, n);
        }

        public long[] distinct() {
            return Arrays.stream(a, 0, n).sorted().distinct().toArray();
        }
    }
}
