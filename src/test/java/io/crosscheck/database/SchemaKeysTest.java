package io.crosscheck.database;

import io.crosscheck.testing.Db;
import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.Fixtures.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static io.crosscheck.testing.Fixtures.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The keys that protect labels and work, checked in the database itself (SQL, not the API): an assignment belongs to
 * its item (V11), a label in use cannot be deleted, and deleting a whole project removes all of its work in one
 * statement whatever order the cascades run in (V12).
 */
@QuarkusTest
class SchemaKeysTest {

    @Inject
    DataSource dataSource;

    /** A project with one document layer, one article as item, one annotator's submitted label and a gold label. */
    record Worked(long projectId, long itemId, long articleId, TestUser annotator, TestUser supervisor) {
    }

    Worked workedProject() {
        long source = Fixtures.source();
        long article = Fixtures.article(source, "Text " + Fixtures.unique("k") + " about the parade.");
        long project = Fixtures.project(2, List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "anti"))));
        Fixtures.addItems(project, List.of(article));
        TestUser annotator = Fixtures.member(project);
        long assignment = as(annotator.token()).when().post("/api/v1/projects/" + project + "/queue/next")
                .then().statusCode(200).extract().jsonPath().getLong("assignmentId");
        as(annotator.token()).body(Map.of("layer", "stance", "label", "pro"))
                .when().post("/api/v1/assignments/" + assignment + "/annotations").then().statusCode(201);
        as(annotator.token()).when().post("/api/v1/assignments/" + assignment + "/submit").then().statusCode(200);
        TestUser supervisor = Fixtures.supervisor();
        as(supervisor.token()).body(Map.of("annotations", List.of(Map.of("layer", "stance", "label", "pro"))))
                .when().post("/api/v1/projects/" + project + "/items/" + article + "/adjudication").then().statusCode(201);
        long item = count("select id from project_item where project_id = ?", project);
        return new Worked(project, item, article, annotator, supervisor);
    }

    @Test
    void deletingAProjectRemovesAllOfItsWorkInOneStatement() throws SQLException {
        Worked w = workedProject();
        assertEquals(1, count("select count(*) from annotation where project_id = ?", w.projectId()));
        assertEquals(1, count("select count(*) from gold_annotation g join adjudication a on a.id = g.adjudication_id "
                + "where a.project_id = ?", w.projectId()));
        execute("delete from project where id = ?", w.projectId());
        for (String table : List.of("project_item", "assignment", "annotation", "adjudication", "layer")) {
            assertEquals(0, count("select count(*) from " + table + " where project_id = ?", w.projectId()), table);
        }
        assertEquals(1, count("select count(*) from article where id = ?", w.articleId()), "articles outlive projects");
    }

    @Test
    void aLabelInUseCannotBeDeleted() {
        Worked w = workedProject();
        SQLException refused = assertThrows(SQLException.class, () -> execute("delete from layer_label where value = 'pro' "
                + "and layer_id = (select id from layer where project_id = ?)", w.projectId()));
        assertEquals("23503", refused.getSQLState(), refused.getMessage());
        assertEquals(1, count("select count(*) from annotation where project_id = ? and label = 'pro'", w.projectId()));
    }

    @Test
    void anAssignmentMustBelongToItsItemsProjectAndArticle() {
        Worked w = workedProject();
        Worked other = workedProject();
        SQLException wrongProject = assertThrows(SQLException.class, () -> insertAssignment(other.projectId(), w.itemId(),
                w.articleId(), other.annotator().id()));
        assertEquals("23503", wrongProject.getSQLState(), wrongProject.getMessage());
        SQLException wrongArticle = assertThrows(SQLException.class, () -> insertAssignment(w.projectId(), w.itemId(),
                other.articleId(), other.annotator().id()));
        assertEquals("23503", wrongArticle.getSQLState(), wrongArticle.getMessage());
        assertEquals(1, count("select count(*) from assignment where item_id = ?", w.itemId()));
    }

    void insertAssignment(long projectId, long itemId, long articleId, long annotatorId) throws SQLException {
        execute("insert into assignment (project_id, item_id, article_id, annotator_id, status, ended_at) "
                + "values (?, ?, ?, ?, 'submitted', now())", projectId, itemId, articleId, annotatorId);
    }

    void execute(String sql, Object... params) throws SQLException {
        new Db(dataSource).execute(sql, params);
    }

    long count(String sql, Object... params) {
        return new Db(dataSource).scalar(sql, params);
    }
}
