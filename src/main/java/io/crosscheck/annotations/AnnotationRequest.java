package io.crosscheck.annotations;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.util.Map;

/**
 * One annotation as an annotator writes it (POST, PUT, and each element of a batch). Span layers need start, end and
 * quote; document layers take the label only. On PUT the layer may be omitted (it cannot change).
 */
public record AnnotationRequest(
        @Size(max = 100) String layer,
        @NotBlank @Size(max = 200) String label,
        Integer start,
        Integer end,
        @Size(max = 1_000_000) String quote,
        @Size(max = 50) Map<String, Object> attributes) {
}
