package io.crosscheck.queue;

import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.Fixtures.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.crosscheck.testing.Fixtures.as;
import static io.crosscheck.testing.Fixtures.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Control items (SPEC §8): items with gold, marked as controls, are mixed into every rater's queue at controlRate in
 * the same payload, never two in a row and never after the rater's regular work is done; accuracy on them is
 * controlAccuracy in /annotators, and the project's agreement leaves them out unless ?controls=include.
 */
@QuarkusTest
class ControlItemsResourceTest {

    static final String PROBLEM = "application/problem+json";

    long project;
    List<Long> regular;
    List<Long> controls;

    @BeforeEach
    void setUp() {
        project = Fixtures.project(Map.of("name", Fixtures.unique("controls"), "annotatorsPerItem", 2,
                "controlRate", 0.5, "layers", List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "anti")))));
        long source = Fixtures.source();
        regular = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            regular.add(Fixtures.article(source, "Regular " + i + " " + Fixtures.unique("t")));
        }
        controls = List.of(Fixtures.article(source, "Control pro " + Fixtures.unique("t")),
                Fixtures.article(source, "Control anti " + Fixtures.unique("t")));
        List<Long> all = new ArrayList<>(controls);
        all.addAll(regular);
        Fixtures.addItems(project, all);
        gold(controls.get(0), "pro");
        gold(controls.get(1), "anti");
    }

    void gold(long article, String label) {
        asAdmin().body(Map.of("note", "answer key", "annotations", List.of(Map.of("layer", "stance", "label", label))))
                .when().post("/api/v1/projects/" + project + "/items/" + article + "/adjudication").then().statusCode(201);
    }

    void markControls() {
        asAdmin().body(Map.of("articleIds", controls)).when().post("/api/v1/projects/" + project + "/controls")
                .then().statusCode(200).body("controls", equalTo(2));
    }

    /** Claims, labels "pro" and submits until 204; the articles in the order they came, with their payload keys. */
    List<Long> work(TestUser rater, List<Set<String>> payloadKeys) {
        List<Long> got = new ArrayList<>();
        while (true) {
            var r = as(rater.token()).when().post("/api/v1/projects/" + project + "/queue/next").then().extract();
            if (r.statusCode() == 204) {
                return got;
            }
            assertEquals(200, r.statusCode(), r.body().asString());
            Map<String, Object> body = r.jsonPath().getMap("");
            payloadKeys.add(body.keySet());
            long assignment = r.jsonPath().getLong("assignmentId");
            got.add(r.jsonPath().getLong("articleId"));
            as(rater.token()).body(Map.of("layer", "stance", "label", "pro")).when()
                    .post("/api/v1/assignments/" + assignment + "/annotations").then().statusCode(201);
            as(rater.token()).when().post("/api/v1/assignments/" + assignment + "/submit").then().statusCode(200);
        }
    }

    @Test
    void anItemWithoutGoldCannotBeAControlAndNothingIsMarked() {
        asAdmin().body(Map.of("articleIds", List.of(controls.get(0), regular.get(0)))).when()
                .post("/api/v1/projects/" + project + "/controls").then().statusCode(422).contentType(PROBLEM)
                .body("notReady", equalTo(List.of(regular.get(0).intValue())));
        asAdmin().body(Map.of("articleIds", List.of(controls.get(0)))).when()
                .post("/api/v1/projects/" + project + "/controls").then().statusCode(200).body("controls", equalTo(1));
    }

    @Test
    void everyRaterGetsTheControlsMixedInNeverTwoInARowAndNotAfterTheirRegularWork() {
        markControls();
        for (TestUser rater : List.of(Fixtures.member(project), Fixtures.member(project))) {
            List<Set<String>> keys = new ArrayList<>();
            List<Long> got = work(rater, keys);
            assertEquals(18, got.size(), "16 regular items and both controls: " + got);
            assertTrue(got.containsAll(controls) && got.containsAll(regular));
            for (int i = 1; i < got.size(); i++) {
                assertFalse(controls.contains(got.get(i - 1)) && controls.contains(got.get(i)), "two controls in a row: " + got);
            }
            assertFalse(controls.contains(got.get(got.size() - 1)), "a control after the regular work: " + got);
            assertEquals(1, keys.stream().distinct().count(), "a control's payload has the same fields as any item's");
        }
        // The dashboard counts the controls apart: both raters did them, yet they are neither complete nor
        // unfinished work (a control is for every rater, so it never completes); the 16 regular items are complete.
        var progress = asAdmin().when().get("/api/v1/projects/" + project + "/progress").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(18, progress.getInt("items"));
        assertEquals(16, progress.getInt("complete"));
        assertEquals(0, progress.getInt("inProgress"), "controls used to stay 'in progress' forever");
        assertEquals(0, progress.getInt("untouched"));
        assertEquals(2, progress.getInt("controls"));
        // Both raters said "pro" everywhere: one control right, one wrong.
        var report = asAdmin().when().get("/api/v1/projects/" + project + "/annotators").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(0.5, report.getDouble("items[0].controlAccuracy"), 1e-9);
        assertEquals(2, report.getInt("items[0].controls.items"));
        // Agreement: 16 regular items by default, 18 with the controls.
        asAdmin().queryParam("layer", "stance").when().get("/api/v1/projects/" + project + "/agreement").then()
                .statusCode(200).body("items", equalTo(16));
        asAdmin().queryParam("layer", "stance").queryParam("controls", "include").when()
                .get("/api/v1/projects/" + project + "/agreement").then().statusCode(200).body("items", equalTo(18));
        asAdmin().queryParam("layer", "stance").queryParam("controls", "all").when()
                .get("/api/v1/projects/" + project + "/agreement").then().statusCode(400).contentType(PROBLEM);
    }

    /**
     * {@code available} counts the controls only as the queue serves them: while regular work remains. A rater who
     * comes after two others filled every regular item is offered nothing, and the count says 0 (it said 2, the
     * controls they would never get, and the workbench offered "Label the next item").
     */
    @Test
    void availableCountsTheControlsOnlyWhileRegularWorkRemains() {
        markControls();
        TestUser late = Fixtures.member(project);
        String path = "/api/v1/projects/" + project + "/schema";
        as(late.token()).when().get(path).then().statusCode(200).body("progress.available", equalTo(18));
        for (TestUser rater : List.of(Fixtures.member(project), Fixtures.member(project))) {
            work(rater, new ArrayList<>());
        }
        as(late.token()).when().post("/api/v1/projects/" + project + "/queue/next").then().statusCode(204);
        as(late.token()).when().get(path).then().statusCode(200).body("progress.available", equalTo(0));
    }

    @Test
    void withoutControlsTheRateChangesNothing() {
        List<Long> got = work(Fixtures.member(project), new ArrayList<>());
        assertEquals(18, got.size());
        Map<Long, Integer> position = new HashMap<>();
        for (int i = 0; i < got.size(); i++) {
            position.put(got.get(i), i);
        }
        assertEquals(0, position.get(controls.get(0)), "unmarked, they are items in the order they were added");
    }
}
