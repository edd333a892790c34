package io.crosscheck.sources;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.Optional;

/** An outlet (or agency, blog …) that published articles. */
@Entity
@Table(name = "source")
public class Source extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true)
    public String name;

    public String domain;

    @Column(nullable = false)
    public String kind;

    /** Strings that give the source away (name, domain, bylines); masked in what annotators of blind projects see. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    public String[] redact = new String[0];

    @CreationTimestamp
    @Column(name = "created_at", nullable = false, updatable = false)
    public OffsetDateTime createdAt;

    public static Optional<Source> findByName(String name) {
        return find("name", name).firstResultOptional();
    }
}
