package io.crosscheck.projects;

import com.fasterxml.jackson.annotation.JsonCreator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * One label of a layer as clients write it: a plain string ({@code "pro"}) or {@code {"value", "description", "key"}}.
 * Responses always give the object form. {@code key} suggests a keyboard shortcut: one character, unique in its layer.
 */
public record LabelSpec(
        @NotBlank @Size(max = 200) String value,
        @Size(max = 5000) String description,
        @Pattern(regexp = "^\\S$", message = "must be one character (not a space)") String key) {

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public LabelSpec {
        description = description == null || description.isBlank() ? null : description.strip();
    }

    /** A label given as a bare string. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static LabelSpec of(String value) {
        return new LabelSpec(value, null, null);
    }

    static LabelSpec from(LayerLabel label) {
        return new LabelSpec(label.value, label.description, label.key);
    }
}
