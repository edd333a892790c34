package io.crosscheck.queue;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Formula;

import java.time.OffsetDateTime;

/**
 * One annotator's turn at one item: leased (live), then submitted, skipped or expired. Its annotations hang off it;
 * once submitted they are frozen.
 */
@Entity
@Table(name = "assignment")
public class Assignment extends PanacheEntityBase {

    public static final String LEASED = "leased";
    public static final String SUBMITTED = "submitted";
    public static final String SKIPPED = "skipped";
    public static final String EXPIRED = "expired";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "project_id", nullable = false, updatable = false)
    public Long projectId;

    @Column(name = "item_id", nullable = false, updatable = false)
    public Long itemId;

    @Column(name = "article_id", nullable = false, updatable = false)
    public Long articleId;

    @Column(name = "annotator_id", nullable = false, updatable = false)
    public Long annotatorId;

    @Column(nullable = false)
    public String status;

    @Column(name = "leased_at", nullable = false)
    public OffsetDateTime leasedAt;

    @Column(name = "lease_expires_at")
    public OffsetDateTime leaseExpiresAt;

    @Column(name = "ended_at")
    public OffsetDateTime endedAt;

    @Column(nullable = false, updatable = false)
    public boolean imported;

    /**
     * The status as the database clock sees it (assignment_state in R__queue_functions.sql): a lease past its expiry
     * reads expired before any claim has marked it so. Read-only; set by hand where a row comes back from a queue call.
     */
    @Formula("assignment_state(status, lease_expires_at)")
    public String state;

    /** 1, or 2 for a revision in a two-round project (SPEC §8), an assignment of its own beside the round-1 one. */
    @Column(nullable = false, insertable = false, updatable = false)
    public short round = 1;

    /** Time on task so far: gaps between claim, heartbeats and submit up to the heartbeat interval (queue_act). */
    @Column(name = "active_ms", nullable = false, insertable = false, updatable = false)
    public long activeMs;

    /** Seconds on task; null for imported work, whose time was never observed. */
    public Double activeSeconds() {
        return imported ? null : activeMs / 1000.0;
    }
}
