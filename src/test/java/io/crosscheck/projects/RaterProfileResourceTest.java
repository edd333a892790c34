package io.crosscheck.projects;

import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.Fixtures.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.crosscheck.testing.Fixtures.as;
import static io.crosscheck.testing.Fixtures.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Rater profiles (SPEC §8): a project's raterAttributes, a member's values, shown in /annotators and the export card. */
@QuarkusTest
class RaterProfileResourceTest {

    static final String PROBLEM = "application/problem+json";
    static final List<Map<String, Object>> ATTRIBUTES = List.of(
            Map.of("name", "lean", "values", List.of("left", "center", "right")), Map.of("name", "expertise"));

    long projectId;

    @BeforeEach
    void project() {
        projectId = Fixtures.project(Map.of("name", Fixtures.unique("raters"), "annotatorsPerItem", 2,
                "raterAttributes", ATTRIBUTES,
                "layers", List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "anti")))));
    }

    String member(long userId) {
        return "/api/v1/projects/" + projectId + "/members/" + userId;
    }

    @Test
    void theProjectShowsItsRaterAttributes() {
        asAdmin().when().get("/api/v1/projects/" + projectId).then().statusCode(200)
                .body("raterAttributes[0].name", equalTo("lean"))
                .body("raterAttributes[0].values", equalTo(List.of("left", "center", "right")))
                .body("raterAttributes[1].name", equalTo("expertise"));
    }

    @Test
    void anAttributeDeclaredTwiceIs422() {
        asAdmin().body(Map.of("name", Fixtures.unique("raters"), "annotatorsPerItem", 2,
                        "raterAttributes", List.of(Map.of("name", "lean"), Map.of("name", "lean")),
                        "layers", List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "anti")))))
                .when().post("/api/v1/projects").then().statusCode(422).contentType(PROBLEM)
                .body("errors.field", hasItem("raterAttributes[1].name"));
    }

    @Test
    void puttingAProfileStoresItAndTheMembersListShowsIt() {
        TestUser a = Fixtures.member(projectId);
        asAdmin().body(Map.of("profile", Map.of("lean", "left", "expertise", "economics"))).when().put(member(a.id()))
                .then().statusCode(200).body("username", equalTo(a.username()))
                .body("profile", equalTo(Map.of("lean", "left", "expertise", "economics")));
        asAdmin().when().get("/api/v1/projects/" + projectId + "/members").then().statusCode(200)
                .body("items[0].profile.lean", equalTo("left"));
        // PUT replaces the whole profile
        asAdmin().body(Map.of("profile", Map.of("lean", "right"))).when().put(member(a.id()))
                .then().statusCode(200).body("profile", equalTo(Map.of("lean", "right")));
    }

    @Test
    void anUndeclaredAttributeOrValueIs422AndChangesNothing() {
        TestUser a = Fixtures.member(projectId);
        asAdmin().body(Map.of("profile", Map.of("lean", "left"))).when().put(member(a.id())).then().statusCode(200);
        asAdmin().body(Map.of("profile", Map.of("age", "40"))).when().put(member(a.id()))
                .then().statusCode(422).contentType(PROBLEM).body("errors[0].field", equalTo("profile.age"))
                .body("errors[0].message", containsString("lean"));
        asAdmin().body(Map.of("profile", Map.of("lean", "far-left"))).when().put(member(a.id()))
                .then().statusCode(422).contentType(PROBLEM).body("errors[0].field", equalTo("profile.lean"));
        asAdmin().body(Map.of("profile", Map.of("lean", 3))).when().put(member(a.id()))
                .then().statusCode(422).contentType(PROBLEM).body("errors[0].field", equalTo("profile.lean"));
        asAdmin().when().get("/api/v1/projects/" + projectId + "/members").then()
                .body("items[0].profile", equalTo(Map.of("lean", "left")));
    }

    @Test
    void aNonMemberIs404AndAnAnnotatorIs403() {
        TestUser outsider = Fixtures.annotator();
        asAdmin().body(Map.of("profile", Map.of("lean", "left"))).when().put(member(outsider.id()))
                .then().statusCode(404).contentType(PROBLEM);
        TestUser a = Fixtures.member(projectId);
        as(a.token()).body(Map.of("profile", Map.of("lean", "left"))).when().put(member(a.id()))
                .then().statusCode(403);
    }

    @Test
    void theAnnotatorsReportAndTheExportCardCarryTheProfiles() {
        long source = Fixtures.source();
        long article = Fixtures.article(source, "One article for " + Fixtures.unique("text"));
        Fixtures.addItems(projectId, List.of(article));
        String left = Fixtures.unique("left");
        String right = Fixtures.unique("right");
        Fixtures.importAnnotationLines(projectId, List.of(
                Map.of("articleId", article, "annotator", left, "layer", "stance", "label", "pro"),
                Map.of("articleId", article, "annotator", right, "layer", "stance", "label", "anti")));
        var members = asAdmin().when().get("/api/v1/projects/" + projectId + "/members").then().extract().jsonPath();
        long leftId = members.getLong("items.find { it.username == '" + left + "' }.userId");
        asAdmin().body(Map.of("profile", Map.of("lean", "left"))).when().put(member(leftId)).then().statusCode(200);

        asAdmin().when().get("/api/v1/projects/" + projectId + "/annotators").then().statusCode(200)
                .body("items.find { it.annotator == '" + left + "' }.profile", equalTo(Map.of("lean", "left")))
                .body("items.find { it.annotator == '" + right + "' }.profile", equalTo(Map.of()));
        asAdmin().when().get("/api/v1/projects/" + projectId + "/export/card").then().statusCode(200)
                .body("raters.attributes[0].name", equalTo("lean"))
                .body("raters.annotators.annotator", equalTo(List.of(left, right).stream().sorted().toList()))
                .body("raters.annotators.find { it.annotator == '" + left + "' }.profile.lean", equalTo("left"));
    }
}
