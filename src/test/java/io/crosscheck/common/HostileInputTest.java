package io.crosscheck.common;

import io.crosscheck.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.crosscheck.testing.Fixtures.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Hostile input, table by table: every request here once answered a 500, a 404 or an empty body. Each must now get a
 * 4xx application/problem+json that names what is wrong, and change nothing.
 */
@QuarkusTest
class HostileInputTest {

    /** Ids the tables point at, made once through the API. */
    private static final class Data {
        static final long PROJECT = Fixtures.project(1, List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "con"))));
        static final long ARTICLE = Fixtures.article(Fixtures.source(), "Some text.");
    }

    private static String resolve(String path) {
        return path.replace("{project}", Long.toString(Data.PROJECT)).replace("{article}", Long.toString(Data.ARTICLE));
    }

    /** Every paged list: page × size once overflowed an int and answered 500. */
    static Stream<String> pagedLists() {
        return Stream.of("/api/v1/sources", "/api/v1/users", "/api/v1/projects", "/api/v1/articles",
                "/api/v1/me/projects", "/api/v1/audit", "/api/v1/assignments",
                "/api/v1/projects/{project}/items", "/api/v1/projects/{project}/members",
                "/api/v1/projects/{project}/review-queue", "/api/v1/projects/{project}/annotators",
                "/api/v1/projects/{project}/items/{article}/adjudication/history",
                "/api/v1/assignments/1/annotations");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pagedLists")
    void pageTimesSizePastAnIntIs400(String path) {
        asAdmin().queryParam("page", 3_000_000).queryParam("size", 1000)
                .when().get(resolve(path))
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("status", equalTo(400)).body("errors.field", hasItem("page"));
    }
}
