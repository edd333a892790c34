package io.crosscheck.queue;

import io.crosscheck.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.URI;
import java.sql.Connection;
import java.util.List;

/**
 * 40 annotators hammering one queue from 80 threads, in a sequential and in a random-order project, unbalanced and
 * with a panel balanced by lean: no double assignment, exactly k submissions, exact counters, balanced panels.
 * 150 items (120 escalating): each annotator still claims a dozen or more items against 79 racing threads; the 300
 * items of before repeated the same races for twice the time (docs/testing.md).
 */
@QuarkusTest
class QueueConcurrencyTest {

    @Inject
    DataSource dataSource;

    @Test
    void fortyAnnotatorsOnAHundredAndFiftyItemsWithKThreeKeepEveryInvariant() throws Exception {
        hammer("sequential");
    }

    @Test
    void theSameInARandomOrderProject() throws Exception {
        // Random order walks each annotator's own lap from its latest item: a different claim path, same guarantees.
        hammer("random");
    }

    @Test
    void aBalancedPanelProjectKeepsEveryPanelBalancedAndFillsEveryItem() throws Exception {
        // 13 or 14 raters of each lean, k = 3 over three leans: every item must end with one rater of each.
        hammer("sequential", true);
    }

    @Test
    void aBalancedPanelInARandomOrderProject() throws Exception {
        hammer("random", true);
    }

    @Test
    void aBalancedEscalatingProjectAddsOneBalancedRaterAtATime() throws Exception {
        // Random stance labels: many panels of three disagree and grow to four or five, each addition balanced.
        hammer("sequential", true, 5);
    }

    @Test
    void aTwoRoundProjectOffersEachPanelRaterOneRevisionAfterThePanelHasSubmitted() throws Exception {
        // Balanced and random order too: the revision comes before new work, from the rater's own items in flight.
        QueueHammer hammer = new QueueHammer(List.of(URI.create("http://localhost:" + RestAssured.port)), Fixtures.ADMIN_TOKEN);
        hammer.setUp(150, 3, 40, "random", true, 0, true);
        hammer.run();
        try (Connection c = dataSource.getConnection()) {
            hammer.checkInvariants(c);
        }
    }

    private void hammer(String order) throws Exception {
        hammer(order, false);
    }

    private void hammer(String order, boolean balanced) throws Exception {
        hammer(order, balanced, 0);
    }

    private void hammer(String order, boolean balanced, int escalateTo) throws Exception {
        QueueHammer hammer = new QueueHammer(List.of(URI.create("http://localhost:" + RestAssured.port)), Fixtures.ADMIN_TOKEN);
        hammer.setUp(escalateTo > 0 ? 120 : 150, 3, 40, order, balanced, escalateTo);
        hammer.run();
        try (Connection c = dataSource.getConnection()) {
            hammer.checkInvariants(c);
        }
    }
}
