package io.crosscheck.common;

import io.crosscheck.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Headers every client relies on: no cached copy of a token, no content sniffing anywhere. */
@QuarkusTest
class ResponseHeadersTest {

    @Test
    void aCreatedUsersTokenIsNeverStored() {
        Fixtures.asAdmin().body(Map.of("username", Fixtures.unique("nostore"), "role", "annotator"))
                .when().post("/api/v1/users")
                .then().statusCode(201).header("Cache-Control", equalTo("no-store")).header("Pragma", equalTo("no-cache"));
    }

    @Test
    void aRotatedTokenIsNeverStored() {
        long id = Fixtures.annotator().id();
        Fixtures.asAdmin().when().post("/api/v1/users/" + id + "/token")
                .then().statusCode(200).header("Cache-Control", equalTo("no-store"));
    }

    @Test
    void responsesWithoutASecretKeepTheirCaching() {
        Fixtures.asAdmin().when().get("/api/v1/users?size=1")
                .then().statusCode(200).header("Cache-Control", not(equalTo("no-store")));
        Fixtures.asAdmin().when().get("/api/v1/me").then().statusCode(200).header("Cache-Control", nullValue());
    }

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource({
            "GET, /api/v1/me, 200, admin",
            "GET, /api/v1/me, 401, none",
            "GET, /api/v1/users, 403, annotator",
            "GET, /api/v1/articles/987654321, 404, admin",
            "POST, /api/v1/sources, 400, admin",
            "GET, /api/v1/no-such-endpoint, 404, admin",
            "GET, /, 200, none",
            "GET, /q/health/ready, 200, none",
            "GET, /q/openapi, 200, none",
            "GET, /q/metrics, 401, none",
    })
    void everyKindOfResponseForbidsSniffing(String method, String path, int status, String who) {
        var request = switch (who) {
            case "admin" -> Fixtures.asAdmin();
            case "annotator" -> Fixtures.as(Fixtures.annotator().token());
            default -> given();
        };
        if ("POST".equals(method)) {
            request = request.contentType("application/json").body("{\"name\": ");
        }
        Response response = request.when().request(method, path);
        assertEquals(status, response.statusCode(), method + " " + path + ": " + response.asString());
        assertEquals("nosniff", response.header("X-Content-Type-Options"), method + " " + path);
    }
}
