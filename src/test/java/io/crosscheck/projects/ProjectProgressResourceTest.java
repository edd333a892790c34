package io.crosscheck.projects;

import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.Fixtures.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.crosscheck.testing.Fixtures.as;
import static io.crosscheck.testing.Fixtures.asAdmin;
import static org.hamcrest.Matchers.equalTo;

/** {@code GET /projects/{id}/progress}: the dashboard's complete / in progress / untouched / adjudicated counts. */
@QuarkusTest
class ProjectProgressResourceTest {

    @Test
    void itemsAreCountedAsCompleteInProgressOrUntouched() {
        long project = Fixtures.project(1, List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "anti"))));
        long source = Fixtures.source();
        List<Long> articles = List.of(Fixtures.article(source, "A " + Fixtures.unique("p")),
                Fixtures.article(source, "B " + Fixtures.unique("p")), Fixtures.article(source, "C " + Fixtures.unique("p")));
        Fixtures.addItems(project, articles);
        TestUser ann = Fixtures.member(project);
        long first = as(ann.token()).when().post("/api/v1/projects/" + project + "/queue/next").then().statusCode(200)
                .extract().jsonPath().getLong("assignmentId");
        as(ann.token()).body(Map.of("layer", "stance", "label", "pro"))
                .when().post("/api/v1/assignments/" + first + "/annotations").then().statusCode(201);
        as(ann.token()).when().post("/api/v1/assignments/" + first + "/submit").then().statusCode(200);
        as(ann.token()).when().post("/api/v1/projects/" + project + "/queue/next").then().statusCode(200);
        asAdmin().body(Map.of("annotations", List.of(Map.of("layer", "stance", "label", "pro"))))
                .when().post("/api/v1/projects/" + project + "/items/" + articles.get(0) + "/adjudication")
                .then().statusCode(201);

        as(Fixtures.supervisor().token()).when().get("/api/v1/projects/" + project + "/progress").then().statusCode(200)
                .body("items", equalTo(3)).body("complete", equalTo(1)).body("inProgress", equalTo(1))
                .body("untouched", equalTo(1)).body("adjudicated", equalTo(1));
    }

    @Test
    void annotatorsMayNotReadItAndAnUnknownProjectIs404() {
        long project = Fixtures.project(1, List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro"))));
        as(Fixtures.member(project).token()).when().get("/api/v1/projects/" + project + "/progress").then().statusCode(403);
        asAdmin().when().get("/api/v1/projects/987654321/progress").then().statusCode(404)
                .contentType("application/problem+json");
    }
}
