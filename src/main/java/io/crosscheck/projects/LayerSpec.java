package io.crosscheck.projects;

import com.fasterxml.jackson.annotation.JsonCreator;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * A layer as clients write it (project creation, schema changes, the built-in taxonomy) and as every response shows
 * it (the project, the annotator's schema, queue/next): labels with their descriptions and keys, and the layer's
 * guidelines (Markdown, the codebook an annotator reads).
 */
public record LayerSpec(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9_.-]{1,100}", message = "1–100 letters, digits or _ . -") String name,
        @NotNull @Pattern(regexp = "document|span", message = "must be document or span") String scope,
        @NotNull @Pattern(regexp = "nominal|ordinal|interval|ratio", message = "must be nominal, ordinal, interval or ratio")
        String measurement,
        @NotEmpty @Size(max = 500) List<@Valid @NotNull LabelSpec> labels,
        @Size(max = 50) List<@Valid @NotNull AttributeSpec> attributes,
        @Size(max = 100_000) String guidelines) {

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public LayerSpec {
        attributes = attributes == null ? List.of() : attributes;
        guidelines = guidelines == null || guidelines.isBlank() ? null : guidelines;
    }

    /** A layer of plain labels without guidelines (the built-in taxonomy, tests). */
    public LayerSpec(String name, String scope, String measurement, List<String> labels, List<AttributeSpec> attributes) {
        this(name, scope, measurement, labels.stream().map(LabelSpec::of).toList(), attributes, null);
    }

    /** The label values in order (the ordinal scale, the display order). */
    public List<String> labelValues() {
        return labels.stream().map(LabelSpec::value).toList();
    }

    /** A typed attribute of a layer. */
    public record AttributeSpec(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9_.-]{1,100}", message = "1–100 letters, digits or _ . -") String name,
            @NotNull @Pattern(regexp = "int|number|string|boolean|date", message = "must be int, number, string, boolean or date")
            String type) {
    }

    public static LayerSpec from(Layer layer) {
        return new LayerSpec(layer.name, layer.scope, layer.measurement, layer.labels.stream().map(LabelSpec::from).toList(),
                layer.attributes.stream().map(a -> new AttributeSpec(a.name, a.type)).toList(), layer.guidelines);
    }
}
