package io.crosscheck.articles;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.CreationTimestamp;

import java.time.OffsetDateTime;

/** An article text as published by a source. Immutable once stored: a correction is a new article. */
@Entity
@Table(name = "article")
public class Article extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "source_id", nullable = false, updatable = false)
    public Long sourceId;

    @Column(nullable = false, updatable = false)
    public String title;

    /** NFC-normalised text; loaded only when asked for (lists never carry it). */
    @Basic(fetch = FetchType.LAZY)
    @Column(nullable = false, updatable = false)
    public String text;

    /** Length in Unicode code points. */
    @Column(nullable = false, updatable = false)
    public int length;

    @Column(nullable = false, updatable = false)
    public String sha256;

    @Column(updatable = false)
    public String url;

    @Column(name = "published_at", updatable = false)
    public OffsetDateTime publishedAt;

    @Column(name = "story_key", updatable = false)
    public String storyKey;

    @CreationTimestamp
    @Column(name = "created_at", nullable = false, updatable = false)
    public OffsetDateTime createdAt;
}
