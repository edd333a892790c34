package io.crosscheck.projects;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

import java.util.ArrayList;
import java.util.List;

/** One annotation layer of a project: document- or span-scoped, with its measurement level and ordered labels. */
@Entity
@Table(name = "layer")
public class Layer extends PanacheEntityBase {

    public static final String DOCUMENT = "document";
    public static final String SPAN = "span";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "project_id", nullable = false, updatable = false)
    public Project project;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String scope;

    @Column(nullable = false)
    public String measurement;

    @Column(nullable = false)
    public int position;

    /** The codebook for this layer (Markdown), shown to annotators. */
    public String guidelines;

    @OneToMany(mappedBy = "layer", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("position")
    public List<LayerLabel> labels = new ArrayList<>();

    @OneToMany(mappedBy = "layer", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("name")
    public List<LayerAttribute> attributes = new ArrayList<>();

    public boolean isSpan() {
        return SPAN.equals(scope);
    }

    public List<String> labelValues() {
        return labels.stream().map(l -> l.value).toList();
    }
}
