package io.crosscheck.projects;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An annotation project: which layers are labeled, by how many annotators per item, in what order. */
@Entity
@Table(name = "project")
public class Project extends PanacheEntityBase {

    public static final String ORDER_SEQUENTIAL = "sequential";
    public static final String ORDER_RANDOM = "random";
    public static final String ACCESS_MEMBERS = "members";
    public static final String ACCESS_OPEN = "open";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true)
    public String name;

    /** k: how many annotators label each item. */
    @Column(name = "annotators_per_item", nullable = false)
    public int annotatorsPerItem;

    /** When true, annotators are not told which source published the article. */
    @Column(name = "blind_sources", nullable = false)
    public boolean blindSources;

    @Column(name = "item_order", nullable = false)
    public String itemOrder = ORDER_SEQUENTIAL;

    /** Who may claim work: {@code members} only, or every annotator ({@code open}). */
    @Column(nullable = false)
    public String access = ACCESS_MEMBERS;

    /** Bumped on every compatible change of the label schema. */
    @Column(name = "schema_version", nullable = false)
    public int schemaVersion = 1;

    /** The attributes members are described by (SPEC §8 rater profiles); each member's values are its profile. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "rater_attributes", nullable = false)
    public List<RaterAttribute> raterAttributes = new ArrayList<>();

    /** Balanced panels: the rater attribute whose values each item's raters are balanced over, or null (SPEC §8). */
    @Column(name = "panel_balance_by")
    public String panelBalanceBy;

    /** Share of a rater's claims that are control items while controls and regular work remain (SPEC §8). */
    @Column(name = "control_rate", nullable = false)
    public double controlRate = 0.1;

    /** Escalation (SPEC §8): the layer whose per-item agreement is watched, or null for none. */
    @Column(name = "escalation_layer")
    public String escalationLayer;

    @Column(name = "escalation_below")
    public Double escalationBelow;

    @Column(name = "escalation_max")
    public Integer escalationMax;

    /**
     * 1, or 2 for two rounds (SPEC §8): after an item's panel has submitted, each rater sees the others' judgements
     * without names and may revise (a round-2 assignment beside the round-1 one).
     */
    @Column(nullable = false)
    public short rounds = 1;

    @Column(name = "created_by")
    public Long createdBy;

    @CreationTimestamp
    @Column(name = "created_at", nullable = false, updatable = false)
    public OffsetDateTime createdAt;

    @OneToMany(mappedBy = "project", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("position")
    public List<Layer> layers = new ArrayList<>();

    public Optional<RaterAttribute> raterAttribute(String name) {
        return raterAttributes.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    public Optional<Layer> layer(String name) {
        return layers.stream().filter(l -> l.name.equals(name)).findFirst();
    }
}
