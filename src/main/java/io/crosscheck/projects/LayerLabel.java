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

/** One label of a layer; its position is its rank on ordinal scales. */
@Entity
@Table(name = "layer_label")
public class LayerLabel extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "layer_id", nullable = false, updatable = false)
    public Layer layer;

    @Column(nullable = false)
    public String value;

    @Column(nullable = false)
    public int position;

    /** What the label means, shown to annotators beside the palette. */
    public String description;

    /** Suggested keyboard shortcut (one character). */
    @Column(name = "shortcut_key")
    public String key;
}
