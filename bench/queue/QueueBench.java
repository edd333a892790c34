import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load driver for the work queue (not a test): against a RUNNING Crosscheck instance and its database it measures
 * claim (queue/next) latency p50/p99 and throughput with N concurrent annotators at given item counts, the floors
 * (bare SELECT 1 over JDBC, and an authenticated GET /api/v1/me over HTTP), and — when the annotation import
 * endpoint exists — the batch-ingest rate. Items are made with SQL (generate_series), everything else via the API.
 * It starts nothing; it deletes the projects and articles it created at the end. See docs/performance-queue.md.
 *
 * Run (single-file source mode, JDBC driver on the class path):
 *   java -cp ~/.m2/repository/org/postgresql/postgresql/42.7.10/postgresql-42.7.10.jar bench/queue/QueueBench.java \
 *     --app http://localhost:8089 --admin-token TOKEN --jdbc jdbc:postgresql://127.0.0.1:5432/DB --db-user postgres
 * Options: --sizes 1000,1000000  --annotators 32  --seconds 15  --warmup 3  --k 3  --random true  --random-min 1000000
 *          --ingest 100000 (lines for the annotation import; 0 to skip)
 */
public class QueueBench {

    /** The sequential claim statement, copied from QueueService (skip-locked attempt), for EXPLAIN only. */
    static final String CLAIM_SEQUENTIAL = """
            with cand as (
                select i.id, i.article_id from project_item i
                where i.project_id = ? and not i.is_full
                  and not exists (select 1 from assignment a where a.item_id = i.id and a.annotator_id = ?)
                order by i.position
                limit 1
                for no key update of i skip locked
            ), taken as (
                update project_item i set active_count = i.active_count + 1
                from cand where i.id = cand.id and i.active_count < i.capacity
                returning i.id, i.article_id
            )
            insert into assignment (project_id, item_id, article_id, annotator_id, status, leased_at, lease_expires_at)
            select ?, t.id, t.article_id, ?, 'leased', now(), now() + interval '30 minutes' from taken t
            returning id
            """;

    /** The random-order claim (rotated shuffled order), copied from QueueService, for EXPLAIN only. */
    static final String CLAIM_RANDOM = """
            with cand_after as (
                select i.id, i.article_id from project_item i
                where i.project_id = ?1 and not i.is_full and i.shuffle_key >= ?3
                  and not exists (select 1 from assignment a where a.item_id = i.id and a.annotator_id = ?2)
                order by i.shuffle_key, i.id
                limit 1
                for no key update of i skip locked
            ), cand_before as (
                select i.id, i.article_id from project_item i
                where i.project_id = ?1 and not i.is_full and i.shuffle_key < ?3
                  and not exists (select 1 from assignment a where a.item_id = i.id and a.annotator_id = ?2)
                  and not exists (select 1 from cand_after)
                order by i.shuffle_key, i.id
                limit 1
                for no key update of i skip locked
            ), cand as (
                select * from cand_after union all select * from cand_before
            ), taken as (
                update project_item i set active_count = i.active_count + 1
                from cand where i.id = cand.id and i.active_count < i.capacity
                returning i.id, i.article_id
            )
            insert into assignment (project_id, item_id, article_id, annotator_id, status, leased_at, lease_expires_at)
            select ?1, t.id, t.article_id, ?2, 'leased', now(), now() + interval '30 minutes' from taken t
            returning id
            """;

    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern ASSIGNMENT = Pattern.compile("\"assignmentId\"\\s*:\\s*(\\d+)");

    final Map<String, String> opt = new HashMap<>();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    final String tag = UUID.randomUUID().toString().substring(0, 8);
    final List<Long> projects = new ArrayList<>();
    final List<Long> sources = new ArrayList<>();
    /** Item count → the source whose articles a project of that size reuses (one article fill per size). */
    final Map<Integer, Long> articlesBySize = new HashMap<>();
    String app;
    String admin;

    public static void main(String[] args) throws Exception {
        QueueBench b = new QueueBench();
        for (int i = 0; i + 1 < args.length; i += 2) {
            b.opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        b.run();
    }

    String o(String key, String def) {
        return opt.getOrDefault(key, def);
    }

    Connection db() throws SQLException {
        return DriverManager.getConnection(o("jdbc", "jdbc:postgresql://127.0.0.1:5432/crosscheck"),
                o("db-user", "postgres"), o("db-password", ""));
    }

    void run() throws Exception {
        app = o("app", "http://localhost:8080");
        admin = o("admin-token", System.getenv().getOrDefault("CROSSCHECK_ADMIN_TOKEN", ""));
        int n = Integer.parseInt(o("annotators", "32"));
        int seconds = Integer.parseInt(o("seconds", "15"));
        int warmup = Integer.parseInt(o("warmup", "3"));
        int k = Integer.parseInt(o("k", "3"));
        System.out.printf("queue bench %s: app %s, %d annotators, %ds measured after %ds warm-up, k=%d, %d cores%n",
                tag, app, n, seconds, warmup, k, Runtime.getRuntime().availableProcessors());
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String body = call("POST", "/api/v1/users", admin, "{\"username\":\"bench-" + tag + "-" + i + "\",\"role\":\"annotator\"}", 201);
            tokens.add(match(TOKEN, body));
        }
        try {
            floors(tokens, Math.min(seconds, 5));
            for (String size : o("sizes", "1000,1000000").split(",")) {
                int items = Integer.parseInt(size.trim());
                claims(tokens, items, k, "sequential", seconds, warmup);
                if (Boolean.parseBoolean(o("random", "true")) && items >= Integer.parseInt(o("random-min", "1000000"))) {
                    claims(tokens, items, k, "random", seconds, warmup);
                }
            }
            int ingest = Integer.parseInt(o("ingest", "100000"));
            if (ingest > 0) {
                ingest(ingest, k);
            }
        } finally {
            cleanup();
        }
    }

    /** The floor: what 32 clients get from a bare SELECT 1 (JDBC) and from the cheapest authenticated HTTP call. */
    void floors(List<String> tokens, int seconds) throws Exception {
        int n = tokens.size();
        List<Connection> conns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            conns.add(db());
        }
        try {
            report("SELECT 1 (JDBC, floor)", measure(n, 1, seconds, t -> {
                try (Statement s = conns.get(t).createStatement(); ResultSet rs = s.executeQuery("select 1")) {
                    rs.next();
                }
                return true;
            }), seconds);
        } finally {
            for (Connection c : conns) {
                c.close();
            }
        }
        report("GET /api/v1/me (HTTP floor)", measure(n, 1, seconds, t -> {
            call("GET", "/api/v1/me", tokens.get(t), null, 200);
            return true;
        }), seconds);
    }

    /** Fills a project with `items` items by SQL, then n annotators claim + submit in a loop; the claim is timed. */
    void claims(List<String> tokens, int items, int k, String order, int seconds, int warmup) throws Exception {
        long project = project(items, k, order);
        try (Connection c = db(); Statement s = c.createStatement()) {
            s.execute("analyze project_item");
            s.execute("analyze assignment");
        }
        explain(project, tokens, order);
        warmup = items <= 100_000 ? Math.min(warmup, 1) : warmup;
        AtomicLong empty = new AtomicLong();
        Result r = measure(tokens.size(), warmup, seconds, t -> {
            HttpResponse<String> next = send("POST", "/api/v1/projects/" + project + "/queue/next", tokens.get(t), null);
            if (next.statusCode() == 204) {
                empty.incrementAndGet();
                return false;
            }
            if (next.statusCode() != 200) {
                throw new IllegalStateException("next → " + next.statusCode() + " " + next.body());
            }
            String id = match(ASSIGNMENT, next.body());
            call("POST", "/api/v1/assignments/" + id + "/submit", tokens.get(t), null, 200);
            return true;
        });
        report(String.format("claim (queue/next, %s, %,d items, then submit)", order, items), r, seconds);
        if (empty.get() > 0) {
            System.out.printf("  (%d claims answered 204: the project ran dry)%n", empty.get());
        }
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(
                "select count(*), count(*) filter (where status = 'submitted') from assignment where project_id = ?")) {
            ps.setLong(1, project);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                System.out.printf("  assignments made: %,d (submitted %,d)%n", rs.getLong(1), rs.getLong(2));
            }
        }
        // Small projects run dry within a run: the SQL-only phase gets a fresh one of the same size.
        sqlClaims(items <= 100_000 ? project(items, k, order) : project, tokens.size(), seconds, warmup);
    }

    /**
     * The database share alone: n JDBC connections each run the claim statement and then submit, one transaction
     * each (no HTTP, no advisory lock or expiry step), as fresh annotator ids with no prior work.
     */
    void sqlClaims(long project, int n, int seconds, int warmup) throws Exception {
        List<Connection> conns = new ArrayList<>();
        long[] annotators = new long[n];
        try (Connection c = db(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select id from app_user where username like 'bench-" + tag + "-%' order by id")) {
            for (int i = 0; i < n && rs.next(); i++) {
                annotators[i] = rs.getLong(1);
            }
        }
        for (int i = 0; i < n; i++) {
            Connection c = db();
            c.setAutoCommit(false);
            conns.add(c);
        }
        try {
            Result r = measure(n, warmup, seconds, t -> {
                Connection c = conns.get(t);
                long assignment;
                try (PreparedStatement ps = c.prepareStatement(CLAIM_SEQUENTIAL)) {
                    ps.setLong(1, project);
                    ps.setLong(2, annotators[t]);
                    ps.setLong(3, project);
                    ps.setLong(4, annotators[t]);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            c.commit();
                            return false;
                        }
                        assignment = rs.getLong(1);
                    }
                }
                c.commit();
                try (PreparedStatement ps = c.prepareStatement("with s as (update assignment set status = 'submitted', "
                        + "lease_expires_at = null, ended_at = now() where id = ? returning item_id) "
                        + "update project_item set submitted_count = submitted_count + 1 where id = (select item_id from s)")) {
                    ps.setLong(1, assignment);
                    ps.executeUpdate();
                }
                c.commit();
                return true;
            });
            report("  claim SQL + submit SQL (JDBC, both timed)", r, seconds);
        } finally {
            for (Connection c : conns) {
                c.close();
            }
        }
    }

    /** Source, articles and project items straight into the database (one generate_series each). */
    long project(int items, int k, String order) throws Exception {
        long t0 = System.nanoTime();
        String name = "bench-" + tag + "-" + order + "-" + items + "-" + projects.size();
        String sourceBody = call("POST", "/api/v1/sources", admin,
                "{\"name\":\"" + name + "\",\"domain\":\"bench.example\",\"kind\":\"outlet\"}", 201);
        long source = Long.parseLong(match(ID, sourceBody));
        sources.add(source);
        Long reuse = articlesBySize.get(items);
        String projectBody = call("POST", "/api/v1/projects", admin, "{\"name\":\"" + name
                + "\",\"annotatorsPerItem\":" + k + ",\"order\":\"" + order + "\",\"taxonomy\":\"default\"}", 201);
        long project = Long.parseLong(match(ID, projectBody));
        projects.add(project);
        try (Connection c = db()) {
            c.setAutoCommit(false);
            if (reuse != null) {
                source = reuse;
            } else try (PreparedStatement ps = c.prepareStatement("""
                    insert into article (source_id, title, text, length, sha256)
                    select ?, 'Bench article ' || g, t, length(t), md5(t) || md5(t || 'x')
                    from generate_series(1, ?) g, lateral (select 'Bench text number ' || g || ' of run ' || ? || '.' as t) x
                    """)) {
                ps.setLong(1, source);
                ps.setInt(2, items);
                ps.setString(3, tag);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into project_item (project_id, article_id, capacity)
                    select ?, id, ? from article where source_id = ? order by id
                    """)) {
                ps.setLong(1, project);
                ps.setInt(2, k);
                ps.setLong(3, source);
                ps.executeUpdate();
            }
            c.commit();
        }
        articlesBySize.putIfAbsent(items, source);
        System.out.printf("%nfilled project %d (%s) with %,d items in %.1f s%n", project, order, items,
                (System.nanoTime() - t0) / 1e9);
        return project;
    }

    /** EXPLAIN ANALYZE of the claim (sequential form) for one annotator, inside a transaction that is rolled back. */
    void explain(long project, List<String> tokens, String order) throws Exception {
        String me = call("GET", "/api/v1/me", tokens.get(0), null, 200);
        long annotator = Long.parseLong(match(ID, me));
        try (Connection c = db()) {
            c.setAutoCommit(false);
            boolean random = order.equals("random");
            // JDBC knows only "?": numbered ?N markers are expanded in order of appearance.
            String sql = "explain (analyze, buffers, costs off, timing off) " + (random ? CLAIM_RANDOM : CLAIM_SEQUENTIAL);
            Object[] values = random ? new Object[]{project, annotator, 1_234_567_890}  // a mid-range rotation offset
                    : new Object[]{project, annotator};
            List<Object> ordered = new ArrayList<>();
            Matcher m = Pattern.compile("\\?(\\d)").matcher(sql);
            while (m.find()) {
                ordered.add(values[Integer.parseInt(m.group(1)) - 1]);
            }
            if (ordered.isEmpty()) {
                ordered.addAll(List.of(project, annotator, project, annotator));
            }
            try (PreparedStatement ps = c.prepareStatement(sql.replaceAll("\\?\\d", "?"))) {
                for (int i = 0; i < ordered.size(); i++) {
                    ps.setObject(i + 1, ordered.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    System.out.println("  EXPLAIN of the " + order + " claim (rolled back):");
                    while (rs.next()) {
                        System.out.println("    " + rs.getString(1));
                    }
                }
            } finally {
                c.rollback();
            }
        }
    }

    /** Annotation import (NDJSON) when the endpoint exists: `lines` document labels over 1,000 items. */
    void ingest(int lines, int k) throws Exception {
        long project = project(1000, k, "sequential");
        List<Long> articles = new ArrayList<>();
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(
                "select article_id from project_item where project_id = ? order by position")) {
            ps.setLong(1, project);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    articles.add(rs.getLong(1));
                }
            }
        }
        StringBuilder body = new StringBuilder();
        String[] labels = {"pro", "neutral", "anti"};
        int coders = Math.max(k, (lines + articles.size() - 1) / articles.size());
        int made = 0;
        for (int coder = 0; coder < coders && made < lines; coder++) {
            for (int a = 0; a < articles.size() && made < lines; a++, made++) {
                body.append("{\"articleId\":").append(articles.get(a)).append(",\"annotator\":\"bench-").append(tag)
                        .append("-coder-").append(coder).append("\",\"layer\":\"stance\",\"label\":\"")
                        .append(labels[(a + coder) % 3]).append("\"}\n");
            }
        }
        long t0 = System.nanoTime();
        HttpResponse<String> r = send("POST", "/api/v1/projects/" + project + "/annotations/import", admin, body.toString());
        double secs = (System.nanoTime() - t0) / 1e9;
        if (r.statusCode() == 404 || r.statusCode() == 405) {
            System.out.printf("%nannotation import: endpoint not available on this build (%d) — not measured%n", r.statusCode());
            return;
        }
        System.out.printf("%nannotation import: %,d lines in %.2f s = %,.0f annotations/s → %d %s%n", made, secs, made / secs,
                r.statusCode(), r.body().length() > 300 ? r.body().substring(0, 300) + "…" : r.body());
    }

    void cleanup() {
        try (Connection c = db(); Statement s = c.createStatement()) {
            for (long p : projects) {
                s.execute("delete from project where id = " + p);
            }
            for (long src : sources) {
                s.execute("delete from article where source_id = " + src);
                s.execute("delete from source where id = " + src);
            }
        } catch (SQLException e) {
            System.out.println("cleanup failed: " + e.getMessage());
        }
    }

    interface Op {
        /** One operation for thread t; false when it did nothing worth timing. */
        boolean run(int t) throws Exception;
    }

    record Result(long[] nanos, long count, double seconds) {
    }

    /** n threads run op in a loop: warm-up seconds untimed, then measured seconds with per-op latencies kept. */
    Result measure(int n, int warmup, int seconds, Op op) throws Exception {
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        AtomicLong dryAt = new AtomicLong();
        List<long[]> perThread = new ArrayList<>();
        int[] counts = new int[n];
        List<Throwable> errors = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(n);
        for (int t = 0; t < n; t++) {
            long[] lat = new long[200_000];
            perThread.add(lat);
            int thread = t;
            Thread th = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        long t0 = System.nanoTime();
                        boolean timed = op.run(thread);
                        long dt = System.nanoTime() - t0;
                        if (timed && measuring.get() && counts[thread] < lat.length) {
                            lat[counts[thread]++] = dt;
                        }
                        if (!timed) {
                            // Nothing left to claim: end the measured window here so throughput stays honest.
                            if (measuring.get() && dryAt.compareAndSet(0, System.nanoTime())) {
                                measuring.set(false);
                            }
                            stop.set(true);
                        }
                    }
                } catch (Throwable e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                } finally {
                    done.countDown();
                }
            });
            th.setDaemon(true);
            th.start();
        }
        Thread.sleep(warmup * 1000L);
        long t0 = System.nanoTime();
        measuring.set(!stop.get());
        long end = t0 + seconds * 1_000_000_000L;
        while (!stop.get() && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        measuring.set(false);
        double elapsed = ((dryAt.get() != 0 ? dryAt.get() : System.nanoTime()) - t0) / 1e9;
        stop.set(true);
        done.await();
        if (!errors.isEmpty()) {
            throw new IllegalStateException("operation failed", errors.get(0));
        }
        long total = Arrays.stream(counts).asLongStream().sum();
        long[] all = new long[(int) total];
        int pos = 0;
        for (int t = 0; t < n; t++) {
            System.arraycopy(perThread.get(t), 0, all, pos, counts[t]);
            pos += counts[t];
        }
        Arrays.sort(all);
        return new Result(all, total, elapsed);
    }

    static void report(String what, Result r, int seconds) {
        if (r.count() == 0) {
            System.out.printf("%-58s no operations%n", what);
            return;
        }
        System.out.printf("%-58s p50 %7.2f ms  p99 %7.2f ms  max %7.1f ms  %,9.0f ops/s  (%,d ops)%n", what,
                pct(r.nanos(), 0.50) / 1e6, pct(r.nanos(), 0.99) / 1e6, r.nanos()[r.nanos().length - 1] / 1e6,
                r.count() / r.seconds(), r.count());
    }

    static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app + path)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", path.endsWith("/import") ? "application/x-ndjson" : "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    String call(String method, String path, String token, String body, int expected) throws Exception {
        HttpResponse<String> r = send(method, path, token, body);
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " → " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static String match(Pattern p, String body) {
        Matcher m = p.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no " + p + " in " + body);
        }
        return m.group(1);
    }
}
