package io.crosscheck.annotations;

import io.crosscheck.testing.Db;
import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An annotation import whose body never arrives whole stores nothing: half of a declared body then a close, a cut
 * chunked body, a chunked body past the bulk limit (413 problem+json). The same lines sent whole afterwards are all
 * created, none a duplicate: nothing of the broken import was kept.
 */
@QuarkusTest
class AnnotationImportBodyTest {

    @Inject
    DataSource dataSource;

    long projectId;
    String path;
    byte[] lines;
    static final int CODERS = 2_000;

    @BeforeEach
    void setUp() {
        projectId = Fixtures.project(2, List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "anti"))));
        long articleId = Fixtures.article(Fixtures.source(), "A text " + Fixtures.unique("t"));
        path = "/api/v1/projects/" + projectId + "/annotations/import";
        String prefix = Fixtures.unique("coder");
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < CODERS; i++) {
            body.append("{\"articleId\": ").append(articleId).append(", \"annotator\": \"").append(prefix).append('-')
                    .append(i).append("\", \"layer\": \"stance\", \"label\": \"pro\"}\n");
        }
        lines = body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void assertNothingWasKept() {
        assertEquals(0, new Db(dataSource).scalar("select count(*) from assignment where project_id = ?", projectId));
        Fixtures.ndjson(Fixtures.ADMIN_TOKEN, new String(lines, StandardCharsets.UTF_8)).when().post(path)
                .then().statusCode(200).body("created", equalTo(CODERS)).body("duplicates", equalTo(0));
    }

    @Test
    void halfOfADeclaredBodyThenACloseStoresNothing() throws Exception {
        RawHttp.sendPartThenClose(path, Fixtures.ADMIN_TOKEN, "application/x-ndjson", lines, lines.length / 2, 1000);
        assertNothingWasKept();
    }

    @Test
    void cutChunkedBodyStoresNothing() throws Exception {
        RawHttp.sendChunkedPartThenClose(path, Fixtures.ADMIN_TOKEN, "application/x-ndjson", lines, lines.length / 2, 1000);
        assertNothingWasKept();
    }

    @Test
    void chunkedBodyPastTheBulkLimitIs413AndStoresNothing() throws Exception {
        RawHttp.Answer answer = RawHttp.sendChunked(path, Fixtures.ADMIN_TOKEN, "application/x-ndjson",
                RawHttp.Chunks.paddedWithBlankLines(lines, 66L << 20));
        assertEquals(413, answer.status(), answer.raw());
        assertEquals("application/problem+json", answer.header("Content-Type"));
        assertTrue(answer.body().contains("crosscheck.limits.bulk-body"), answer.body());
        assertNothingWasKept();
    }
}
