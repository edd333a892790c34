package io.crosscheck.projects;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A typed attribute annotations on a layer may carry (e.g. {@code severity: int}). */
@Entity
@Table(name = "layer_attribute")
public class LayerAttribute extends PanacheEntityBase {

    public static final java.util.Set<String> TYPES = java.util.Set.of("int", "number", "string", "boolean", "date");

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "layer_id", nullable = false, updatable = false)
    public Layer layer;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String type;
}
