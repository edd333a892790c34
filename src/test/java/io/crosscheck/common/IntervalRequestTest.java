package io.crosscheck.common;

import io.crosscheck.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import io.quarkus.test.junit.QuarkusTest;

import java.util.List;
import java.util.stream.Stream;

import static io.crosscheck.testing.Fixtures.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * The one request record of {@code ci}, {@code replicates} and {@code seed}: every bad value is the same 400 problem,
 * naming the same field with the same message, on {@code /agreement} and on {@code /sources/report}.
 */
@QuarkusTest
class IntervalRequestTest {

    private static final String LEVEL = "must be a number between 0 and 1 (exclusive), e.g. 0.95";
    private static final String REPLICATES = "must be a whole number from 1 to 10000";
    private static final String SEED = "must be a whole number";

    private static final class Data {
        static final long PROJECT = Fixtures.project(2, List.of(
                Fixtures.documentLayer("stance", "nominal", List.of("pro", "con"))));
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("ci=abc", "ci", LEVEL),
                Arguments.of("ci=%20", "ci", LEVEL),
                Arguments.of("ci=0", "ci", LEVEL),
                Arguments.of("ci=1", "ci", LEVEL),
                Arguments.of("ci=1.5", "ci", LEVEL),
                Arguments.of("ci=-0.5", "ci", LEVEL),
                Arguments.of("ci=NaN", "ci", LEVEL),
                Arguments.of("ci=0.95&replicates=0", "replicates", REPLICATES),
                Arguments.of("ci=0.95&replicates=-5", "replicates", REPLICATES),
                Arguments.of("ci=0.95&replicates=10001", "replicates", REPLICATES),
                Arguments.of("ci=0.95&replicates=1.5", "replicates", REPLICATES),
                Arguments.of("ci=0.95&replicates=many", "replicates", REPLICATES),
                Arguments.of("ci=0.95&replicates=%20", "replicates", REPLICATES),
                Arguments.of("ci=0.95&seed=x", "seed", SEED),
                Arguments.of("ci=0.95&seed=1.5", "seed", SEED),
                Arguments.of("ci=0.95&seed=%20", "seed", SEED));
    }

    static Stream<String> endpoints() {
        return Stream.of("/agreement", "/sources/report");
    }

    static Stream<Arguments> cases() {
        return endpoints().flatMap(e -> badValues().map(a -> Arguments.of(e, a.get()[0], a.get()[1], a.get()[2])));
    }

    @ParameterizedTest(name = "{0}?{1} -> 400 {2}")
    @MethodSource("cases")
    void badValueIsOneProblemNamingTheField(String endpoint, String query, String field, String message) {
        asAdmin().urlEncodingEnabled(false).when().get("/api/v1/projects/" + Data.PROJECT + endpoint + "?" + query)
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", equalTo(field + " " + message))
                .body("errors", hasSize(1))
                .body("errors[0].field", equalTo(field))
                .body("errors[0].message", equalTo(message));
    }

    @ParameterizedTest(name = "{0}?ci=0.9&replicates=50&seed=7 -> 200")
    @MethodSource("endpoints")
    void goodValuesAreAccepted(String endpoint) {
        asAdmin().when().get("/api/v1/projects/" + Data.PROJECT + endpoint + "?ci=0.9&replicates=50&seed=7")
                .then().statusCode(200);
    }

    @ParameterizedTest(name = "{0}?ci=&replicates=&seed= -> 200")
    @MethodSource("endpoints")
    void emptyValuesAreAbsent(String endpoint) {
        // JAX-RS gives an empty query value as absent, on both endpoints alike (a blank one is a 400 above)
        asAdmin().urlEncodingEnabled(false).when()
                .get("/api/v1/projects/" + Data.PROJECT + endpoint + "?ci=0.9&replicates=&seed=").then().statusCode(200);
        asAdmin().urlEncodingEnabled(false).when().get("/api/v1/projects/" + Data.PROJECT + endpoint + "?ci=")
                .then().statusCode(200);
    }

    @ParameterizedTest(name = "/agreement?{0} -> 400 ci")
    @MethodSource("withoutLevel")
    void agreementWantsCiBeforeReplicatesOrSeed(String query) {
        // /agreement gives no interval unless asked; the source report always gives one (0.95 by default).
        asAdmin().urlEncodingEnabled(false).when().get("/api/v1/projects/" + Data.PROJECT + "/agreement?" + query)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("ci"));
        asAdmin().urlEncodingEnabled(false).when().get("/api/v1/projects/" + Data.PROJECT + "/sources/report?" + query)
                .then().statusCode(200);
    }

    static Stream<String> withoutLevel() {
        return Stream.of("replicates=10", "seed=7");
    }
}
