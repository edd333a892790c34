package io.crosscheck.users;

import io.crosscheck.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.crosscheck.testing.Fixtures.as;
import static io.crosscheck.testing.Fixtures.asAdmin;
import static io.crosscheck.testing.Fixtures.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class UserResourceTest {

    @Nested
    class Create {
        @Test
        void adminCreatesUserAndSeesTokenOnce() {
            String name = unique("ann");
            long id = asAdmin().body(Map.of("username", name, "role", "annotator"))
                    .when().post("/api/v1/users")
                    .then().statusCode(201)
                    .body("username", equalTo(name))
                    .body("role", equalTo("annotator"))
                    .body("token", startsWith("cc_"))
                    .extract().jsonPath().getLong("id");
            // Users are listed by id, so the new one is on the last page, however many earlier runs left behind.
            long total = asAdmin().when().get("/api/v1/users?size=1").then().extract().jsonPath().getLong("total");
            asAdmin().when().get("/api/v1/users?size=1000&page=" + (total - 1) / 1000)
                    .then().statusCode(200)
                    .body("items.find { it.id == " + id + " }.token", nullValue())
                    .body("items.find { it.id == " + id + " }.canLogIn", equalTo(true));
        }

        @Test
        void duplicateUsernameIs409() {
            var user = Fixtures.annotator();
            asAdmin().body(Map.of("username", user.username(), "role", "supervisor"))
                    .when().post("/api/v1/users")
                    .then().statusCode(409).contentType("application/problem+json")
                    .body("status", equalTo(409));
        }

        @Test
        void unknownRoleIs400WithFieldError() {
            asAdmin().body(Map.of("username", unique("x"), "role", "owner"))
                    .when().post("/api/v1/users")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem("role"));
        }

        @Test
        void usernameWithSpacesIs400() {
            asAdmin().body(Map.of("username", "two words", "role", "annotator"))
                    .when().post("/api/v1/users")
                    .then().statusCode(400).body("errors.field", hasItem("username"));
        }

        @Test
        void supervisorMayNotCreateUsers() {
            var supervisor = Fixtures.supervisor();
            as(supervisor.token()).body(Map.of("username", unique("x"), "role", "annotator"))
                    .when().post("/api/v1/users")
                    .then().statusCode(403).contentType("application/problem+json");
        }
    }

    @Nested
    class Tokens {
        @Test
        void meTellsWhoIsCalling() {
            var annotator = Fixtures.annotator();
            as(annotator.token()).when().get("/api/v1/me")
                    .then().statusCode(200)
                    .body("username", equalTo(annotator.username()))
                    .body("role", equalTo("annotator"));
        }

        @Test
        void rotatingKillsTheOldToken() {
            var annotator = Fixtures.annotator();
            // Used once first, so the instance remembers it: the rotation must make it forget.
            as(annotator.token()).when().get("/api/v1/me").then().statusCode(200);
            String fresh = asAdmin().when().post("/api/v1/users/" + annotator.id() + "/token")
                    .then().statusCode(200).body("token", notNullValue())
                    .extract().jsonPath().getString("token");
            as(annotator.token()).when().get("/api/v1/me").then().statusCode(401);
            as(fresh).when().get("/api/v1/me").then().statusCode(200);
        }

        @Test
        void rotatingUnknownUserIs404() {
            asAdmin().when().post("/api/v1/users/999999999/token")
                    .then().statusCode(404).contentType("application/problem+json");
        }

        @Test
        void listIsPaged() {
            Fixtures.annotator();
            Fixtures.annotator();
            asAdmin().when().get("/api/v1/users?page=0&size=1")
                    .then().statusCode(200)
                    .body("items.size()", equalTo(1))
                    .body("page", equalTo(0))
                    .body("size", equalTo(1))
                    .body("total", greaterThan(1));
        }
    }
}
