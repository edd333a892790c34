package io.crosscheck.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many annotators hammering next/submit/skip/heartbeat over plain HTTP against one or more app instances, then the
 * queue invariants checked with SQL. Shared by the in-process concurrency test and the two-instance IT.
 *
 * <p>Every random choice (which action, which instance) comes from a {@link Random} per worker derived from one seed,
 * so a failure names its seed and {@code -Dqueue.hammer.seed=<seed>} replays the same choices (the threads'
 * interleaving is up to the machine, which is the point of the test).
 */
final class QueueHammer {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * A phase that has not ended by then is taken for a hang (a worker that never gets its 204), not for slowness: it
     * is generous because several hammers may share the machine (QueueTwoInstancesIT runs three at once).
     */
    private static final long PHASE_LIMIT_SECONDS = 300;

    private final List<URI> bases;
    private final String adminToken;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    /**
     * Per annotator: article id (negated for round 2, which hands the same article out once more) → the assignment
     * ids it came with (more than one = a double assignment).
     */
    private final Map<Long, Map<Long, Set<Long>>> received = new ConcurrentHashMap<>();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong submits = new AtomicLong();
    /** Successful submits of round-2 assignments (two-round projects), apart from the round-1 ones above. */
    final AtomicLong revisions = new AtomicLong();
    final AtomicLong skips = new AtomicLong();

    long projectId;
    int items;
    int k;
    private List<long[]> annotators;   // {id} with token alongside
    private List<String> tokens;

    final long seed;
    /** Choices made while setting up (one thread). */
    private final Random setupRandom;

    QueueHammer(List<URI> bases, String adminToken) {
        this.bases = bases;
        this.adminToken = adminToken;
        this.seed = Long.getLong("queue.hammer.seed", new Random().nextLong());
        this.setupRandom = new Random(seed);
        System.out.println("QueueHammer seed " + seed + " (replay with -Dqueue.hammer.seed=" + seed + ")");
    }

    /** Runs a step; a failure in it names the seed. */
    <T> T seeded(java.util.concurrent.Callable<T> step) throws Exception {
        try {
            return step.call();
        } catch (AssertionError | Exception e) {
            AssertionError named = new AssertionError("QueueHammer seed " + seed + " (replay with -Dqueue.hammer.seed="
                    + seed + "): " + e.getMessage(), e);
            throw named;
        }
    }

    /** Creates a source, the articles (one NDJSON import), a sequential project with k per item, and the annotators. */
    void setUp(int items, int k, int annotatorCount) throws Exception {
        setUp(items, k, annotatorCount, "sequential");
    }

    /** The same with the project's queue order given: sequential or random. */
    void setUp(int items, int k, int annotatorCount, String order) throws Exception {
        setUp(items, k, annotatorCount, order, false);
    }

    /** The leans of a balanced hammer project; annotator i leans {@code LEANS[i % 3]}. */
    static final List<String> LEANS = List.of("left", "center", "right");
    private boolean balanced;

    /**
     * With {@code balanced}: the project declares a rater attribute "lean" (left, center, right) and balances each
     * item's panel over it; the annotators' leans go round the three values.
     */
    void setUp(int items, int k, int annotatorCount, String order, boolean balanced) throws Exception {
        setUp(items, k, annotatorCount, order, balanced, 0);
    }

    /** Raters label the stance layer at random before submitting, so escalation has disagreement to act on. */
    private int escalateTo;

    /**
     * With {@code escalateTo} above k: the project escalates items whose stance labels agree less than 0.5 (per-item α)
     * up to that many raters, and every submit carries a random stance label.
     */
    void setUp(int items, int k, int annotatorCount, String order, boolean balanced, int escalateTo) throws Exception {
        setUp(items, k, annotatorCount, order, balanced, escalateTo, false);
    }

    /** Two rounds (SPEC §8): every rater of a complete item is offered a revision, which the hammer treats as work. */
    private boolean rounds;

    /** With {@code rounds}: the project has {@code "rounds": 2}, and raters label the stance layer at random. */
    void setUp(int items, int k, int annotatorCount, String order, boolean balanced, int escalateTo, boolean rounds)
            throws Exception {
        seeded(() -> {
            createProject(items, k, annotatorCount, order, balanced, escalateTo, rounds);
            return null;
        });
    }

    private void createProject(int items, int k, int annotatorCount, String order, boolean balanced, int escalateTo,
                               boolean rounds) throws Exception {
        this.balanced = balanced;
        this.rounds = rounds;
        this.escalateTo = escalateTo;
        this.items = items;
        this.k = k;
        String tag = UUID.randomUUID().toString().substring(0, 8);
        long source = call("POST", "/api/v1/sources", adminToken,
                Map.of("name", "hammer-" + tag, "domain", "hammer.example", "kind", "outlet"), 201).get("id").asLong();
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < items; i++) {
            ndjson.append(JSON.writeValueAsString(Map.of("sourceId", source, "title", "Hammer " + tag + " " + i,
                    "text", "Article " + i + " of hammer run " + tag + "."))).append('\n');
        }
        HttpResponse<String> imported = send(HttpRequest.newBuilder(base(setupRandom).resolve("/api/v1/articles/import"))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(ndjson.toString())).build());
        assertEquals(200, imported.statusCode(), imported.body());
        JsonNode list = call("GET", "/api/v1/articles?sourceId=" + source + "&size=1000", adminToken, null, 200);
        List<Long> articleIds = new ArrayList<>();
        list.get("items").forEach(a -> articleIds.add(a.get("id").asLong()));
        assertEquals(items, articleIds.size());
        Map<String, Object> project = new java.util.HashMap<>(Map.of("name", "hammer-" + tag, "annotatorsPerItem", k,
                "order", order, "taxonomy", "default"));
        if (escalateTo > k) {
            project.put("escalation", Map.of("layer", "stance", "belowAgreement", 0.5, "maxAnnotatorsPerItem", escalateTo));
        }
        if (rounds) {
            project.put("rounds", 2);
        }
        if (balanced) {
            project.put("raterAttributes", List.of(Map.of("name", "lean", "values", LEANS)));
            project.put("panel", Map.of("balanceBy", "lean"));
        }
        projectId = call("POST", "/api/v1/projects", adminToken, project, 201).get("id").asLong();
        call("POST", "/api/v1/projects/" + projectId + "/items", adminToken, Map.of("articleIds", articleIds), 200);
        annotators = new ArrayList<>();
        tokens = new ArrayList<>();
        for (int i = 0; i < annotatorCount; i++) {
            JsonNode user = call("POST", "/api/v1/users", adminToken,
                    Map.of("username", "hammer-" + tag + "-" + i, "role", "annotator"), 201);
            annotators.add(new long[]{user.get("id").asLong()});
            tokens.add(user.get("token").asText());
        }
        call("POST", "/api/v1/projects/" + projectId + "/members", adminToken,
                Map.of("userIds", annotators.stream().map(a -> a[0]).toList()), 200);
        if (balanced) {
            for (int i = 0; i < annotators.size(); i++) {
                call("PUT", "/api/v1/projects/" + projectId + "/members/" + annotators.get(i)[0], adminToken,
                        Map.of("profile", Map.of("lean", LEANS.get(i % LEANS.size()))), 200);
            }
        }
    }

    /**
     * Phase 1: two threads per annotator (so one annotator races itself) claim and then submit, skip, heartbeat or
     * re-ask next at random until the queue has nothing for them. Phase 2: one thread per annotator claims and
     * submits, never skipping, until 204 — after it every item must have exactly k submissions.
     */
    void run() throws Exception {
        seeded(() -> {
            hammer();
            return null;
        });
    }

    private void hammer() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(annotators.size() * 2);
        try {
            List<Future<?>> phase1 = new ArrayList<>();
            for (int i = 0; i < annotators.size(); i++) {
                int a = i;
                Random first = workerRandom(2 * a);
                Random twin = workerRandom(2 * a + 1);
                phase1.add(pool.submit(() -> work(a, true, first)));
                phase1.add(pool.submit(() -> work(a, true, twin)));
            }
            for (Future<?> f : phase1) {
                f.get(PHASE_LIMIT_SECONDS, TimeUnit.SECONDS);
            }
            List<Future<?>> phase2 = new ArrayList<>();
            for (int i = 0; i < annotators.size(); i++) {
                int a = i;
                Random random = workerRandom(2 * annotators.size() + a);
                phase2.add(pool.submit(() -> work(a, false, random)));
            }
            for (Future<?> f : phase2) {
                f.get(PHASE_LIMIT_SECONDS, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The worker's own generator: a fixed function of the seed and the worker's number. */
    Random workerRandom(int worker) {
        return new Random(seed * 1_000_003L + worker);
    }

    private Void work(int a, boolean chaos, Random random) throws Exception {
        String token = tokens.get(a);
        long annotatorId = annotators.get(a)[0];
        while (true) {
            HttpResponse<String> next = post("/api/v1/projects/" + projectId + "/queue/next", token, random);
            if (next.statusCode() == 204) {
                return null;
            }
            if (next.statusCode() != 200) {
                violations.add("next → " + next.statusCode() + " " + next.body());
                return null;
            }
            JsonNode claim = JSON.readTree(next.body());
            long assignment = claim.get("assignmentId").asLong();
            long article = claim.get("articleId").asLong();
            int round = claim.path("round").asInt(1);
            Set<Long> seen = received.computeIfAbsent(annotatorId, x -> new ConcurrentHashMap<>())
                    .computeIfAbsent(round == 2 ? -article : article, x -> ConcurrentHashMap.newKeySet());
            seen.add(assignment);
            if (seen.size() > 1) {
                violations.add("annotator " + annotatorId + " got article " + article + " as " + seen);
            }
            int dice = chaos ? random.nextInt(100) : 0;
            if (dice >= 85) {
                expect(post("/api/v1/assignments/" + assignment + "/skip", token, random), "skip", 200, 409);
                skips.incrementAndGet();
            } else if (dice >= 75) {
                HttpResponse<String> again = post("/api/v1/projects/" + projectId + "/queue/next", token, random);
                // The twin thread may have ended the lease meanwhile: then a different item (or 204) is right.
                if (again.statusCode() != 200 && again.statusCode() != 204) {
                    violations.add("second next → " + again.statusCode());
                }
            } else {
                if (dice >= 70) {
                    expect(post("/api/v1/assignments/" + assignment + "/heartbeat", token, random), "heartbeat", 200, 409);
                }
                if (escalateTo > k || rounds) {
                    String label = List.of("pro", "neutral", "anti").get(random.nextInt(3));
                    expect(send(HttpRequest.newBuilder(base(random).resolve("/api/v1/assignments/" + assignment + "/annotations"))
                            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"layer\":\"stance\",\"label\":\"" + label + "\"}"))
                            .build()), "label", 201, 200, 409);
                }
                if (expect(post("/api/v1/assignments/" + assignment + "/submit", token, random), "submit", 200, 409) == 200) {
                    (round == 2 ? revisions : submits).incrementAndGet();
                }
            }
        }
    }

    /** 409 is allowed only because the annotator's twin thread may have ended the same assignment first. */
    private int expect(HttpResponse<String> r, String what, int... allowed) {
        for (int s : allowed) {
            if (r.statusCode() == s) {
                return s;
            }
        }
        violations.add(what + " → " + r.statusCode() + " " + r.body());
        return r.statusCode();
    }

    /** The invariants, read straight from the database after the run. */
    void checkInvariants(Connection c) throws Exception {
        seeded(() -> {
            checkInvariantsNow(c);
            return null;
        });
    }

    private void checkInvariantsNow(Connection c) throws SQLException {
        assertTrue(violations.isEmpty(), "client-side violations: " + violations.stream().limit(20).toList());
        assertEquals(0, count(c, "select count(*) from (select item_id, annotator_id from assignment where project_id = ? "
                + "group by item_id, annotator_id, round having count(*) > 1) d"), "an annotator twice on one item in a round");
        // The item counters describe the round-1 panel; round-2 assignments (two-round projects) take no slot.
        assertEquals(0, count(c, "select count(*) from project_item i where project_id = ? and ("
                + "active_count <> (select count(*) from assignment a where a.item_id = i.id and a.round = 1 "
                + "and a.status in ('leased', 'submitted')) "
                + "or submitted_count <> (select count(*) from assignment a where a.item_id = i.id and a.round = 1 "
                + "and a.status = 'submitted'))"),
                "counters differ from the real counts");
        assertEquals(0, count(c, "select count(*) from project_item i where project_id = ? and "
                + "(select count(*) from assignment a where a.item_id = i.id and a.round = 1 "
                + "and a.status in ('leased', 'submitted')) > capacity"),
                "more than k active on an item");
        // Escalation adds raters one at a time: capacity is k plus the escalations, never above the maximum, and
        // every slot is submitted once everyone got 204.
        assertEquals(0, count(c, "select count(*) from project_item where project_id = ? and (capacity <> " + k
                + " + escalations or capacity > " + Math.max(k, escalateTo) + ")"), "capacities other than k + escalations");
        assertEquals(0, count(c, "select count(*) from project_item where project_id = ? and submitted_count <> capacity"),
                "items without exactly their capacity (k, plus escalations) of submissions");
        assertEquals(0, count(c, "select count(*) from assignment where project_id = ? and status = 'leased'"),
                "leases left over after everyone got 204");
        long expected = count(c, "select coalesce(sum(capacity), 0) from project_item where project_id = ?");
        if (escalateTo <= k) {
            assertEquals((long) items * k, expected);
        } else {
            // Random labels over three values: most panels of three disagree, so escalation must have happened.
            assertTrue(expected > (long) items * k, "no item was escalated");
            assertEquals(count(c, "select count(*) from audit_event where project_id = ? and action = 'escalate'"),
                    expected - (long) items * k, "one audited escalation per added rater");
        }
        assertEquals(expected, count(c, "select count(*) from assignment where project_id = ? and round = 1 and status = 'submitted'"));
        assertEquals(expected, submits.get(), "successful submits seen by clients");
        long revised = count(c, "select count(*) from assignment where project_id = ? and round = 2 and status = 'submitted'");
        assertEquals(revised, revisions.get(), "successful round-2 submits seen by clients");
        assertEquals(expected + revised, count(c, "select count(*) from audit_event where project_id = ? and action = 'submit'"));
        if (balanced) {
            checkPanels(c);
        }
        if (rounds) {
            checkRounds(c, expected);
        } else {
            assertEquals(0, count(c, "select count(*) from assignment where project_id = ? and round <> 1"),
                    "a one-round project with round-2 work");
        }
    }

    /**
     * Two rounds: once everyone got 204, every rater of every item was offered exactly one revision (exactly k per
     * item, each to a rater of its panel), none before the item's panel had submitted (its lease starts after the
     * panel's last round-1 submit), none is still due, and revisions never touched the item counters (checked above).
     */
    private void checkRounds(Connection c, long roundOne) throws SQLException {
        assertEquals(roundOne, count(c, "select count(*) from assignment where project_id = ? and round = 2"),
                "not exactly one revision per round-1 judgement");
        assertEquals(0, count(c, "select count(*) from assignment r where r.project_id = ? and r.round = 2 and not exists "
                + "(select 1 from assignment a where a.item_id = r.item_id and a.annotator_id = r.annotator_id "
                + "and a.round = 1 and a.status = 'submitted')"), "a revision for a rater who was not on the panel");
        assertEquals(0, count(c, "select count(*) from assignment r where r.project_id = ? and r.round = 2 and r.leased_at < "
                + "(select max(a.ended_at) from assignment a where a.item_id = r.item_id and a.round = 1 "
                + "and a.status = 'submitted')"), "a revision offered before the item's panel had submitted");
        assertEquals(0, count(c, "select count(*) from assignment where project_id = ? and revision_due"),
                "revisions still due after everyone got 204");
        assertTrue(revisions.get() > 0, "no revision was submitted");
    }

    /**
     * Balanced panels (round 1: a revision is no place on the panel and carries no lean): every live or submitted
     * assignment carries its rater's lean, and on every item the three leans'
     * counts are within one of each other (pairwise different leans while k <= 3). With exactly k submissions on
     * every item after phase 2 (checked above), no item starved while a rater who fitted it was still asking.
     */
    private void checkPanels(Connection c) throws SQLException {
        assertEquals(0, count(c, "select count(*) from assignment a join project_member m on m.project_id = a.project_id "
                + "and m.user_id = a.annotator_id where a.project_id = ? and a.round = 1 and a.status in ('leased', 'submitted') "
                + "and a.panel_value is distinct from m.profile ->> 'lean'"), "an assignment without its rater's lean");
        assertEquals(0, count(c, "select count(*) from project_item i where i.project_id = ? and "
                + "(select max(n) - min(n) from (select (select count(*) from assignment a where a.item_id = i.id "
                + "and a.round = 1 and a.status in ('leased', 'submitted') and a.panel_value = v) as n "
                + "from unnest(array['left', 'center', 'right']) as v) t) > 1"), "panels out of balance");
        assertEquals(0, count(c, "select count(*) from (select item_id from assignment where project_id = ? "
                + "and round = 1 and status = 'submitted' group by item_id having count(*) <= " + LEANS.size()
                + " and count(distinct panel_value) <> count(*)) d"),
                "two raters of one lean on an item while another lean was missing");
    }

    private long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, projectId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private URI base(Random random) {
        return bases.get(random.nextInt(bases.size()));
    }

    private HttpResponse<String> post(String path, String token, Random random) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base(random).resolve(path)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private JsonNode call(String method, String path, String token, Object body, int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base(setupRandom).resolve(path)).header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = send(b.build());
        assertEquals(expected, r.statusCode(), method + " " + path + ": " + r.body());
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        requests.incrementAndGet();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
