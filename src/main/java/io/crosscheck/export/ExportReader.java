package io.crosscheck.export;

import io.crosscheck.export.ExportedArticle.Gold;
import io.crosscheck.export.ExportedArticle.Mark;
import io.crosscheck.export.ExportedArticle.Work;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an export as a merge join of three server-side cursors (articles, raw work, gold), each ordered by article
 * id, so that only one article's rows are in memory at a time. Plain JDBC because this is the hot path: Hibernate
 * would materialise entities and keep them in the session. The caller owns the connection and its transaction
 * (autocommit off, so the PostgreSQL driver fetches a batch of rows at a time instead of everything).
 */
final class ExportReader implements AutoCloseable {

    /** Rows per round trip for the annotation cursors (small rows). */
    static final int FETCH_SIZE = 5000;
    /** Rows per round trip for the article cursor: each row carries a whole text. */
    static final int ARTICLE_FETCH_SIZE = 200;

    /** Receives the articles in id order. */
    interface Sink {
        void article(ExportedArticle article) throws java.io.IOException;
    }

    private final Connection connection;
    private final ExportPlan plan;
    private final Map<Long, ExportPlan.LayerInfo> layers;
    private final List<AutoCloseable> open = new ArrayList<>();
    /** Only this article (a W3C protocol page), or null for all. */
    private Long onlyArticle;
    /** Whether raw annotations carry their {@code created} time (only the W3C format writes it; null otherwise). */
    private final boolean withTimes;
    /** The last layer looked up: rows come grouped by layer, so this saves a boxed map lookup per row. */
    private ExportPlan.LayerInfo lastLayer;

    ExportReader(Connection connection, ExportPlan plan) {
        this.connection = connection;
        this.plan = plan;
        this.layers = plan.layersById();
        this.withTimes = plan.format() == ExportFormat.WEBANNO;
    }

    /**
     * The item filter shared by every query: project, source, review state. Uses the aliases {@code pi}
     * (project_item) and {@code ar} (article); parameters are appended to {@code params} in order.
     */
    String itemFilter(List<Object> params) {
        StringBuilder sql = new StringBuilder(" pi.project_id = ?");
        params.add(plan.projectId());
        if (onlyArticle != null) {
            sql.append(" and ar.id = ?");
            params.add(onlyArticle);
        }
        if (plan.sourceId() != null) {
            sql.append(" and ar.source_id = ?");
            params.add(plan.sourceId());
        }
        switch (plan.status()) {
            case COMPLETE -> sql.append(" and ").append(io.crosscheck.work.WorkRules.itemIsComplete("pi"));
            case ADJUDICATED -> sql.append(" and exists (select 1 from adjudication c where c.item_id = pi.id and c.current)");
            case PENDING -> sql.append(" and not exists (select 1 from adjudication c where c.item_id = pi.id and c.current)");
            case ANY -> {
            }
        }
        return sql.toString();
    }

    private String layerFilter(String column, List<Object> params) {
        if (plan.layerFilter() == null) {
            return "";
        }
        params.add(plan.layers().get(0).id());
        return " and " + column + " = ?";
    }

    /** {@code and <column> = <the plan's annotator>}, or nothing without {@code annotator=}. */
    private String annotatorFilter(String column, List<Object> params) {
        if (plan.annotator() == null) {
            return "";
        }
        params.add(plan.annotator());
        return " and " + column + " = (select id from app_user where username = ?)";
    }

    private PreparedStatement prepare(String sql, List<Object> params, int fetchSize) throws SQLException {
        PreparedStatement st = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        open.add(st);
        st.setFetchSize(fetchSize);
        for (int i = 0; i < params.size(); i++) {
            st.setObject(i + 1, params.get(i));
        }
        return st;
    }

    private ResultSet query(String sql, List<Object> params) throws SQLException {
        return query(sql, params, FETCH_SIZE);
    }

    private ResultSet query(String sql, List<Object> params, int fetchSize) throws SQLException {
        ResultSet rs = prepare(sql, params, fetchSize).executeQuery();
        open.add(rs);
        return rs;
    }

    /** Restricts every query to one article (one page of the W3C protocol). */
    ExportReader only(long articleId) {
        this.onlyArticle = articleId;
        return this;
    }

    /** The condition that an item has something to export (uses alias {@code pi}; parameters appended). */
    private String hasSomething(List<Object> p) {
        String rawExists = "exists (select 1 from assignment x where x.item_id = pi.id and " + io.crosscheck.work.WorkRules.workCounts("x")
                + annotatorFilter("x.annotator_id", p) + ")";
        String goldExists = "exists (select 1 from adjudication x where x.item_id = pi.id and x.current)";
        return switch (plan.include()) {
            case RAW -> rawExists;
            case GOLD -> goldExists;
            case ALL -> "(" + rawExists + " or " + goldExists + ")";
        };
    }

    /**
     * Where one article stands among the exported ones, for a W3C page: {@code [first, last, prev, next]} article ids
     * (null where none) and whether the article is exported at all (index 4: 1 or 0).
     */
    Long[] neighbours(long articleId) throws SQLException {
        List<Object> p = new ArrayList<>(List.of(articleId, articleId, articleId)); // the select list's, first
        String filter = itemFilter(p);
        String has = hasSomething(p);
        try (ResultSet rs = query("select min(ar.id), max(ar.id), max(ar.id) filter (where ar.id < ?),"
                + " min(ar.id) filter (where ar.id > ?), count(*) filter (where ar.id = ?)"
                + " from project_item pi join article ar on ar.id = pi.article_id where" + filter + " and " + has, p)) {
            rs.next();
            return new Long[]{(Long) rs.getObject(1), (Long) rs.getObject(2), (Long) rs.getObject(3),
                    (Long) rs.getObject(4), rs.getLong(5)};
        }
    }

    /** How many articles the export writes (the rows {@link #read} gives). */
    long countArticles() throws SQLException {
        List<Object> p = new ArrayList<>();
        String filter = itemFilter(p);
        String has = hasSomething(p);
        try (ResultSet rs = query("select count(*) from project_item pi join article ar on ar.id = pi.article_id"
                + " where" + filter + " and " + has, p)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** How many annotations the export holds in articles with id below {@code beforeArticle} (null: in all). */
    long countAnnotations(Long beforeArticle) throws SQLException {
        long n = 0;
        String before = beforeArticle == null ? "" : " and ar.id < " + beforeArticle.longValue();
        if (plan.include().raw()) {
            List<Object> p = new ArrayList<>();
            String lf = layerFilter("an.layer_id", p);
            String f = itemFilter(p) + annotatorFilter("a.annotator_id", p);
            try (ResultSet rs = query("select count(*) from " + io.crosscheck.work.WorkRules.countedAnnotations("a", "an")
                    + " join project_item pi on pi.id = a.item_id join article ar on ar.id = a.article_id"
                    + " where true" + lf + " and" + f + before, p)) {
                rs.next();
                n += rs.getLong(1);
            }
        }
        if (plan.include().gold()) {
            List<Object> p = new ArrayList<>();
            String lf = layerFilter("g.layer_id", p);
            String f = itemFilter(p);
            try (ResultSet rs = query("select count(*) from adjudication ad join project_item pi on pi.id = ad.item_id"
                    + " join article ar on ar.id = ad.article_id join gold_annotation g on g.adjudication_id = ad.id"
                    + " where ad.current" + lf + " and" + f + before, p)) {
                rs.next();
                n += rs.getLong(1);
            }
        }
        return n;
    }

    /** Streams every exported article to the sink; {@code withRaw} false skips reading raw work. */
    void read(boolean withRaw, Sink sink) throws SQLException, java.io.IOException {
        List<Object> p = new ArrayList<>();
        String filter = itemFilter(p);
        String has = hasSomething(p);
        // The project's escalation settings through a scalar subquery, not a join: joined, the planner estimated the
        // project × "has work" semi-join at one row and nested-looped it against every item (10,000 items: 10^8
        // join-filter comparisons, seconds of server CPU per export); the subquery keeps the hash semi-join.
        ResultSet articles = query("select ar.id, ar.title, ar.text, ar.url, ar.story_key, s.id, s.name,"
                + " pi.escalations, (select " + io.crosscheck.review.Escalation.reason("pi", "pr")
                + " from project pr where pr.id = pi.project_id)"
                + " from project_item pi join article ar on ar.id = pi.article_id join source s on s.id = ar.source_id"
                + " where" + filter + " and " + has + " order by ar.id", p, ARTICLE_FETCH_SIZE);

        Rows raw = null;
        if (withRaw) {
            List<Object> rp = new ArrayList<>();
            String lf = layerFilter("an.layer_id", rp);
            String rf = itemFilter(rp) + annotatorFilter("a.annotator_id", rp);
            // Two rounds: jsonl and csv carry the revisions too (Work.round), every other reader round 1 alone.
            boolean rounds = plan.format().carriesRounds() && twoRounds();
            String counts = rounds
                    ? "(" + io.crosscheck.work.WorkRules.workCounts("a") + " or "
                    + io.crosscheck.work.WorkRules.workCounts("a", "2") + ")"
                    : io.crosscheck.work.WorkRules.workCounts("a");
            raw = new Rows(query("select a.article_id, u.username, a.id, a.imported, an.id, an.layer_id, an.label,"
                    + " an.start_offset, an.end_offset, an.quote, an.attributes::text, "
                    // Only W3C writes a raw annotation's time: printing a timestamptz per row was ~30% of the server's
                    // work for this statement (COPY of it with and without the column), so the others select a null.
                    + (withTimes ? "an.created_at" : "null::timestamptz") + ", a.round"
                    + " from assignment a join project_item pi on pi.id = a.item_id join article ar on ar.id = a.article_id"
                    + " join app_user u on u.id = a.annotator_id"
                    + " left join (annotation an join layer l on l.id = an.layer_id) on an.assignment_id = a.id" + lf
                    + " where " + counts + " and" + rf
                    + " order by a.article_id, u.username, a.id, l.position, an.start_offset nulls first, an.end_offset,"
                    + " an.label, an.id", rp));
        }
        Rows gold = null;
        if (plan.include().gold()) {
            List<Object> gp = new ArrayList<>();
            String lf = layerFilter("g.layer_id", gp);
            String gf = itemFilter(gp);
            gold = new Rows(query("select ad.article_id, u.username, ad.id, ad.version, ad.created_at, g.id, g.layer_id,"
                    + " g.label, g.start_offset, g.end_offset, g.quote, g.attributes::text"
                    + " from adjudication ad join project_item pi on pi.id = ad.item_id join article ar on ar.id = ad.article_id"
                    + " join app_user u on u.id = ad.adjudicator_id"
                    + " left join (gold_annotation g join layer l on l.id = g.layer_id) on g.adjudication_id = ad.id" + lf
                    + " where ad.current and" + gf
                    + " order by ad.article_id, l.position, g.start_offset nulls first, g.end_offset, g.label, g.id", gp));
        }

        while (articles.next()) {
            long id = articles.getLong(1);
            List<Work> works = raw == null ? List.of() : readWork(raw, id);
            List<Work> revisions = withRaw && plan.format().carriesRounds() && twoRounds() ? List.of() : null;
            if (revisions != null && works.stream().anyMatch(w -> w.round() == 2)) {
                revisions = works.stream().filter(w -> w.round() == 2).toList();
                works = works.stream().filter(w -> w.round() == 1).toList();
            }
            Gold g = gold == null ? null : readGold(gold, id);
            sink.article(new ExportedArticle(id, articles.getString(2), articles.getString(3), articles.getString(4),
                    articles.getString(5), articles.getLong(6), articles.getString(7), works, g, revisions,
                    articles.getInt(8), articles.getString(9)));
        }
    }

    private Boolean twoRounds;

    /** Whether the project has two rounds (SPEC §8), read once per reader. */
    private boolean twoRounds() throws SQLException {
        if (twoRounds == null) {
            try (ResultSet rs = query("select rounds = 2 from project where id = ?",
                    new ArrayList<>(List.of(plan.projectId())))) {
                twoRounds = rs.next() && rs.getBoolean(1);
            }
        }
        return twoRounds;
    }

    /**
     * A result set with one row of look-ahead, so the merge join can peek at the next article id; the row's article
     * and group ids (columns 1 and 3) are decoded once per row, not at every look.
     */
    private static final class Rows {
        final ResultSet rs;
        boolean has;
        long article;
        long group;

        Rows(ResultSet rs) throws SQLException {
            this.rs = driver(rs);
            advance();
        }

        /**
         * The driver's own result set under the pool's wrapper (still closed through the wrapper): these rows are read
         * a million times, ten columns each, and every wrapper call checks and delegates.
         */
        private static ResultSet driver(ResultSet rs) throws SQLException {
            return rs.isWrapperFor(org.postgresql.jdbc.PgResultSet.class) ? rs.unwrap(org.postgresql.jdbc.PgResultSet.class) : rs;
        }

        /** Skips rows of articles before {@code id}; true when the current row belongs to {@code id}. */
        boolean at(long id) throws SQLException {
            while (has && article < id) {
                advance();
            }
            return has && article == id;
        }

        void advance() throws SQLException {
            has = rs.next();
            if (has) {
                article = rs.getLong(1);
                group = rs.getLong(3);
            }
        }
    }

    private List<Work> readWork(Rows rows, long articleId) throws SQLException {
        List<Work> works = new ArrayList<>();
        ResultSet rs = rows.rs;
        while (rows.at(articleId)) {
            long assignmentId = rows.group;
            String annotator = rs.getString(2);
            boolean imported = rs.getBoolean(4);
            int round = rs.getInt(13);
            List<Mark> marks = new ArrayList<>();
            while (rows.at(articleId) && rows.group == assignmentId) {
                long markId = rs.getLong(5);
                if (!rs.wasNull()) {
                    // Only the W3C format writes a raw annotation's time: the others skip decoding it.
                    marks.add(mark(rs, markId, 6, withTimes ? rs.getObject(12, OffsetDateTime.class) : null));
                }
                rows.advance();
            }
            works.add(new Work(assignmentId, annotator, imported, marks, round));
        }
        return works;
    }

    private Gold readGold(Rows rows, long articleId) throws SQLException {
        if (!rows.at(articleId)) {
            return null;
        }
        ResultSet rs = rows.rs;
        String adjudicator = rs.getString(2);
        long adjudicationId = rs.getLong(3);
        int version = rs.getInt(4);
        OffsetDateTime created = rs.getObject(5, OffsetDateTime.class);
        List<Mark> marks = new ArrayList<>();
        while (rows.at(articleId)) {
            long markId = rs.getLong(6);
            if (!rs.wasNull()) {
                marks.add(mark(rs, markId, 7, created));
            }
            rows.advance();
        }
        return new Gold(adjudicationId, adjudicator, version, created, marks);
    }

    /** Reads layer, label, start, end, quote, attributes from consecutive columns starting at {@code col}. */
    private Mark mark(ResultSet rs, long id, int col, OffsetDateTime created) throws SQLException {
        long layerId = rs.getLong(col);
        ExportPlan.LayerInfo layer = lastLayer != null && lastLayer.id() == layerId ? lastLayer : layers.get(layerId);
        lastLayer = layer;
        int s = rs.getInt(col + 2);
        Integer start = rs.wasNull() ? null : s;
        int e = rs.getInt(col + 3);
        Integer end = rs.wasNull() ? null : e;
        return new Mark(id, layer, labels.get(rs, col + 1), start, end, rs.getString(col + 4),
                storedAttributes.get(rs, col + 5), created);
    }

    private final Recent labels = new Recent();
    private final Recent storedAttributes = new Recent();

    /**
     * The strings of a text column whose few values repeat row after row (labels, stored attributes): the row's
     * bytes compared with the last few values' (a short array compare) instead of decoding a new string each row.
     * pgjdbc's {@code getBytes} of a text column is its UTF-8 bytes as received, a fresh array per row.
     */
    private static final class Recent {
        private static final int SIZE = 8;
        private final byte[][] bytes = new byte[SIZE][];
        private final String[] strings = new String[SIZE];
        private int next;

        String get(ResultSet rs, int col) throws SQLException {
            if (!(rs instanceof org.postgresql.jdbc.PgResultSet)) {
                return rs.getString(col);
            }
            byte[] b = rs.getBytes(col);
            if (b == null) {
                return null;
            }
            for (int i = 0; i < SIZE; i++) {
                if (java.util.Arrays.equals(bytes[i], b)) {
                    return strings[i];
                }
            }
            String s = new String(b, java.nio.charset.StandardCharsets.UTF_8);
            bytes[next] = b;
            strings[next] = s;
            next = (next + 1) % SIZE;
            return s;
        }
    }

    /**
     * Coincidence marginals of the document layers: per layer and label, how many values lie on items with at
     * least two values — the n_c from which Krippendorff's expected disagreement D_e is computed.
     */
    Map<Long, Map<String, Long>> documentMarginals() throws SQLException {
        Map<Long, Map<String, Long>> result = new HashMap<>();
        List<ExportPlan.LayerInfo> doc = plan.documentLayers();
        if (doc.isEmpty()) {
            return result;
        }
        List<Object> p = new ArrayList<>();
        String filter = itemFilter(p);
        Long[] ids = doc.stream().map(ExportPlan.LayerInfo::id).toArray(Long[]::new);
        p.add(connection.createArrayOf("bigint", ids));
        try (ResultSet rs = query("select layer_id, label, count(*) from ("
                + " select an.layer_id, an.label, count(*) over (partition by an.article_id, an.layer_id) m"
                + " from " + io.crosscheck.work.WorkRules.countedAnnotations("a", "an")
                + " join project_item pi on pi.id = a.item_id join article ar on ar.id = a.article_id"
                + " where" + filter + " and an.layer_id = any(?)"
                + ") x where m >= 2 group by layer_id, label", p)) {
            while (rs.next()) {
                result.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).put(rs.getString(2), rs.getLong(3));
            }
        }
        return result;
    }

    /** Usernames of everyone whose counted work is in the export, sorted (an index for the card's span figures). */
    List<String> annotators() throws SQLException {
        List<Object> p = new ArrayList<>();
        String filter = itemFilter(p);
        List<String> names = new ArrayList<>();
        filter += annotatorFilter("a.annotator_id", p);
        try (ResultSet rs = query("select distinct u.username from assignment a join app_user u on u.id = a.annotator_id"
                + " join project_item pi on pi.id = a.item_id join article ar on ar.id = a.article_id"
                + " where " + io.crosscheck.work.WorkRules.workCounts("a") + " and" + filter + " order by u.username", p)) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** Each member's rater profile (JSON text) by username, and the project's rater attributes under key null. */
    Map<String, String> raterProfiles() throws SQLException {
        Map<String, String> profiles = new HashMap<>();
        try (ResultSet rs = query("select null, cast(p.rater_attributes as text) from project p where p.id = ?"
                + " union all select u.username, cast(m.profile as text) from project_member m"
                + " join app_user u on u.id = m.user_id where m.project_id = ?",
                new ArrayList<>(List.of(plan.projectId(), plan.projectId())))) {
            while (rs.next()) {
                profiles.put(rs.getString(1), rs.getString(2));
            }
        }
        return profiles;
    }

    @Override
    public void close() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception ignored) {
                // closing a cursor that the server already dropped: nothing to do
            }
        }
    }
}
