package io.crosscheck.review;

import io.crosscheck.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.crosscheck.testing.Fixtures.as;
import static io.crosscheck.testing.Fixtures.asAdmin;
import static org.hamcrest.Matchers.equalTo;

/** {@code GET …/adjudication/draft?from=}: the gold a starting point would give, without storing anything. */
@QuarkusTest
class AdjudicationDraftResourceTest {

    long project;
    long article;
    String a;

    @BeforeEach
    void work() {
        project = Fixtures.project(3, List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "anti")),
                Fixtures.spanLayer("claims", List.of("unsupported"))));
        article = Fixtures.article(Fixtures.source(), "The minister said taxes fell. " + Fixtures.unique("d"));
        a = Fixtures.unique("a");
        String b = Fixtures.unique("b");
        String c = Fixtures.unique("c");
        Fixtures.importAnnotationLines(project, List.of(
                Map.of("articleId", article, "annotator", a, "layer", "stance", "label", "pro"),
                Map.of("articleId", article, "annotator", b, "layer", "stance", "label", "pro"),
                Map.of("articleId", article, "annotator", c, "layer", "stance", "label", "anti"),
                Map.of("articleId", article, "annotator", a, "layer", "claims", "label", "unsupported",
                        "start", 18, "end", 29),
                Map.of("articleId", article, "annotator", b, "layer", "claims", "label", "unsupported",
                        "start", 18, "end", 29, "attributes", Map.of()),
                Map.of("articleId", article, "annotator", c, "layer", "claims")));
    }

    String draft(String from) {
        return "/api/v1/projects/" + project + "/items/" + article + "/adjudication/draft?from=" + from;
    }

    @Test
    void theMajorityDraftIsWhatMajorityGoldWouldBeAndNothingIsStored() {
        as(Fixtures.supervisor().token()).when().get(draft("majority")).then().statusCode(200)
                .body("from", equalTo("majority"))
                .body("annotations.findAll { it.layer == 'stance' }.label", equalTo(List.of("pro")))
                .body("annotations.findAll { it.layer == 'claims' }.quote", equalTo(List.of("taxes fell.")));
        asAdmin().when().get("/api/v1/projects/" + project + "/items/" + article + "/adjudication").then().statusCode(404);
    }

    @Test
    void anAnnotatorsDraftIsTheirSubmittedLabels() {
        asAdmin().when().get(draft("annotator:" + a)).then().statusCode(200)
                .body("annotations.size()", equalTo(2))
                .body("annotations.find { it.layer == 'claims' }.start", equalTo(18));
    }

    @Test
    void aMissingOrMalformedFromIs400AndAnUnknownItemIs404() {
        asAdmin().when().get("/api/v1/projects/" + project + "/items/" + article + "/adjudication/draft")
                .then().statusCode(400).contentType("application/problem+json");
        asAdmin().when().get(draft("everyone")).then().statusCode(400);
        asAdmin().when().get("/api/v1/projects/" + project + "/items/987654321/adjudication/draft?from=majority")
                .then().statusCode(404).contentType("application/problem+json");
        as(Fixtures.annotator().token()).when().get(draft("majority")).then().statusCode(403);
    }
}
