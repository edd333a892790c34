package io.crosscheck.work;

import io.crosscheck.testing.Db;
import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.Fixtures.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.crosscheck.testing.Fixtures.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * V50's annotator_work (the annotators page's done counts) follows every kind of write to the assignments: imports,
 * queue claim, submit and skip, a lease that expires, a status changed by hand, a second round, and deletes. After
 * each step the stored counts equal the count of counted work (WorkRules.workCounts) over the assignments.
 */
@QuarkusTest
class AnnotatorWorkTest {

    @Inject
    DataSource dataSource;

    Db db;
    long project;

    /** (annotator, source, round, done) rows with done &gt; 0, as stored. */
    List<Map<String, Object>> stored() throws SQLException {
        return db.query("select annotator_id, source_id, round, done from annotator_work "
                + "where project_id = ? and done > 0 order by 1, 2, 3", project);
    }

    /** The same, counted from the assignments by the rule. */
    List<Map<String, Object>> counted() throws SQLException {
        return db.query("select s.annotator_id, a.source_id, s.round, count(*)::int as done from assignment s "
                + "join article a on a.id = s.article_id where s.project_id = ? and "
                + WorkRules.workCounts("s", "s.round") + " group by 1, 2, 3 order by 1, 2, 3", project);
    }

    void same(String step) throws SQLException {
        assertEquals(counted(), stored(), step);
    }

    @Test
    void theStoredCountsFollowEveryWriteToTheAssignments() throws SQLException {
        db = new Db(dataSource);
        project = Fixtures.project(2, List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "anti"))));
        long[] sources = {Fixtures.source(), Fixtures.source()};
        List<Long> articles = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            articles.add(Fixtures.article(sources[i % 2], "Counted work " + i + " " + Fixtures.unique("w")));
        }
        Fixtures.addItems(project, articles);
        same("no work yet");
        assertEquals(List.of(), stored());

        TestUser imported = Fixtures.member(project);
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            lines.add(Map.of("articleId", articles.get(i), "annotator", imported.username(), "layer", "stance",
                    "label", i % 2 == 0 ? "pro" : "anti"));
        }
        Fixtures.importAnnotationLines(project, lines);
        same("after an import");
        assertEquals(4, db.scalar("select sum(done) from annotator_work where project_id = ?", project));

        TestUser rater = Fixtures.member(project);
        long first = claim(rater);
        same("a lease counts nothing");
        act(rater, first, "submit");
        same("after a queue submit");
        long second = claim(rater);
        act(rater, second, "skip");
        same("after a skip");
        long third = claim(rater);
        db.update("update assignment set status = 'expired', lease_expires_at = null, ended_at = now() where id = ?",
                third);
        same("after an expiry");

        // by hand: submitted work taken back, a leased one submitted, and a second round beside round 1
        db.update("update assignment set status = 'skipped' where id = ?", first);
        same("a submitted assignment skipped by hand");
        db.update("update assignment set status = 'submitted', lease_expires_at = null where project_id = ? "
                + "and status = 'expired'", project);
        same("a bulk status change");
        db.update("insert into assignment (project_id, item_id, article_id, annotator_id, status, round) "
                + "select project_id, item_id, article_id, annotator_id, 'submitted', 2 from assignment "
                + "where project_id = ? and round = 1 and status = 'submitted'", project);
        same("a second round");

        db.update("delete from project_item where project_id = ? and article_id = ?", project, articles.get(0));
        same("an item deleted with its work");
        db.update("delete from assignment where project_id = ? and round = 2", project);
        same("a round deleted");
        db.update("delete from project where id = ?", project);
        assertEquals(0, db.scalar("select count(*) from annotator_work where project_id = ?", project));
    }

    long claim(TestUser rater) {
        return as(rater.token()).when().post("/api/v1/projects/" + project + "/queue/next").then().statusCode(200)
                .extract().jsonPath().getLong("assignmentId");
    }

    void act(TestUser rater, long assignment, String action) {
        as(rater.token()).when().post("/api/v1/assignments/" + assignment + "/" + action).then().statusCode(200);
    }
}
