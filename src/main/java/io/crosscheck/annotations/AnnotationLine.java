package io.crosscheck.annotations;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.Map;

/**
 * One line of {@code POST /projects/{id}/annotations/import}: who labeled which article how. Without {@code label} the
 * line only records that the annotator did the item and marked nothing on that layer.
 */
public record AnnotationLine(
        @NotNull Long articleId,
        @NotNull @Pattern(regexp = "[A-Za-z0-9._@-]{1,100}", message = "1–100 letters, digits or . _ @ -") String annotator,
        @NotBlank @Size(max = 100) String layer,
        @Size(min = 1, max = 200) String label,
        Integer start,
        Integer end,
        @Size(max = 1_000_000) String quote,
        @Size(max = 50) Map<String, Object> attributes) {
}
