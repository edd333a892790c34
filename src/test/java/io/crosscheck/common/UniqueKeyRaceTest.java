package io.crosscheck.common;

import io.crosscheck.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static io.crosscheck.testing.Fixtures.asAdmin;
import static io.crosscheck.testing.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Names are unique keys. Concurrent creations of one name once answered {@code 201:1, 409:4, 500:7} (sources) and
 * {@code 201:1, 500:11} (projects): the existence check cannot see a row another transaction has not committed, and
 * the database's unique key then refused the insert as a 500. Exactly one request wins; every other one is a 409.
 */
@QuarkusTest
class UniqueKeyRaceTest {

    static final int THREADS = 16;

    /** Status → count over THREADS simultaneous requests; asserts every refusal is a problem+json. */
    static Map<Integer, Integer> race(IntFunction<Response> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch ready = new CountDownLatch(THREADS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return request.apply(n);
                }));
            }
            assertTrue(ready.await(30, TimeUnit.SECONDS), "threads started");
            go.countDown();
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (Future<Response> f : futures) {
                Response r = f.get(60, TimeUnit.SECONDS);
                statuses.merge(r.statusCode(), 1, Integer::sum);
                if (r.statusCode() != 201) {
                    assertEquals(Problem.MEDIA_TYPE, r.contentType().split(";")[0], r.asString());
                }
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentSourcesOfOneNameGiveOne201AndOnly409s() throws Exception {
        String name = unique("raced-source");
        // Spaces around a name are not part of it: " x" and "x " race for the same key as "x".
        Map<Integer, Integer> statuses = race(n -> asAdmin()
                .body(Map.of("name", n % 3 == 0 ? name : n % 3 == 1 ? " " + name : name + " "))
                .when().post("/api/v1/sources"));
        assertEquals(Map.of(201, 1, 409, THREADS - 1), statuses);
    }

    @Test
    void concurrentProjectsOfOneNameGiveOne201AndOnly409s() throws Exception {
        String name = unique("raced-project");
        Map<Integer, Integer> statuses = race(n -> asAdmin()
                .body(Map.of("name", n % 2 == 0 ? name : name + " ", "annotatorsPerItem", 1, "taxonomy", "default"))
                .when().post("/api/v1/projects"));
        assertEquals(Map.of(201, 1, 409, THREADS - 1), statuses);
    }

    @Test
    void concurrentUsersOfOneNameGiveOne201AndOnly409s() throws Exception {
        String name = unique("raced-user");
        Map<Integer, Integer> statuses = race(n -> asAdmin().body(Map.of("username", name, "role", "annotator"))
                .when().post("/api/v1/users"));
        assertEquals(Map.of(201, 1, 409, THREADS - 1), statuses);
    }

    @Test
    void projectNameDifferingByATrailingSpaceIs409() {
        String name = unique("spaced");
        asAdmin().body(Map.of("name", name, "annotatorsPerItem", 1, "taxonomy", "default"))
                .when().post("/api/v1/projects").then().statusCode(201);
        asAdmin().body(Map.of("name", name + " ", "annotatorsPerItem", 1, "taxonomy", "default"))
                .when().post("/api/v1/projects").then().statusCode(409).contentType(Problem.MEDIA_TYPE);
        asAdmin().body(Map.of("name", "\t" + name, "annotatorsPerItem", 1, "taxonomy", "default"))
                .when().post("/api/v1/projects").then().statusCode(409).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void sourceNameIsStoredWithoutSurroundingSpacesAndFoundThatWay() {
        String name = unique("trimmed");
        asAdmin().body(Map.of("name", "  " + name + " ")).when().post("/api/v1/sources")
                .then().statusCode(201).body("name", org.hamcrest.Matchers.equalTo(name));
        asAdmin().body(Map.of("sourceName", " " + name, "title", "t", "text", Fixtures.unique("text")))
                .when().post("/api/v1/articles").then().statusCode(201);
    }
}
