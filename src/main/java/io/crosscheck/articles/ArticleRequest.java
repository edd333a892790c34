package io.crosscheck.articles;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;

/**
 * Body of {@code POST /articles} and one line of {@code /articles/import}. The import may name a source by
 * {@code sourceName} instead of {@code sourceId}.
 */
public record ArticleRequest(
        Long sourceId,
        @Size(min = 1, max = 200) String sourceName,
        @NotBlank @Size(max = 1000) String title,
        @NotNull @NotEmpty @Size(max = 1_000_000, message = "must be at most 1,000,000 characters") String text,
        @Size(max = 2000) String url,
        OffsetDateTime publishedAt,
        @Size(max = 200) String storyKey) {

    /** Source names are stored without surrounding spaces (as a source is created), so they are looked up that way. */
    public ArticleRequest {
        sourceName = sourceName == null ? null : sourceName.strip();
    }

    // A validation rule, not a field of the JSON (the OpenAPI description must not list it).
    @com.fasterxml.jackson.annotation.JsonIgnore
    @AssertTrue(message = "give exactly one of sourceId and sourceName")
    public boolean isSourceGiven() {
        return (sourceId == null) != (sourceName == null);
    }
}
