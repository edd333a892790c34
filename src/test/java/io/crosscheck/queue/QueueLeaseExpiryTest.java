package io.crosscheck.queue;

import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.Fixtures.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.crosscheck.testing.Fixtures.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Lease expiry and heartbeat with a 3-second lease (a profile of its own, so Quarkus restarts once for it). */
@QuarkusTest
@TestProfile(QueueLeaseExpiryTest.ShortLease.class)
class QueueLeaseExpiryTest {

    public static class ShortLease implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("crosscheck.queue.lease", "PT3S");
        }
    }

    @Inject
    DataSource dataSource;

    long project(int items) {
        long source = Fixtures.source();
        long id = Fixtures.project(1, List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "anti"))));
        List<Long> articles = new java.util.ArrayList<>();
        for (int i = 0; i < items; i++) {
            articles.add(Fixtures.article(source, "Expiry text " + Fixtures.unique("x")));
        }
        Fixtures.addItems(id, articles);
        return id;
    }

    long claim(TestUser who, long projectId) {
        return as(who.token()).when().post("/api/v1/projects/" + projectId + "/queue/next")
                .then().statusCode(200).extract().jsonPath().getLong("assignmentId");
    }

    /**
     * How long a wait loop may go on before the test fails instead of hanging: twenty times the 3-second lease, far
     * beyond any real delay (this bounds the loop; it asserts no timing).
     */
    static final Duration LOOP_DEADLINE = Duration.ofSeconds(60);

    /** Waits until the database clock has passed the assignment's lease; fails after {@link #LOOP_DEADLINE}. */
    void waitForExpiry(long assignmentId) throws Exception {
        waitForExpiry(assignmentId, LOOP_DEADLINE);
    }

    void waitForExpiry(long assignmentId, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (sql("select count(*) from assignment where id = ? and lease_expires_at >= now()", assignmentId) > 0) {
            if (System.nanoTime() > deadline) {
                fail("the lease of assignment " + assignmentId + " had not expired after " + limit
                        + " although it lasts 3 s: is crosscheck.queue.lease applied?");
            }
            Thread.sleep(250);
        }
    }

    long sql(String query, long param) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(query)) {
            ps.setLong(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void anExpiredLeaseFreesTheSlotAndItsOwnerCannotActOnIt() throws Exception {
        long p = project(1);
        TestUser first = Fixtures.member(p);
        long id = claim(first, p);
        waitForExpiry(id);

        as(first.token()).when().get("/api/v1/assignments/" + id).then().statusCode(200).body("status", equalTo("expired"));
        as(first.token()).when().post("/api/v1/assignments/" + id + "/heartbeat").then().statusCode(409)
                .body("assignmentStatus", equalTo("expired"));
        as(first.token()).when().post("/api/v1/assignments/" + id + "/submit").then().statusCode(409);
        as(first.token()).when().post("/api/v1/assignments/" + id + "/skip").then().statusCode(409);

        // k = 1: the slot is free again, so a second annotator gets the item; the first never gets it back.
        TestUser second = Fixtures.member(p);
        long theirs = claim(second, p);
        as(first.token()).when().post("/api/v1/projects/" + p + "/queue/next").then().statusCode(204);

        assertEquals(1, sql("select count(*) from assignment where id = ? and status = 'expired' and ended_at is not null", id));
        assertEquals(1, sql("select active_count from project_item where project_id = ?", p));
        assertEquals(1, sql("select count(*) from audit_event where action = 'expire' and entity_id = ?", id));
        as(second.token()).when().post("/api/v1/assignments/" + theirs + "/submit").then().statusCode(200);
    }

    @Test
    void nextAfterExpiryGivesANewItemNotTheExpiredOne() throws Exception {
        long p = project(2);
        TestUser ann = Fixtures.member(p);
        long id = claim(ann, p);
        waitForExpiry(id);
        long again = claim(ann, p);
        org.junit.jupiter.api.Assertions.assertNotEquals(id, again);
        assertEquals(1, sql("select count(*) from assignment where id = ? and status = 'expired'", id));
    }

    @Test
    void aLeaseThatNeverExpiresFailsTheWaitInsteadOfHangingIt() throws Exception {
        long p = project(1);
        TestUser ann = Fixtures.member(p);
        long id = claim(ann, p);
        sql("update assignment set lease_expires_at = now() + interval '1 hour' where id = ? returning 1", id);
        AssertionFailedError failed = assertThrows(AssertionFailedError.class,
                () -> waitForExpiry(id, Duration.ofSeconds(1)));
        assertTrue(failed.getMessage().contains("had not expired"), failed.getMessage());
        as(ann.token()).when().post("/api/v1/assignments/" + id + "/submit").then().statusCode(200);
    }

    @Test
    void heartbeatsKeepALeaseAlivePastItsFirstExpiry() throws Exception {
        long p = project(1);
        TestUser ann = Fixtures.member(p);
        long id = claim(ann, p);
        long firstExpiry = sql("select (extract(epoch from lease_expires_at) * 1000)::bigint from assignment where id = ?", id);
        // Heartbeat until the original expiry is behind us, then the lease must still be live and submittable.
        long deadline = System.nanoTime() + LOOP_DEADLINE.toNanos();
        while (sql("select (extract(epoch from now()) * 1000)::bigint - ? ", firstExpiry) <= 500) {
            if (System.nanoTime() > deadline) {
                fail("the database clock did not pass the first expiry of assignment " + id + " within " + LOOP_DEADLINE);
            }
            as(ann.token()).when().post("/api/v1/assignments/" + id + "/heartbeat").then().statusCode(200)
                    .body("status", equalTo("leased"));
            Thread.sleep(700);
        }
        as(ann.token()).when().post("/api/v1/assignments/" + id + "/submit").then().statusCode(200)
                .body("status", equalTo("submitted"));
    }
}
