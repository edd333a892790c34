package io.crosscheck.articles;

import io.crosscheck.common.CodePoints;

import java.time.OffsetDateTime;

/**
 * A validated article about to be stored: text already NFC-normalised, with its code-point length and sha256.
 * Built only through {@link #of}, so nothing can store an un-normalised text.
 */
public record NewArticle(long sourceId, String title, String text, int length, String sha256, String url,
                         OffsetDateTime publishedAt, String storyKey) {

    public static NewArticle of(long sourceId, String title, String rawText, String url, OffsetDateTime publishedAt,
                                String storyKey) {
        String text = CodePoints.nfc(rawText);
        return new NewArticle(sourceId, title.strip(), text, CodePoints.length(text), CodePoints.sha256(text), url,
                publishedAt, storyKey);
    }
}
