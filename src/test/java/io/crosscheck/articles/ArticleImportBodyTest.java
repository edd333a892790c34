package io.crosscheck.articles;

import io.crosscheck.testing.Db;
import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;

import static io.crosscheck.testing.Fixtures.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An article import whose body never arrives whole stores nothing (SPEC §1): a client that sends half of a declared
 * body and closes, a chunked body that is cut, a chunked body past the bulk limit (413 problem+json). Each import names
 * a fresh source; afterwards one more import of the first line's text into that source must create it: it would be
 * a duplicate had any line of the broken import been kept. That follow-up also waits for the broken import's
 * transaction (it needs the same source name, a unique key), so nothing is checked before the server has finished.
 */
@QuarkusTest
class ArticleImportBodyTest {

    private static final String IMPORT = "/api/v1/articles/import";

    @Inject
    DataSource dataSource;

    /** {@code lines} articles of about 500 bytes each, all in the source named {@code sourceName}. */
    private static byte[] articles(String sourceName, int lines) {
        StringBuilder body = new StringBuilder();
        String filler = "x".repeat(400);
        for (int i = 0; i < lines; i++) {
            body.append(line(sourceName, i, filler)).append('\n');
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String line(String sourceName, int i, String filler) {
        return "{\"sourceName\": \"" + sourceName + "\", \"title\": \"t" + i + "\", \"text\": \"article " + i + " of "
                + sourceName + " " + filler + "\"}";
    }

    private long articlesOf(String sourceName) {
        return new Db(dataSource).scalar("select count(*) from article a join source s on s.id = a.source_id "
                + "where s.name = ?", sourceName);
    }

    /** Imports line 0 again: created (1) when the broken import kept nothing, a duplicate when it kept its lines. */
    private void assertNothingWasKept(String sourceName) {
        Fixtures.ndjson(Fixtures.ADMIN_TOKEN, line(sourceName, 0, "x".repeat(400)) + "\n").when().post(IMPORT)
                .then().statusCode(200).body("created", equalTo(1)).body("duplicates", equalTo(0));
        assertEquals(1, articlesOf(sourceName), "only the follow-up line is stored");
    }

    @Test
    void clientThatSendsHalfTheDeclaredBodyAndClosesStoresNothing() throws Exception {
        String source = unique("aborted");
        byte[] body = articles(source, 2_000);
        RawHttp.sendPartThenClose(IMPORT, Fixtures.ADMIN_TOKEN, "application/x-ndjson", body, body.length / 2, 1500);
        assertNothingWasKept(source);
    }

    @Test
    void chunkedBodyThatIsCutStoresNothing() throws Exception {
        String source = unique("cut");
        byte[] body = articles(source, 2_000);
        RawHttp.sendChunkedPartThenClose(IMPORT, Fixtures.ADMIN_TOKEN, "application/x-ndjson", body, body.length / 2,
                1500);
        assertNothingWasKept(source);
    }

    @Test
    void chunkedBodyPastTheBulkLimitIs413AndStoresNothing() throws Exception {
        String source = unique("oversized");
        byte[] lines = articles(source, 200);
        // Then blank lines until the body is 66 MiB, past the 64 MiB bulk limit.
        RawHttp.Answer answer = RawHttp.sendChunked(IMPORT, Fixtures.ADMIN_TOKEN, "application/x-ndjson",
                RawHttp.Chunks.paddedWithBlankLines(lines, 66L << 20));
        assertEquals(413, answer.status(), answer.raw());
        assertEquals("application/problem+json", answer.header("Content-Type"));
        assertTrue(answer.body().contains("crosscheck.limits.bulk-body"), answer.body());
        assertNothingWasKept(source);
    }
}
