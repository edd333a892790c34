package io.crosscheck.seeds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosscheck.articles.ArticleService;
import io.crosscheck.articles.NewArticle;
import io.crosscheck.common.CrosscheckConfig;
import io.crosscheck.sources.Source;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

/**
 * Loads the demo corpus from the classpath ({@code seeds/manifest.json} and the texts it names) at start when
 * {@code crosscheck.seed} is on. Idempotent: existing sources are reused and articles are de-duplicated by sha256.
 */
@ApplicationScoped
public class SeedLoader {

    private static final Logger LOG = Logger.getLogger(SeedLoader.class);
    static final String MANIFEST = "seeds/manifest.json";

    @Inject
    CrosscheckConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    ArticleService articles;

    void onStart(@Observes @Priority(100) StartupEvent event) {
        if (config.seed()) {
            Result result = load();
            LOG.infof("Seeds: %d articles added, %d already present (story %s)", result.added(), result.present(),
                    result.storyKey());
        }
    }

    /** What a load did. */
    public record Result(String storyKey, int added, int present) {
    }

    @Transactional
    public Result load() {
        JsonNode manifest = readJson(MANIFEST);
        String storyKey = manifest.path("storyKey").asText();
        int added = 0;
        int present = 0;
        for (JsonNode entry : manifest.path("articles")) {
            Source source = source(entry.path("source"));
            String text = readText("seeds/" + entry.path("file").asText());
            NewArticle article = NewArticle.of(source.id, entry.path("title").asText(), text, textOrNull(entry, "url"),
                    entry.hasNonNull("publishedAt") ? OffsetDateTime.parse(entry.get("publishedAt").asText()) : null,
                    storyKey);
            if (articles.insertIfNew(article).isPresent()) {
                added++;
            } else {
                present++;
            }
        }
        return new Result(storyKey, added, present);
    }

    private Source source(JsonNode node) {
        String name = node.path("name").asText();
        return Source.findByName(name).orElseGet(() -> {
            Source source = new Source();
            source.name = name;
            source.domain = textOrNull(node, "domain");
            source.kind = node.path("kind").asText("outlet");
            source.persistAndFlush();
            return source;
        });
    }

    private static String textOrNull(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    JsonNode readJson(String resource) {
        try (InputStream in = open(resource)) {
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    static String readText(String resource) {
        try (InputStream in = open(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    static InputStream open(String resource) {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("seed resource " + resource + " is missing from the classpath");
        }
        return in;
    }
}
