package io.crosscheck.projects;

import com.fasterxml.jackson.annotation.JsonCreator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * An attribute a project describes its raters by (SPEC §8), e.g. {@code {"name": "lean", "values": ["left",
 * "center", "right"]}}. With {@code values} a member's value must be one of them (and the attribute can balance a
 * panel or group the agreement); without, any short string is accepted.
 */
public record RaterAttribute(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9_.-]{1,100}", message = "1–100 letters, digits or _ . -") String name,
        @Size(min = 1, max = 50) List<@NotBlank @Size(max = 100) String> values) {

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public RaterAttribute {
        values = values == null ? null : List.copyOf(values);
    }

    /** Whether the attribute has a closed list of values. */
    public boolean closed() {
        return values != null;
    }
}
