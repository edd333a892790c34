package io.crosscheck.review;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Map;

/**
 * A supervisor's gold set for an item: either the annotations themselves, or where to start from
 * ({@code "annotator:<name>"} copies that annotator's submitted labels, {@code "majority"} takes the majority).
 */
public record AdjudicationRequest(
        @Size(max = 10_000) String note,
        @Valid @Size(max = 10_000) List<@NotNull GoldSpec> annotations,
        @Pattern(regexp = "majority|annotator:[A-Za-z0-9._@-]{1,100}", message = "must be majority or annotator:<name>")
        String from) {

    // A validation rule, not a field of the JSON (the OpenAPI description must not list it).
    @com.fasterxml.jackson.annotation.JsonIgnore
    @AssertTrue(message = "give either annotations or from")
    public boolean isAnnotationsOrFrom() {
        return (annotations == null) != (from == null);
    }

    /** One gold annotation as the client writes it (document layers: label only). */
    public record GoldSpec(@NotBlank @Size(max = 100) String layer, @NotBlank @Size(max = 200) String label,
                           Integer start, Integer end, @Size(max = 100_000) String quote,
                           @Size(max = 50) Map<String, Object> attributes) {
    }
}
