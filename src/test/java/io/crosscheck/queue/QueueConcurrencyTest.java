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
 * 40 annotators hammering one queue from 80 threads, in a sequential and in a random-order project: no double
 * assignment, exactly k submissions, exact counters.
 */
@QuarkusTest
class QueueConcurrencyTest {

    @Inject
    DataSource dataSource;

    @Test
    void fortyAnnotatorsOnThreeHundredItemsWithKThreeKeepEveryInvariant() throws Exception {
        hammer("sequential");
    }

    @Test
    void theSameInARandomOrderProject() throws Exception {
        // Random order walks each annotator's own lap from its latest item: a different claim path, same guarantees.
        hammer("random");
    }

    private void hammer(String order) throws Exception {
        QueueHammer hammer = new QueueHammer(List.of(URI.create("http://localhost:" + RestAssured.port)), Fixtures.ADMIN_TOKEN);
        hammer.setUp(300, 3, 40, order);
        hammer.run();
        try (Connection c = dataSource.getConnection()) {
            hammer.checkInvariants(c);
        }
    }
}
