package io.crosscheck.review;

import io.crosscheck.testing.Fixtures.TestUser;
import io.crosscheck.testing.Fixtures;
import io.crosscheck.work.CompactWork;
import io.crosscheck.work.ItemFigureStore;
import io.crosscheck.work.ItemFigures;
import io.crosscheck.work.WorkLayer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.crosscheck.testing.Fixtures.as;
import static io.crosscheck.testing.Fixtures.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stored per-item figures (V46, {@link ItemFigureStore}) against the pass over the work that served the review
 * queue before ({@link ReviewQueuePass}, reading CompactWork's rows): after imports, queue submits (single and
 * batch annotation writes), adjudication, a rebuild of a project written by SQL, and concurrent submits on one item,
 * every page (each layer, all layers, sourceId, maxAgreement, paging) has the same rows in the same order with the
 * same figures and total, and the stored layer counts equal the aggregate over the work.
 */
@QuarkusTest
class ItemFigureStoreTest {

    static final List<String> STANCE = List.of("pro", "neutral", "anti");
    static final List<String> RELIABILITY = List.of("1", "2", "3", "4", "5");
    static final List<String> SCORE = List.of("0", "1", "2.5", "4");
    static final List<String> CLAIMS = List.of("supported", "unsupported");

    @Inject
    CompactWork loader;

    @Inject
    EntityManager em;

    record Fixture(long project, long[] sources, long[] articles, String[] texts, List<String> coders) {
    }

    /** A project of four layers (nominal, ordinal, interval, span), k = 3, random imported work on two sources. */
    Fixture randomProject(Random random, int items) {
        long[] sources = {Fixtures.source(), Fixtures.source()};
        long project = Fixtures.project(3, List.of(Fixtures.documentLayer("stance", "nominal", STANCE),
                Fixtures.documentLayer("reliability", "ordinal", RELIABILITY),
                Fixtures.documentLayer("score", "interval", SCORE), Fixtures.spanLayer("claims", CLAIMS)));
        long[] articles = new long[items];
        String[] texts = new String[items];
        for (int i = 0; i < items; i++) {
            texts[i] = "Stored figures text number " + i + " with some words to mark " + Fixtures.unique("f");
            articles[i] = Fixtures.article(sources[i % 2], texts[i]);
        }
        Fixtures.addItems(project, java.util.Arrays.stream(articles).boxed().toList());
        List<String> coders = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            coders.add(Fixtures.unique("sf-coder-" + c));
        }
        List<Map<String, Object>> lines = new ArrayList<>();
        // the last quarter of the items is left for the queue
        for (int i = 0; i < items * 3 / 4; i++) {
            for (String coder : coders) {
                if (random.nextDouble() < 0.2) {
                    continue; // did not do the item
                }
                lines.addAll(randomWork(random, i, articles[i], texts[i], coder));
            }
        }
        importLines(project, lines);
        return new Fixture(project, sources, articles, texts, coders);
    }

    static void importLines(long project, List<Map<String, Object>> lines) {
        StringBuilder body = new StringBuilder();
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (Map<String, Object> line : lines) {
            try {
                body.append(json.writeValueAsString(line)).append('\n');
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException(e);
            }
        }
        String answer = asAdmin().contentType("application/x-ndjson")
                .body(body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/api/v1/projects/" + project + "/annotations/import").then().statusCode(200)
                .extract().asString();
        assertTrue(answer.contains("\"failed\":0"), answer);
    }

    /** One coder's random lines on one item: labels on each document layer (some missing), a few spans. */
    static List<Map<String, Object>> randomWork(Random random, int i, long article, String text, String coder) {
        List<Map<String, Object>> lines = new ArrayList<>();
        lines.add(Map.of("articleId", article, "annotator", coder, "layer", "stance")); // did the item, even with nothing marked
        for (Object[] layer : new Object[][]{{"stance", STANCE}, {"reliability", RELIABILITY}, {"score", SCORE}}) {
            @SuppressWarnings("unchecked")
            List<String> labels = (List<String>) layer[1];
            if (random.nextDouble() < 0.85) {
                String label = random.nextDouble() < 0.6 ? labels.get(i % labels.size())
                        : labels.get(random.nextInt(labels.size()));
                lines.add(Map.of("articleId", article, "annotator", coder, "layer", layer[0], "label", label));
            }
        }
        int spans = random.nextInt(3);
        for (int s = 0; s < spans; s++) {
            int start = random.nextInt(3) * 7 + random.nextInt(2);
            int end = start + 4 + random.nextInt(6);
            lines.add(Map.of("articleId", article, "annotator", coder, "layer", "claims",
                    "label", CLAIMS.get(random.nextInt(2)), "start", start, "end", end, "quote", text.substring(start, end)));
        }
        return lines;
    }

    /** Every page the queue can be asked for, against the pass over the work. */
    void assertPagesEqualThePass(Fixture f) {
        TestUser supervisor = Fixtures.supervisor();
        List<String> layers = new ArrayList<>(List.of(""));
        layers.addAll(List.of("stance", "reliability", "score", "claims"));
        for (String layer : layers) {
            for (Long source : new Long[]{null, f.sources()[1]}) {
                for (Double max : new Double[]{null, 0.4, 0.0}) {
                    for (int[] page : max == null ? new int[][]{{0, 100}, {1, 4}, {50, 2}} : new int[][]{{0, 100}}) {
                        assertPage(supervisor, f.project(), layer, source, max, page[0], page[1]);
                    }
                }
            }
        }
        assertLayerCountsEqualTheAggregate(f.project());
    }

    void assertPage(TestUser supervisor, long project, String layer, Long source, Double max, int page, int size) {
        String where = "layer=" + layer + " source=" + source + " max=" + max + " page=" + page + " size=" + size;
        var request = as(supervisor.token()).queryParam("page", page).queryParam("size", size);
        if (!layer.isEmpty()) {
            request.queryParam("layer", layer);
        }
        if (source != null) {
            request.queryParam("sourceId", source);
        }
        if (max != null) {
            request.queryParam("maxAgreement", max);
        }
        JsonPath body = request.when().get("/api/v1/projects/" + project + "/review-queue").then().statusCode(200)
                .extract().jsonPath().using(JsonPathConfig.jsonPathConfig()
                        .numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));

        CompactWork.Snapshot s = loader.load(project, null, true);
        List<WorkLayer> asked = layer.isEmpty() ? s.layers()
                : s.layers().stream().filter(l -> l.name().equals(layer)).toList();
        int offset = page * size;
        ReviewQueuePass.Result expected = ReviewQueuePass.page(s, asked, source, max, offset + size);
        List<ReviewQueuePass.Candidate> rows = expected.rows().subList(Math.min(offset, expected.rows().size()),
                expected.rows().size());
        assertEquals(expected.total(), ((Number) body.get("total")).longValue(), where + " total");
        List<Map<String, Object>> items = body.getList("items");
        assertEquals(rows.size(), items.size(), where + " rows");
        for (int r = 0; r < rows.size(); r++) {
            ReviewQueuePass.Candidate c = rows.get(r);
            Map<String, Object> item = items.get(r);
            String at = where + " row " + r;
            assertEquals(s.items().articleIds()[c.item()], ((Number) item.get("articleId")).longValue(), at);
            assertClose(c.agreement(), item.get("agreement"), at);
            assertEquals(c.worstLayer(), item.get("worstLayer"), at);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> figures = (List<Map<String, Object>>) item.get("layers");
            assertEquals(c.figures().size(), figures.size(), at);
            for (int j = 0; j < figures.size(); j++) {
                ItemFigures.Figure e = c.figures().get(j);
                assertEquals(e.layer(), figures.get(j).get("layer"), at);
                assertEquals(e.measure(), figures.get(j).get("measure"), at);
                assertClose(e.agreement(), figures.get(j).get("agreement"), at + " " + e.layer());
                assertClose(e.spanF1Exact(), figures.get(j).get("spanF1Exact"), at + " " + e.layer());
                assertEquals(e.annotators(), ((Number) figures.get(j).get("annotators")).intValue(), at + " " + e.layer());
            }
        }
    }

    static void assertClose(Double expected, Object actual, String where) {
        if (expected == null) {
            assertNull(actual, where);
        } else {
            assertTrue(actual != null, where + ": expected " + expected + ", got null");
            assertEquals(expected, ((Number) actual).doubleValue(), 1e-12, where);
        }
    }

    /** layer_pairable against the aggregate over the work that the report computed per request before V46. */
    void assertLayerCountsEqualTheAggregate(long project) {
        Map<Long, Map<String, Long>> expected = QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("with v as (select n.article_id, n.layer_id, n.label, count(*) as n "
                            + "from annotation n join assignment s on s.id = n.assignment_id and work_counts(s.status, s.round, 1) "
                            + "join layer l on l.id = n.layer_id and l.scope = 'document' "
                            + "join layer_label ll on ll.layer_id = l.id and ll.value = n.label "
                            + "where n.project_id = ?1 and n.start_offset is null group by n.article_id, n.layer_id, n.label), "
                            + "pairable as (select article_id, layer_id from v group by article_id, layer_id having sum(n) >= 2) "
                            + "select v.layer_id, v.label, sum(v.n) from v join pairable p using (article_id, layer_id) "
                            + "group by v.layer_id, v.label", Object[].class)
                    .setParameter(1, project).getResultList();
            Map<Long, Map<String, Long>> out = new HashMap<>();
            rows.forEach(r -> out.computeIfAbsent(((Number) r[0]).longValue(), k -> new HashMap<>())
                    .put((String) r[1], ((Number) r[2]).longValue()));
            return out;
        });
        Map<Long, Map<String, Long>> stored = QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select p.layer_id, p.label, p.n from layer_pairable p "
                    + "join layer l on l.id = p.layer_id where l.project_id = ?1 and p.n <> 0", Object[].class)
                    .setParameter(1, project).getResultList();
            Map<Long, Map<String, Long>> out = new HashMap<>();
            rows.forEach(r -> out.computeIfAbsent(((Number) r[0]).longValue(), k -> new HashMap<>())
                    .put((String) r[1], ((Number) r[2]).longValue()));
            return out;
        });
        assertEquals(expected, stored, "layer_pairable of project " + project);
    }

    /** Claims the annotator's next item, writes random work on it (single and batch writes), submits. */
    long claimWorkSubmit(Random random, TestUser annotator, Fixture f) {
        var next = as(annotator.token()).when().post("/api/v1/projects/" + f.project() + "/queue/next");
        if (next.statusCode() == 204) {
            return -1;
        }
        JsonPath claim = next.then().statusCode(200).extract().jsonPath();
        long assignment = claim.getLong("assignmentId");
        long article = claim.getLong("articleId");
        int index = 0;
        for (int i = 0; i < f.articles().length; i++) {
            if (f.articles()[i] == article) {
                index = i;
            }
        }
        List<Map<String, Object>> work = new ArrayList<>();
        for (Map<String, Object> line : randomWork(random, index, article, f.texts()[index], "-")) {
            if (line.containsKey("label")) {
                Map<String, Object> a = new LinkedHashMap<>(line);
                a.remove("articleId");
                a.remove("annotator");
                work.add(a);
            }
        }
        if (!work.isEmpty()) {
            // the first one alone, the rest as a batch
            as(annotator.token()).body(work.get(0)).when().post("/api/v1/assignments/" + assignment + "/annotations")
                    .then().statusCode(201);
            if (work.size() > 1) {
                as(annotator.token()).body(Map.of("annotations", work.subList(1, work.size())))
                        .when().post("/api/v1/assignments/" + assignment + "/annotations/batch").then().statusCode(201);
            }
        }
        as(annotator.token()).when().post("/api/v1/assignments/" + assignment + "/submit").then().statusCode(200);
        return article;
    }

    @Test
    void afterImportSubmitAndAdjudicationEveryPageEqualsThePassOverTheWork() {
        Random random = new Random(4613);
        Fixture f = randomProject(random, 24);
        assertPagesEqualThePass(f);

        // queue work: annotators claim the rest (and imported items with a free slot), write, submit
        List<TestUser> raters = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            raters.add(Fixtures.member(f.project()));
        }
        for (int round = 0; round < 3; round++) {
            for (TestUser rater : raters) {
                claimWorkSubmit(random, rater, f);
            }
        }
        assertPagesEqualThePass(f);

        // gold on some items changes `adjudicated`, not the figures
        TestUser supervisor = Fixtures.supervisor();
        for (int i = 0; i < f.articles().length; i += 5) {
            as(supervisor.token()).body(Map.of("from", "majority")).when()
                    .post("/api/v1/projects/" + f.project() + "/items/" + f.articles()[i] + "/adjudication")
                    .then().statusCode(201);
        }
        assertPagesEqualThePass(f);
        JsonPath all = as(supervisor.token()).queryParam("size", 100).when()
                .get("/api/v1/projects/" + f.project() + "/review-queue").then().statusCode(200).extract().jsonPath();
        assertEquals(Boolean.TRUE, all.get("items.find { it.articleId == " + f.articles()[0] + " }.adjudicated"));
    }

    @Test
    void aProjectWrittenBySqlIsRebuiltByTheEndpointAndOnFirstRead() {
        Random random = new Random(77);
        Fixture f = randomProject(random, 12);
        assertPagesEqualThePass(f);
        // as the bench's fill scripts do: work straight into the tables, behind the store's back
        QuarkusTransaction.requiringNew().run(() -> {
            forgetFigures(f.project());
            long stance = ((Number) em.createNativeQuery("select id from layer where project_id = ?1 and name = 'stance'")
                    .setParameter(1, f.project()).getSingleResult()).longValue();
            // one more submitted coder with a stance label on every imported item
            long user = ((Number) em.createNativeQuery("insert into app_user (username, role) values (?1, 'annotator') "
                    + "returning id").setParameter(1, Fixtures.unique("sql-coder")).getSingleResult()).longValue();
            em.createNativeQuery("with a as (insert into assignment (project_id, item_id, article_id, annotator_id, "
                            + "status, imported, ended_at) select i.project_id, i.id, i.article_id, ?2, 'submitted', true, now() "
                            + "from project_item i where i.project_id = ?1 and i.imported_count > 0 returning id, article_id) "
                            + "insert into annotation (assignment_id, project_id, article_id, annotator_id, layer_id, label) "
                            + "select a.id, ?1, a.article_id, ?2, ?3, 'anti' from a")
                    .setParameter(1, f.project()).setParameter(2, user).setParameter(3, stance).executeUpdate();
        });
        asAdmin().when().post("/api/v1/projects/" + f.project() + "/item-figures/rebuild").then().statusCode(200)
                .body("items", org.hamcrest.Matchers.equalTo(9));
        assertPagesEqualThePass(f);

        // a project migrated from before V46 (no figures, no record of a build): the first read builds it
        QuarkusTransaction.requiringNew().run(() -> {
            forgetFigures(f.project());
            em.createNativeQuery("delete from item_figure_project where project_id = ?1").setParameter(1, f.project())
                    .executeUpdate();
        });
        assertPagesEqualThePass(f);

        // a layer added later: the layers changed, so the next read rebuilds (a new span layer scores 1 where
        // two raters both marked nothing)
        asAdmin().body(Map.of("layers", List.of(Fixtures.documentLayer("stance", "nominal", STANCE),
                        Fixtures.documentLayer("reliability", "ordinal", RELIABILITY),
                        Fixtures.documentLayer("score", "interval", SCORE), Fixtures.spanLayer("claims", CLAIMS),
                        Fixtures.spanLayer("attribution", List.of("source")))))
                .when().put("/api/v1/projects/" + f.project() + "/layers").then().statusCode(200);
        assertPagesEqualThePass(f);

        TestUser supervisor = Fixtures.supervisor();
        as(supervisor.token()).when().post("/api/v1/projects/" + f.project() + "/item-figures/rebuild")
                .then().statusCode(403);
        asAdmin().when().post("/api/v1/projects/999999999/item-figures/rebuild").then().statusCode(404);
    }

    /** Deletes the project's stored rows and layer counts (as a database filled by SQL has none). */
    void forgetFigures(long project) {
        em.createNativeQuery("delete from item_figure where project_id = ?1").setParameter(1, project).executeUpdate();
        em.createNativeQuery("delete from layer_pairable p using layer l where l.id = p.layer_id and l.project_id = ?1")
                .setParameter(1, project).executeUpdate();
    }

    @Test
    void concurrentSubmitsOnOneItemLeaveNoStaleRow() throws Exception {
        int raters = 6;
        long source = Fixtures.source();
        long project = Fixtures.project(raters, List.of(Fixtures.documentLayer("stance", "nominal", STANCE),
                Fixtures.spanLayer("claims", CLAIMS)));
        int items = 3;
        long[] articles = new long[items];
        String[] texts = new String[items];
        for (int i = 0; i < items; i++) {
            texts[i] = "Concurrent submits on one item " + i + " " + Fixtures.unique("c");
            articles[i] = Fixtures.article(source, texts[i]);
        }
        Fixtures.addItems(project, java.util.Arrays.stream(articles).boxed().toList());
        List<TestUser> team = new ArrayList<>();
        for (int r = 0; r < raters; r++) {
            team.add(Fixtures.member(project));
        }
        ExecutorService pool = Executors.newFixedThreadPool(raters);
        try {
            for (int i = 0; i < items; i++) {
                // every rater holds a lease on the same item, labels it, and all submit at once
                List<Long> assignments = new ArrayList<>();
                for (int r = 0; r < raters; r++) {
                    TestUser t = team.get(r);
                    JsonPath claim = as(t.token()).when().post("/api/v1/projects/" + project + "/queue/next")
                            .then().statusCode(200).extract().jsonPath();
                    long assignment = claim.getLong("assignmentId");
                    String text = texts[java.util.Arrays.binarySearch(articles, claim.getLong("articleId"))];
                    as(t.token()).body(Map.of("annotations", List.of(
                                    Map.of("layer", "stance", "label", STANCE.get((r + i) % 3)),
                                    Map.of("layer", "claims", "label", "supported", "start", r, "end", r + 5,
                                            "quote", text.substring(r, r + 5)))))
                            .when().post("/api/v1/assignments/" + assignment + "/annotations/batch").then().statusCode(201);
                    assignments.add(assignment);
                }
                CyclicBarrier barrier = new CyclicBarrier(raters);
                List<Future<Integer>> done = new ArrayList<>();
                for (int r = 0; r < raters; r++) {
                    TestUser t = team.get(r);
                    long assignment = assignments.get(r);
                    done.add(pool.submit(() -> {
                        barrier.await();
                        return as(t.token()).when().post("/api/v1/assignments/" + assignment + "/submit").statusCode();
                    }));
                }
                for (Future<Integer> d : done) {
                    assertEquals(200, d.get());
                }
                // the stored row has every rater's work, whatever order the submits committed in
                long article = articles[i];
                Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                                "select f.raters, f.value_count from item_figure f join layer l on l.id = f.layer_id "
                                        + "where f.article_id = ?1 and l.project_id = ?2 and l.name = 'stance'", Object[].class)
                        .setParameter(1, article).setParameter(2, project).getSingleResult());
                assertEquals(raters, ((Number) row[0]).intValue(), "raters of item " + i);
                assertEquals(raters, ((Number) row[1]).intValue(), "values of item " + i);
            }
        } finally {
            pool.shutdownNow();
        }
        Fixture f = new Fixture(project, new long[]{source, source}, articles, texts, List.of());
        TestUser supervisor = Fixtures.supervisor();
        for (String layer : List.of("", "stance", "claims")) {
            assertPage(supervisor, project, layer, null, null, 0, 10);
        }
        assertLayerCountsEqualTheAggregate(f.project());
    }
}
