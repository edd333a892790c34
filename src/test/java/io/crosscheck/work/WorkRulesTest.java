package io.crosscheck.work;

import io.crosscheck.testing.Db;
import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.Fixtures.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.crosscheck.testing.Fixtures.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * "Live lease", "submitted work" and "complete item" are defined once (R__queue_functions.sql, docs/work.md); the
 * queue, the assignment API, the dashboard, the review queue and the export all answer by the same definitions.
 */
@QuarkusTest
class WorkRulesTest {

    @Inject
    DataSource dataSource;

    Db db() {
        return new Db(dataSource);
    }

    @Test
    void theDefinitionsOnTheDatabaseClock() {
        Db db = db();
        assertEquals(1, db.scalar("select count(*) where lease_is_live('leased', now())"));
        assertEquals(1, db.scalar("select count(*) where lease_is_live('leased', now() + interval '1 second')"));
        assertEquals(0, db.scalar("select count(*) where lease_is_live('leased', now() - interval '1 millisecond')"));
        assertEquals(0, db.scalar("select count(*) where lease_is_live('submitted', null)"));
        assertEquals(1, db.scalar("select count(*) where lease_is_overdue('leased', now() - interval '1 millisecond')"));
        assertEquals(0, db.scalar("select count(*) where lease_is_overdue('leased', now())"));
        assertEquals(1, db.scalar("select count(*) where assignment_state('leased', now() - interval '1 second') = 'expired'"));
        assertEquals(1, db.scalar("select count(*) where assignment_state('leased', now()) = 'leased'"));
        assertEquals(1, db.scalar("select count(*) where assignment_state('skipped', null) = 'skipped'"));
        assertEquals(1, db.scalar("select count(*) where work_counts('submitted', 1::smallint, 1)"));
        assertEquals(1, db.scalar("select count(*) where work_counts('submitted', 2::smallint, 2)"));
        // a round-2 revision is not round-1 work, nor the other way round (two rounds, V49)
        assertEquals(0, db.scalar("select count(*) where work_counts('submitted', 2::smallint, 1)"));
        assertEquals(0, db.scalar("select count(*) where work_counts('submitted', 1::smallint, 2)"));
        for (String other : List.of("leased", "skipped", "expired")) {
            assertEquals(0, db.scalar("select count(*) where work_counts(?, 1::smallint, 1)", other));
        }
        assertEquals(1, db.scalar("select count(*) where item_stage(true, 0, 2147483647, 3, 3, 0) = 'control'"));
        assertEquals(1, db.scalar("select count(*) where item_stage(false, 0, 3, 3, 3, 0) = 'complete'"));
        assertEquals(1, db.scalar("select count(*) where item_stage(false, 0, 3, 1, 0, 0) = 'in_progress'"));
        assertEquals(1, db.scalar("select count(*) where item_stage(false, 0, 3, 0, 0, 0) = 'untouched'"));
        // controls are served only with a rate above 0 and while regular work remains for the rater
        assertEquals(1, db.scalar("select count(*) where controls_served(0.2, true)"));
        assertEquals(0, db.scalar("select count(*) where controls_served(0.2, false)"));
        assertEquals(0, db.scalar("select count(*) where controls_served(0, true)"));
    }

    /**
     * Two coders' work imported on a k = 3 item, and a third annotator's lease on it. While that lease is live the item
     * is not complete anywhere; once it has run out (not yet marked expired by any claim) the item is complete for the
     * review queue, the export's status filter and the dashboard alike. Before the one definition, the review queue
     * still waited for the lapsed lease, and the export and the dashboard waited for three submitted assignments.
     */
    @Test
    void importedWorkWithALapsedLeaseIsCompleteEverywhere() {
        long source = Fixtures.source();
        long project = Fixtures.project(3, List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "anti"))));
        long article = Fixtures.article(source, "Imported and leased " + Fixtures.unique("x"));
        Fixtures.addItems(project, List.of(article));
        String a = Fixtures.unique("coder-a");
        String b = Fixtures.unique("coder-b");
        Fixtures.importAnnotationLines(project, List.of(
                Map.of("articleId", article, "annotator", a, "layer", "stance", "label", "pro"),
                Map.of("articleId", article, "annotator", b, "layer", "stance", "label", "anti")));
        TestUser third = Fixtures.member(project);
        long lease = as(third.token()).when().post("/api/v1/projects/" + project + "/queue/next")
                .then().statusCode(200).extract().jsonPath().getLong("assignmentId");
        TestUser supervisor = Fixtures.supervisor();

        assertComplete(project, article, supervisor, false);
        as(third.token()).when().get("/api/v1/assignments/" + lease).then().statusCode(200).body("status", equalTo("leased"));

        db().lapse(lease);
        assertComplete(project, article, supervisor, true);
        as(third.token()).when().get("/api/v1/assignments/" + lease).then().statusCode(200).body("status", equalTo("expired"));
        as(third.token()).queryParam("projectId", project).queryParam("status", "expired")
                .when().get("/api/v1/assignments").then().statusCode(200).body("total", equalTo(1));
        as(third.token()).queryParam("projectId", project).queryParam("status", "leased")
                .when().get("/api/v1/assignments").then().statusCode(200).body("total", equalTo(0));
    }

    private static void assertComplete(long project, long article, TestUser supervisor, boolean complete) {
        String base = "/api/v1/projects/" + project;
        as(supervisor.token()).when().get(base + "/review-queue").then().statusCode(200)
                .body("total", equalTo(complete ? 1 : 0));
        as(supervisor.token()).when().get(base + "/progress").then().statusCode(200)
                .body("complete", equalTo(complete ? 1 : 0)).body("inProgress", equalTo(complete ? 0 : 1));
        String body = as(supervisor.token()).when().get(base + "/export?format=jsonl&include=raw&status=complete")
                .then().statusCode(200).extract().asString();
        List<String> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        assertEquals(complete ? 1 : 0, lines.size(), body);
        if (complete) {
            assertEquals(true, lines.get(0).contains("\"id\":" + article));
        }
    }
}
