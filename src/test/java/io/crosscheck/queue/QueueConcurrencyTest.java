package io.crosscheck.queue;

import io.crosscheck.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.URI;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * 40 annotators hammering one queue from 80 threads, in a sequential and in a random-order project, unbalanced and
 * with a panel balanced by lean: no double assignment, exactly k submissions, exact counters, balanced panels.
 *
 * <p>Each test runs two hammers at once on two projects (160 threads): the projects share nothing but the app and the
 * database, so each is checked for every invariant as when it ran alone, under more contention, in about the time of
 * the longer one (the six hammers one after the other were most of this class's time in CI).
 */
@QuarkusTest
class QueueConcurrencyTest {

    @Inject
    DataSource dataSource;

    @Test
    void fortyAnnotatorsOnOneHundredItemsWithKThreeKeepEveryInvariantInASequentialAndARandomOrderProject()
            throws Exception {
        // Random order walks each annotator's own lap from its latest item: a different claim path, same guarantees.
        atOnce(hammer("sequential", false, 0), hammer("random", false, 0));
    }

    @Test
    void balancedPanelProjectsKeepEveryPanelBalancedAndFillEveryItemInBothOrders() throws Exception {
        // 13 or 14 raters of each lean, k = 3 over three leans: every item must end with one rater of each.
        atOnce(hammer("sequential", true, 0), hammer("random", true, 0));
    }

    @Test
    void aBalancedEscalatingProjectAddsOneBalancedRaterAtATimeAndATwoRoundProjectOffersEachRaterOneRevision()
            throws Exception {
        // Escalating: random stance labels, many panels of three disagree and grow to four or five, each addition
        // balanced. Two rounds (balanced and random order too): each panel rater is offered one revision after the
        // panel has submitted, before new work, from the rater's own items in flight.
        QueueHammer rounds = new QueueHammer(List.of(URI.create("http://localhost:" + RestAssured.port)), Fixtures.ADMIN_TOKEN);
        atOnce(hammer("sequential", true, 5), () -> {
            rounds.setUp(100, 3, 40, "random", true, 0, true);
            return rounds;
        });
    }

    /**
     * A hammer on a new project of 100 items, set up when the returned step runs. 40 annotators on 100 items race for
     * every item as they did on 300 (the contention is the 80 threads, not the item count), with a third of the
     * requests: the six hammers are most of this class's time in CI.
     */
    private static Callable<QueueHammer> hammer(String order, boolean balanced, int escalateTo) {
        return () -> {
            QueueHammer hammer = new QueueHammer(List.of(URI.create("http://localhost:" + RestAssured.port)),
                    Fixtures.ADMIN_TOKEN);
            hammer.setUp(100, 3, 40, order, balanced, escalateTo);
            return hammer;
        };
    }

    /** Sets up and runs the hammers at once, then checks each one's invariants. */
    @SafeVarargs
    private void atOnce(Callable<QueueHammer>... setUps) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(setUps.length);
        List<QueueHammer> done = new ArrayList<>();
        try {
            List<Future<QueueHammer>> running = new ArrayList<>();
            for (Callable<QueueHammer> setUp : setUps) {
                running.add(pool.submit(() -> {
                    QueueHammer hammer = setUp.call();
                    hammer.run();
                    return hammer;
                }));
            }
            for (Future<QueueHammer> f : running) {
                done.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = dataSource.getConnection()) {
            for (QueueHammer hammer : done) {
                hammer.checkInvariants(c);
            }
        }
    }
}
