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
 * Options: --timed claim|submit (whose latency is recorded; the claim's by default)  --label false|true (a stance
 *          label written before each submit, untimed)  --sizes 1000,1000000  --annotators 32  --seconds 15  --warmup 3  --k 3  --random true  --random-min 1000000
 *          --rate 1000 (claims/s offered for the latency run; 0 to skip)  --warm-app 30 (seconds)  --floors true
 *          --ingest 100000 (lines for the annotation import; 0 to skip)
 *          --panel true (after each sequential run, the same on a project with a balanced panel, SPEC §8)
 */
public class QueueBench {

    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    /** The default taxonomy's stance labels, written before a submit with --label true. */
    static final String[] LABELS = {"pro", "neutral", "anti"};
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
    /**
     * While true, new projects balance each item's panel by a rater attribute "lean" (left, center, right) and the
     * bench annotators' leans go round the three values (--panel true).
     */
    boolean balanced;

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
            int warmApp = Integer.parseInt(o("warm-app", "30"));
            if (warmApp > 0) {
                warmApp(tokens, k, warmApp);
            }
            if (Boolean.parseBoolean(o("floors", "true"))) {
                floors(tokens, Math.min(seconds, 5));
            }
            for (String size : o("sizes", "1000,1000000").split(",")) {
                int items = Integer.parseInt(size.trim());
                claims(tokens, items, k, "sequential", seconds, warmup);
                if (Boolean.parseBoolean(o("panel", "false"))) {
                    // The same claims on a balanced-panel project (SPEC §8), measured right after the unbalanced one.
                    balanced = true;
                    try {
                        claims(tokens, items, k, "sequential", seconds, warmup);
                    } finally {
                        balanced = false;
                    }
                }
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

    /**
     * Brings the app's JVM to steady state before anything is measured: a freshly started instance runs its first
     * twenty-odd seconds of claims through the interpreter and the JIT at two to three times the CPU per request
     * (measured: app 1.25–1.40 ms per claim + submit cold, 0.30–0.45 ms warm). A server runs for days; the figures
     * are for one that has warmed up. Claims and submits, untimed, on a scratch project of 100,000 items.
     */
    void warmApp(List<String> tokens, int k, int seconds) throws Exception {
        long project = project(100_000, k, "sequential");
        List<Http1> clients = new ArrayList<>();
        for (int t = 0; t < tokens.size(); t++) {
            clients.add(new Http1(URI.create(app)));
        }
        try {
            measure(tokens.size(), 0, seconds, claimThenSubmit(project, clients, tokens, new AtomicLong()), 0, null);
            System.out.printf("warmed the app up: %d s of claims and submits (not measured)%n", seconds);
        } finally {
            for (Http1 c : clients) {
                c.close();
            }
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
                return 0;
            }, 0, null), seconds);
        } finally {
            for (Connection c : conns) {
                c.close();
            }
        }
        List<Http1> clients = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            clients.add(new Http1(URI.create(app)));
        }
        Cpu cpu = new Cpu();
        Result me = measure(n, 1, seconds, t -> {
            Http1.Response r = clients.get(t).call("GET", "/api/v1/me", tokens.get(t));
            if (r.status() != 200) {
                throw new IllegalStateException("me → " + r.status() + " " + r.body());
            }
            return 0;
        }, 0, cpu);
        report("GET /api/v1/me (HTTP floor)", me, seconds);
        System.out.println("  " + cpu.perOperation(me.count()));
        for (Http1 c : clients) {
            c.close();
        }
    }

    /**
     * Fills a project with `items` items by SQL, then n annotators claim + submit as fast as they can (closed loop,
     * the saturation throughput); only the claim request is timed. Then, on a fresh project of the same size, the
     * same annotators offer a fixed total rate (--rate claims/s, open loop): the latency at that load.
     */
    void claims(List<String> tokens, int items, int k, String order, int seconds, int warmup) throws Exception {
        long project = project(items, k, order);
        try (Connection c = db(); Statement s = c.createStatement()) {
            s.execute("analyze project_item");
            s.execute("analyze assignment");
        }
        explain(project, tokens, order);
        warmup = items <= 100_000 ? Math.min(warmup, 1) : warmup;
        int n = tokens.size();
        List<Http1> clients = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            clients.add(new Http1(URI.create(app)));
        }
        AtomicLong empty = new AtomicLong();
        try {
            Cpu cpu = new Cpu();
            Result r = measure(n, warmup, seconds, claimThenSubmit(project, clients, tokens, empty), 0, cpu);
            report(String.format("%s, %s%s, %,d items), saturated", timed(), order, balanced ? ", balanced panel" : "",
                    items), r, seconds);
            System.out.println("  " + cpu.perOperation(r.count()));
            if (empty.get() > 0) {
                System.out.printf("  (%d claims answered 204: the project ran dry)%n", empty.get());
            }
            int rate = Integer.parseInt(o("rate", "1000"));
            if (rate > 0) {
                long fresh = items <= 100_000 ? project(items, k, order) : project;
                Cpu cpuOpen = new Cpu();
                Result open = measure(n, warmup, seconds, claimThenSubmit(fresh, clients, tokens, empty), rate, cpuOpen);
                report(String.format("%s, %s%s, %,d items), %,d/s offered", timed(), order,
                        balanced ? ", balanced panel" : "", items, rate), open, seconds);
                System.out.println("  " + cpuOpen.perOperation(open.count()));
            }
        } finally {
            for (Http1 c : clients) {
                c.close();
            }
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

    /** What the latencies are of: the claim (queue/next) or the submit, with or without a label written before. */
    String timed() {
        String what = o("timed", "claim").equals("submit") ? "submit (assignments/{id}/submit" : "claim (queue/next";
        return what + (Boolean.parseBoolean(o("label", "false")) ? ", a stance label before each submit" : "");
    }

    /**
     * Annotator t claims, then submits what it got; only the claim request is timed (--timed claim, the default) or
     * only the submit (--timed submit: what the submit's refresh of the item's stored figures costs, V46). With
     * --label true a stance label is written (untimed) before the submit, so that the refresh has a figure to
     * compute, as a real submit does. -1 once nothing is left.
     */
    Op claimThenSubmit(long project, List<Http1> clients, List<String> tokens, AtomicLong empty) {
        boolean timeSubmit = o("timed", "claim").equals("submit");
        boolean label = Boolean.parseBoolean(o("label", "false"));
        return t -> {
            long t0 = System.nanoTime();
            Http1.Response next = clients.get(t).call("POST", "/api/v1/projects/" + project + "/queue/next", tokens.get(t));
            long claimNanos = System.nanoTime() - t0;
            if (next.status() == 204) {
                empty.incrementAndGet();
                return -1;
            }
            if (next.status() != 200) {
                throw new IllegalStateException("next → " + next.status() + " " + next.body());
            }
            String id = match(ASSIGNMENT, next.body());
            if (label) {
                // Labels go round the three stance values by assignment id: items get agreeing and disagreeing panels.
                String value = LABELS[(int) (Long.parseLong(id) % LABELS.length)];
                Http1.Response written = clients.get(t).call("POST", "/api/v1/assignments/" + id + "/annotations",
                        tokens.get(t), "{\"layer\":\"stance\",\"label\":\"" + value + "\"}");
                if (written.status() != 201 && written.status() != 200) {
                    throw new IllegalStateException("label → " + written.status() + " " + written.body());
                }
            }
            long s0 = System.nanoTime();
            Http1.Response submit = clients.get(t).call("POST", "/api/v1/assignments/" + id + "/submit", tokens.get(t));
            long submitNanos = System.nanoTime() - s0;
            if (submit.status() != 200) {
                throw new IllegalStateException("submit → " + submit.status() + " " + submit.body());
            }
            return timeSubmit ? submitNanos : claimNanos;
        };
    }

    /**
     * The database share alone: n JDBC connections, each one annotator, call the same functions the app calls
     * (queue_next, then queue_act submit), on autocommit connections as the app does: no HTTP, no JSON, no auth.
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
            conns.add(db());
        }
        try {
            Cpu cpu = new Cpu();
            Result r = measure(n, warmup, seconds, t -> {
                Connection c = conns.get(t);
                long t0 = System.nanoTime();
                long assignment;
                try (PreparedStatement ps = c.prepareStatement("select outcome, assignment_id from queue_next(?, ?, 1800000, ?)")) {
                    ps.setLong(1, project);
                    ps.setLong(2, annotators[t]);
                    ps.setInt(3, (int) (annotators[t] * 2654435761L % 2147483647L));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (!rs.getString(1).equals("lease")) {
                            return -1;
                        }
                        assignment = rs.getLong(2);
                    }
                }
                long claimNanos = System.nanoTime() - t0;
                try (PreparedStatement ps = c.prepareStatement("select outcome from queue_act(?, ?, 'submit', 0, 60000)")) {
                    ps.setLong(1, assignment);
                    ps.setLong(2, annotators[t]);
                    ps.executeQuery().close();
                }
                return claimNanos;
            }, 0, cpu);
            report("  queue_next + queue_act submit (JDBC, claim timed)", r, seconds);
            System.out.println("  " + cpu.perOperation(r.count()));
        } finally {
            for (Connection c : conns) {
                c.close();
            }
        }
    }

    /** Source, articles and project items straight into the database (one generate_series each). */
    long project(int items, int k, String order) throws Exception {
        long t0 = System.nanoTime();
        String name = "bench-" + tag + "-" + order + (balanced ? "-balanced" : "") + "-" + items + "-" + projects.size();
        String sourceBody = call("POST", "/api/v1/sources", admin,
                "{\"name\":\"" + name + "\",\"domain\":\"bench.example\",\"kind\":\"outlet\"}", 201);
        long source = Long.parseLong(match(ID, sourceBody));
        sources.add(source);
        Long reuse = articlesBySize.get(items);
        String panel = balanced ? ",\"raterAttributes\":[{\"name\":\"lean\",\"values\":[\"left\",\"center\",\"right\"]}],"
                + "\"panel\":{\"balanceBy\":\"lean\"}" : "";
        String projectBody = call("POST", "/api/v1/projects", admin, "{\"name\":\"" + name
                + "\",\"annotatorsPerItem\":" + k + ",\"order\":\"" + order + "\",\"taxonomy\":\"default\"" + panel + "}", 201);
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
            // Only members claim: the bench's annotators join every bench project.
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into project_member (project_id, user_id, profile)
                    select ?, id, jsonb_build_object('lean', (array['left', 'center', 'right'])[1 + (row_number() over (order by id)) % 3])
                    from app_user where username like 'bench-' || ? || '-%'
                    """)) {
                ps.setLong(1, project);
                ps.setString(2, tag);
                ps.executeUpdate();
            }
            c.commit();
        }
        articlesBySize.putIfAbsent(items, source);
        System.out.printf("%nfilled project %d (%s) with %,d items in %.1f s%n", project, order, items,
                (System.nanoTime() - t0) / 1e9);
        return project;
    }

    /**
     * EXPLAIN ANALYZE of the statements inside one real claim (queue_next) by a fresh annotator, through auto_explain
     * with nested statements, sent back to this session as notices; the transaction is rolled back. Needs a superuser
     * connection (LOAD); says so and moves on otherwise.
     */
    void explain(long project, List<String> tokens, String order) throws Exception {
        String me = call("GET", "/api/v1/me", tokens.get(0), null, 200);
        long annotator = Long.parseLong(match(ID, me));
        try (Connection c = db(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                s.execute("load 'auto_explain'");
                s.execute("set local auto_explain.log_min_duration = 0");
                s.execute("set local auto_explain.log_nested_statements = on");
                s.execute("set local auto_explain.log_analyze = on");
                s.execute("set local auto_explain.log_buffers = on");
                s.execute("set local auto_explain.log_timing = off");
                s.execute("set local auto_explain.log_level = notice");
                s.execute("set local client_min_messages = notice");
                s.clearWarnings();
                try (ResultSet rs = s.executeQuery("select outcome from queue_next(" + project + ", " + annotator
                        + ", 1000, 1234567890)")) {
                    rs.next();
                }
                System.out.println("  EXPLAIN of the statements in one " + order + " claim (auto_explain, rolled back):");
                for (java.sql.SQLWarning w = s.getWarnings(); w != null; w = w.getNextWarning()) {
                    String plan = w.getMessage();
                    if (plan.contains("project_item") || plan.contains("assignment")) {
                        for (String line : plan.split("\n")) {
                            System.out.println("    " + line);
                        }
                    }
                }
            } catch (SQLException e) {
                System.out.println("  (no EXPLAIN: " + e.getMessage() + ")");
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
        Cpu cpu = new Cpu();
        cpu.start();
        long t0 = System.nanoTime();
        HttpResponse<String> r = send("POST", "/api/v1/projects/" + project + "/annotations/import", admin, body.toString());
        double secs = (System.nanoTime() - t0) / 1e9;
        cpu.stop();
        if (r.statusCode() == 404 || r.statusCode() == 405) {
            System.out.printf("%nannotation import: endpoint not available on this build (%d) — not measured%n", r.statusCode());
            return;
        }
        System.out.printf("%nannotation import: %,d lines in %.2f s = %,.0f annotations/s → %d %s%n", made, secs, made / secs,
                r.statusCode(), r.body().length() > 300 ? r.body().substring(0, 300) + "…" : r.body());
        System.out.println("  " + cpu.perOperation(made / 1000).replace("per operation", "per 1,000 annotations"));
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
        /**
         * One operation for thread t: the nanoseconds to record for it, 0 to record the whole call's duration, or -1
         * when there was nothing to do (the project ran dry), which ends the run.
         */
        long run(int t) throws Exception;
    }

    record Result(long[] nanos, long count, double seconds) {
    }

    /**
     * n threads run op: warm-up seconds unrecorded, then measured seconds with per-op latencies kept.
     * rate = 0: closed loop, each thread as fast as it can (the saturation throughput; latency then is mostly queueing,
     * n / throughput by Little's law). rate > 0: open loop, the threads together start `rate` operations per second on
     * a fixed schedule, and a latency counts from the scheduled start, so a late start is part of it (no coordinated
     * omission). cpu, when given, is read at the start and end of the measured window.
     */
    Result measure(int n, int warmup, int seconds, Op op, int rate, Cpu cpu) throws Exception {
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        AtomicLong dryAt = new AtomicLong();
        List<long[]> perThread = new ArrayList<>();
        int[] counts = new int[n];
        List<Throwable> errors = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(n);
        long interval = rate > 0 ? Math.round(1e9 * n / rate) : 0;
        long start = System.nanoTime();
        for (int t = 0; t < n; t++) {
            long[] lat = new long[200_000];
            perThread.add(lat);
            int thread = t;
            Thread th = new Thread(() -> {
                try {
                    long scheduled = start + interval * thread / n;
                    while (!stop.get()) {
                        long lag = 0;
                        if (interval > 0) {
                            long wait = scheduled - System.nanoTime();
                            if (wait > 0) {
                                java.util.concurrent.locks.LockSupport.parkNanos(wait);
                            }
                            lag = Math.max(0, System.nanoTime() - scheduled);
                            scheduled += interval;
                        }
                        long t0 = System.nanoTime();
                        long recorded = op.run(thread);
                        long dt = System.nanoTime() - t0;
                        if (recorded >= 0 && measuring.get() && counts[thread] < lat.length) {
                            lat[counts[thread]++] = lag + (recorded == 0 ? dt : recorded);
                        }
                        if (recorded < 0) {
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
        if (cpu != null) {
            cpu.start();
        }
        measuring.set(!stop.get());
        long end = t0 + seconds * 1_000_000_000L;
        while (!stop.get() && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        measuring.set(false);
        if (cpu != null) {
            cpu.stop();
        }
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

    /**
     * A minimal blocking HTTP/1.1 client on one keep-alive socket, for the measured loops: the JDK HttpClient costs
     * about as much CPU per request as the server's whole request path, and on a 2-core machine every cycle the
     * driver burns is taken from the app and PostgreSQL. Handles Content-Length and chunked bodies, nothing else.
     */
    static final class Http1 implements AutoCloseable {
        record Response(int status, String body) {
        }

        private final String host;
        private final java.net.Socket socket;
        private final java.io.InputStream in;
        private final java.io.OutputStream out;

        Http1(URI app) throws java.io.IOException {
            host = app.getHost() + ":" + app.getPort();
            socket = new java.net.Socket(app.getHost(), app.getPort());
            socket.setTcpNoDelay(true);
            in = new java.io.BufferedInputStream(socket.getInputStream(), 64 * 1024);
            out = new java.io.BufferedOutputStream(socket.getOutputStream(), 8 * 1024);
        }

        Response call(String method, String path, String token) throws java.io.IOException {
            return call(method, path, token, null);
        }

        /** The same with a JSON body (null: none). */
        Response call(String method, String path, String token, String json) throws java.io.IOException {
            byte[] payload = json == null ? new byte[0] : json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String head = method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + token
                    + (json == null ? "" : "\r\nContent-Type: application/json")
                    + "\r\nContent-Length: " + payload.length + "\r\n\r\n";
            out.write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(payload);
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            int length = 0;
            boolean chunked = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                String lower = h.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream(Math.max(length, 256));
            if (chunked) {
                for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                    body.write(in.readNBytes(size));
                    line();
                }
                line();
            } else {
                body.write(in.readNBytes(length));
            }
            return new Response(status, body.toString(java.nio.charset.StandardCharsets.UTF_8));
        }

        private String line() throws java.io.IOException {
            StringBuilder b = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new java.io.EOFException("connection closed");
                }
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
        }
    }

    /**
     * CPU time spent during the measured window by the app (the java process running quarkus-run.jar), by all
     * PostgreSQL processes and by this driver, from /proc (Linux only; prints nothing elsewhere). Per operation it
     * says where a 2-core machine's budget went.
     */
    static final class Cpu {
        private final Map<String, Long> begin = new HashMap<>();
        private final Map<String, Long> delta = new HashMap<>();
        private long wallStart;
        private long wall;

        void start() {
            begin.putAll(read());
            wallStart = System.nanoTime();
        }

        void stop() {
            wall = System.nanoTime() - wallStart;
            read().forEach((k, v) -> delta.put(k, v - begin.getOrDefault(k, 0L)));
        }

        String perOperation(long ops) {
            if (delta.isEmpty() || ops == 0) {
                return "";
            }
            StringBuilder b = new StringBuilder("CPU per operation:");
            for (String who : List.of("app", "postgres", "driver", "other")) {
                b.append(String.format(" %s %.2f ms", who, delta.getOrDefault(who, 0L) * 10.0 / ops));
            }
            long busy = delta.values().stream().mapToLong(Long::longValue).sum();
            b.append(String.format("  (machine busy %.0f%% of %d cores)", busy * 10.0 * 1e6 / wall * 100
                    / Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().availableProcessors()));
            return b.toString();
        }

        /** Clock ticks (utime + stime, 1/100 s) per group, summed over live processes. */
        private static Map<String, Long> read() {
            Map<String, Long> ticks = new HashMap<>();
            java.io.File[] procs = new java.io.File("/proc").listFiles((d, name) -> name.chars().allMatch(Character::isDigit));
            if (procs == null) {
                return ticks;
            }
            long self = ProcessHandle.current().pid();
            for (java.io.File proc : procs) {
                try {
                    String stat = java.nio.file.Files.readString(proc.toPath().resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String group;
                    if (Long.parseLong(proc.getName()) == self) {
                        group = "driver";
                    } else if (comm.startsWith("postgres")) {
                        group = "postgres";
                    } else if (comm.equals("java") && java.nio.file.Files.readString(proc.toPath().resolve("cmdline"))
                            .contains("quarkus-run.jar")) {
                        group = "app";
                    } else {
                        group = "other";
                    }
                    ticks.merge(group, t, Long::sum);
                } catch (Exception gone) {
                    // the process ended between listing and reading: its time is lost to this window
                }
            }
            return ticks;
        }
    }
}
