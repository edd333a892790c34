package io.crosscheck.annotations;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.UpdateTimestamp;
import org.hibernate.type.SqlTypes;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * One human label: a document label (no offsets) or a span (code-point offsets, start inclusive, end exclusive, with
 * the quoted text). {@code version} is the optimistic-lock version clients send back in If-Match.
 */
@Entity
@Table(name = "annotation")
public class Annotation extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "assignment_id", nullable = false, updatable = false)
    public Long assignmentId;

    @Column(name = "project_id", nullable = false, updatable = false)
    public Long projectId;

    @Column(name = "article_id", nullable = false, updatable = false)
    public Long articleId;

    @Column(name = "annotator_id", nullable = false, updatable = false)
    public Long annotatorId;

    @Column(name = "layer_id", nullable = false)
    public Long layerId;

    @Column(nullable = false)
    public String label;

    @Column(name = "start_offset")
    public Integer start;

    @Column(name = "end_offset")
    public Integer end;

    public String quote;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, Object> attributes = Map.of();

    @Version
    @Column(nullable = false)
    public int version = 1;

    @CreationTimestamp
    @Column(name = "created_at", nullable = false, updatable = false)
    public OffsetDateTime createdAt;

    @UpdateTimestamp
    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
