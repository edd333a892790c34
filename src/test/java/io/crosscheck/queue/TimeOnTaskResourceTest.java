package io.crosscheck.queue;

import io.crosscheck.testing.Db;
import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.Fixtures.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;

import static io.crosscheck.testing.Fixtures.as;
import static io.crosscheck.testing.Fixtures.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Time on task (SPEC §8): activeSeconds grows by each gap between claim, heartbeats and submit that is at most the
 * heartbeat interval (60 s in the test profile's default) and by nothing for a longer, idle gap. The gaps are made
 * by moving the last sign of life back in the database, so no test waits on the clock.
 */
@QuarkusTest
class TimeOnTaskResourceTest {

    @Inject
    DataSource dataSource;

    Db db;
    long project;
    TestUser rater;

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        project = Fixtures.project(1, List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "anti"))));
        long source = Fixtures.source();
        Fixtures.addItems(project, List.of(Fixtures.article(source, "First " + Fixtures.unique("t")),
                Fixtures.article(source, "Second " + Fixtures.unique("t"))));
        rater = Fixtures.member(project);
    }

    long claim() {
        return as(rater.token()).when().post("/api/v1/projects/" + project + "/queue/next").then().statusCode(200)
                .extract().jsonPath().getLong("assignmentId");
    }

    /** The last sign of life on the assignment was this many seconds ago. */
    void lastSeen(long assignment, int secondsAgo) {
        db.update("update assignment set last_seen_at = now() - make_interval(secs => ?) where id = ?", secondsAgo,
                assignment);
    }

    double beat(long assignment, String action) {
        return as(rater.token()).when().post("/api/v1/assignments/" + assignment + "/" + action).then().statusCode(200)
                .extract().jsonPath().getDouble("activeSeconds");
    }

    @Test
    void gapsWithinTheHeartbeatIntervalCountAndAnIdleGapDoesNot() {
        long a = claim();
        lastSeen(a, 40);
        double afterFirst = beat(a, "heartbeat");
        assertTrue(afterFirst >= 40 && afterFirst < 45, "a 40 s gap counts: " + afterFirst);
        lastSeen(a, 600);
        double afterIdle = beat(a, "heartbeat");
        assertEquals(afterFirst, afterIdle, 0.0001, "ten idle minutes add nothing");
        lastSeen(a, 20);
        double submitted = beat(a, "submit");
        assertTrue(submitted >= afterIdle + 20 && submitted < afterIdle + 25, "the gap before submit counts: " + submitted);
    }

    @Test
    void theAnnotatorsReportGivesTotalAndMedianPerItemAndSkipsAddNothing() {
        long first = claim();
        lastSeen(first, 30);
        double one = beat(first, "submit");
        long second = claim();
        lastSeen(second, 50);
        double two = beat(second, "submit");
        var report = asAdmin().when().get("/api/v1/projects/" + project + "/annotators").then().statusCode(200)
                .extract().jsonPath();
        String mine = "items.find { it.annotatorId == " + rater.id() + " }.activeSeconds.";
        assertEquals(2, report.getInt(mine + "items"));
        assertEquals(one + two, report.getDouble(mine + "total"), 0.01);
        assertEquals((one + two) / 2, report.getDouble(mine + "medianPerItem"), 0.01);
    }

    @Test
    void importedWorkHasNoObservedTime() {
        long article = Fixtures.article(Fixtures.source(), "Imported " + Fixtures.unique("t"));
        Fixtures.addItems(project, List.of(article));
        String coder = Fixtures.unique("coder");
        Fixtures.importAnnotationLines(project, List.of(Map.of("articleId", article, "annotator", coder,
                "layer", "stance", "label", "pro")));
        long assignment = db.scalar("select a.id from assignment a join app_user u on u.id = a.annotator_id "
                + "where a.project_id = ? and u.username = ?", project, coder);
        Object seconds = asAdmin().when().get("/api/v1/assignments/" + assignment).then().statusCode(200)
                .extract().jsonPath().get("activeSeconds");
        assertNull(seconds);
    }
}
