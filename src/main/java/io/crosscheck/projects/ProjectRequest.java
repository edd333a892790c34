package io.crosscheck.projects;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * Body of {@code POST /projects}: either explicit {@code layers} or {@code "taxonomy": "default"}; {@code access}
 * {@code members} (the default: only members claim work) or {@code open} (every annotator); {@code raterAttributes}
 * the attributes members are described by (SPEC §8); {@code rounds} 2 for a second, revising round (SPEC §8 "Two
 * rounds"; default 1).
 */
public record ProjectRequest(
        @NotBlank @Size(max = 200) String name,
        @NotNull @Min(1) @Max(50) Integer annotatorsPerItem,
        Boolean blindSources,
        @Pattern(regexp = "sequential|random", message = "must be sequential or random") String order,
        @Pattern(regexp = "default", message = "the only built-in taxonomy is 'default'") String taxonomy,
        @Pattern(regexp = "members|open", message = "must be members or open") String access,
        @Size(max = 50) List<@Valid @NotNull LayerSpec> layers,
        @Size(max = 20) List<@Valid @NotNull RaterAttribute> raterAttributes,
        @Valid Panel panel,
        @DecimalMin("0.0") @DecimalMax("0.5") Double controlRate,
        @Valid Escalation escalation,
        @Min(value = 1, message = "must be 1 or 2") @Max(value = 2, message = "must be 1 or 2") Integer rounds) {

    /**
     * {@code "escalation": {"layer": "reliability", "belowAgreement": 0.5, "maxAnnotatorsPerItem": 5}}: an item
     * whose panel agrees less than that on the layer gets one more rater at a time, up to the maximum.
     */
    public record Escalation(@NotBlank @Size(max = 100) String layer,
                             @NotNull @DecimalMin("-1.0") @DecimalMax("1.0") Double belowAgreement,
                             @NotNull @Min(1) @Max(50) Integer maxAnnotatorsPerItem) {
    }

    /** Names are stored without surrounding spaces, and compared that way before the unique key sees them. */
    public ProjectRequest {
        name = name == null ? null : name.strip();
    }

    /**
     * {@code "panel": {"balanceBy": "lean"}}: each item's raters are balanced over the values of that rater attribute
     * (one with a closed list of values).
     */
    public record Panel(@NotBlank @Size(max = 100) String balanceBy) {
    }

    // A validation rule, not a field of the JSON (the OpenAPI description must not list it).
    @com.fasterxml.jackson.annotation.JsonIgnore
    @AssertTrue(message = "give either layers or taxonomy, not both")
    public boolean isLayersOrTaxonomy() {
        return (layers == null || layers.isEmpty()) != (taxonomy == null);
    }
}
