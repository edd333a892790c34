package io.crosscheck.projects;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/** A layer as clients write it (project creation, schema changes, the built-in taxonomy). */
public record LayerSpec(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9_.-]{1,100}", message = "1–100 letters, digits or _ . -") String name,
        @NotNull @Pattern(regexp = "document|span", message = "must be document or span") String scope,
        @NotNull @Pattern(regexp = "nominal|ordinal|interval|ratio", message = "must be nominal, ordinal, interval or ratio")
        String measurement,
        @NotEmpty @Size(max = 500) List<@NotBlank @Size(max = 200) String> labels,
        @Valid @Size(max = 50) List<AttributeSpec> attributes) {

    public LayerSpec {
        attributes = attributes == null ? List.of() : attributes;
    }

    /** A typed attribute of a layer. */
    public record AttributeSpec(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9_.-]{1,100}", message = "1–100 letters, digits or _ . -") String name,
            @NotNull @Pattern(regexp = "int|number|string|boolean|date", message = "must be int, number, string, boolean or date")
            String type) {
    }

    public static LayerSpec from(Layer layer) {
        return new LayerSpec(layer.name, layer.scope, layer.measurement, layer.labelValues(),
                layer.attributes.stream().map(a -> new AttributeSpec(a.name, a.type)).toList());
    }
}
