package io.crosscheck.common;

import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Body limits belong to the endpoint and count the bytes actually read: a chunked body (no Content-Length) past the
 * JSON limit is a 413 problem+json, and a JSON endpoint keeps the JSON limit whatever Content-Type the client claims.
 */
@QuarkusTest
class BodyLimitsTest {

    /** Three MiB, past the 2 MiB JSON limit, streamed as chunks of a JSON body {@code prefix + 'x'… + suffix}. */
    private static RawHttp.Chunks threeMebibytesOf(String prefix, String suffix) {
        byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] tail = suffix.getBytes(StandardCharsets.UTF_8);
        long fill = (3L << 20) - head.length - tail.length;
        long[] state = {0, 0}; // 0: head sent?, 1: filler sent
        boolean[] done = {false, false};
        return buffer -> {
            if (!done[0]) {
                done[0] = true;
                System.arraycopy(head, 0, buffer, 0, head.length);
                return head.length;
            }
            if (state[1] < fill) {
                int n = (int) Math.min(buffer.length, fill - state[1]);
                java.util.Arrays.fill(buffer, 0, n, (byte) 'x');
                state[1] += n;
                return n;
            }
            if (!done[1]) {
                done[1] = true;
                System.arraycopy(tail, 0, buffer, 0, tail.length);
                return tail.length;
            }
            return -1;
        };
    }

    private static void assertTooLarge(RawHttp.Answer answer) {
        assertEquals(413, answer.status(), answer.raw());
        assertEquals("application/problem+json", answer.header("Content-Type"));
        assertTrue(answer.body().contains("crosscheck.limits.json-body"), answer.body());
    }

    @Test
    void chunkedJsonArticlePastTheJsonLimitIs413() throws Exception {
        long source = Fixtures.source();
        assertTooLarge(RawHttp.sendChunked("/api/v1/articles", Fixtures.ADMIN_TOKEN, "application/json",
                threeMebibytesOf("{\"sourceId\": " + source + ", \"title\": \"big\", \"text\": \"", "\"}")));
    }

    @Test
    void chunkedAnnotationBatchPastTheJsonLimitIs413() throws Exception {
        var annotator = Fixtures.annotator();
        assertTooLarge(RawHttp.sendChunked("/api/v1/assignments/1/annotations/batch", annotator.token(),
                "application/json", threeMebibytesOf("{\"annotations\": [{\"layer\": \"", "\"}]}")));
    }

    @Test
    void jsonEndpointKeepsTheJsonLimitWhenTheBodyClaimsToBeNdjson() {
        var annotator = Fixtures.annotator();
        byte[] body = ("{\"annotations\": [{\"layer\": \"" + "x".repeat(3 << 20) + "\"}]}").getBytes(StandardCharsets.UTF_8);
        given().header("Authorization", "Bearer " + annotator.token()).contentType("application/x-ndjson").body(body)
                .when().post("/api/v1/assignments/1/annotations/batch")
                .then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("crosscheck.limits.json-body"));
    }
}
