package io.crosscheck.database;

import io.crosscheck.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.HashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A second test profile on the same embedded data directory as {@link EmbeddedDatabaseTest}: Quarkus restarts in a
 * new class loader for it, exactly as it does for every profile of a run without DB_URL. Whichever of the two runs
 * second must reuse the JVM's running server; before it did, it started a second server on the same directory and
 * failed with {@code OverlappingFileLockException}.
 */
@QuarkusTest
@TestProfile(EmbeddedDatabaseReuseTest.EmbeddedAgain.class)
class EmbeddedDatabaseReuseTest {

    /** The same database settings as {@link EmbeddedDatabaseTest.Embedded}, but another profile (another restart). */
    public static class EmbeddedAgain implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(new EmbeddedDatabaseTest.Embedded().getConfigOverrides());
            overrides.put("crosscheck.queue.lease", "PT29M");
            return overrides;
        }
    }

    @Inject
    DataSource dataSource;

    @Test
    void aSecondProfileUsesTheServerTheJvmAlreadyRuns() throws Exception {
        assertTrue(EmbeddedDatabase.isRunning(), "the embedded PostgreSQL is in use");
        Path pgData = Path.of("target/embedded-test-data").toAbsolutePath().normalize().resolve("pg");
        String shared = System.getProperty(EmbeddedDatabase.URL_PROPERTY_PREFIX + pgData);
        assertNotNull(shared, "the JVM-wide record of the running server");
        assertTrue(EmbeddedDatabase.postmasterRuns(pgData), "its postmaster runs");
        try (Connection c = dataSource.getConnection()) {
            String port = shared.replaceAll(".*localhost:(\\d+)/.*", "$1");
            assertEquals(port, c.getMetaData().getURL().replaceAll(".*localhost:(\\d+)/.*", "$1"),
                    "this application talks to that server");
        }
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        long article = Fixtures.article(Fixtures.source(), "Written through the reused server " + Fixtures.unique("x"));
        Fixtures.asAdmin().when().get("/api/v1/articles/" + article).then().statusCode(200);
    }
}
