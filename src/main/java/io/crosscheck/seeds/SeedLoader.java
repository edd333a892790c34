package io.crosscheck.seeds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crosscheck.annotations.AnnotationImport;
import io.crosscheck.annotations.AnnotationImportReport;
import io.crosscheck.articles.ArticleService;
import io.crosscheck.articles.NewArticle;
import io.crosscheck.common.CrosscheckConfig;
import io.crosscheck.common.Roles;
import io.crosscheck.projects.MemberService;
import io.crosscheck.projects.Project;
import io.crosscheck.projects.ProjectRequest;
import io.crosscheck.projects.ProjectService;
import io.crosscheck.review.AdjudicationRequest;
import io.crosscheck.review.AdjudicationService;
import io.crosscheck.sources.Source;
import io.crosscheck.users.User;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads the demo corpus from the classpath ({@code seeds/manifest.json} and the texts it names) at start when
 * {@code crosscheck.seed} is on, then the demo project with its annotations and adjudications. Idempotent: existing
 * sources are reused, articles are de-duplicated by sha256, and the demo project is created only when none of its name
 * exists.
 */
@ApplicationScoped
public class SeedLoader {

    private static final Logger LOG = Logger.getLogger(SeedLoader.class);
    static final String MANIFEST = "seeds/manifest.json";
    static final String DEMO_PROJECT = "seeds/demo-project.json";
    static final String DEMO_ANNOTATIONS = "seeds/demo-annotations.ndjson";
    static final String DEMO_ADJUDICATIONS = "seeds/demo-adjudications.json";
    static final String DEMO_PRACTICE = "seeds/demo-practice.json";
    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> PROFILE =
            new com.fasterxml.jackson.core.type.TypeReference<>() {
            };
    private static final com.fasterxml.jackson.core.type.TypeReference<List<io.crosscheck.projects.RaterAttribute>>
            RATER_ATTRIBUTES = new com.fasterxml.jackson.core.type.TypeReference<>() {
            };
    static final String DEMO_SUPERVISOR = "demo-supervisor";

    @Inject
    CrosscheckConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    ArticleService articles;

    @Inject
    ProjectService projects;

    @Inject
    AnnotationImport annotationImport;

    @Inject
    AdjudicationService adjudication;

    @Inject
    MemberService members;

    void onStart(@Observes @Priority(100) StartupEvent event) {
        if (config.seed()) {
            Result result = load();
            LOG.infof("Seeds: %d articles added, %d already present (story %s)", result.added(), result.present(),
                    result.storyKey());
            DemoResult demo = loadDemo();
            if (demo.created()) {
                LOG.infof("Seeds: demo project '%s' (id %d) created with %d annotations and %d adjudicated items",
                        demo.name(), demo.projectId(), demo.annotations(), demo.adjudicated());
            }
            DemoResult practice = loadPractice();
            if (practice.created()) {
                LOG.infof("Seeds: practice project '%s' (id %d) created: the seed articles, no work yet; add annotators "
                        + "as members to label them in the workbench", practice.name(), practice.projectId());
            }
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

    /** What the demo load did; {@code created} is false when the demo project already existed. */
    public record DemoResult(long projectId, String name, boolean created, int annotations, int adjudicated) {
    }

    /**
     * Creates the demo project once (by name) on the seed story, with the three coders' annotations imported through
     * the annotation import and the demo adjudications stored through the adjudication service, so a newcomer sees
     * a non-empty review queue and source report. Needs the seed articles ({@link #load()}) in place.
     */
    @Transactional
    public DemoResult loadDemo() {
        JsonNode spec = readJson(DEMO_PROJECT);
        String name = spec.path("name").asText();
        Optional<Project> existing = Project.<Project>find("name", name).firstResultOptional();
        if (existing.isPresent()) {
            raterProfiles(existing.get(), spec);
            return new DemoResult(existing.get().id, name, false, 0, 0);
        }
        long actor = demoSupervisor();
        Map<String, Long> articleIds = seedArticleIds();
        ObjectNode request = spec.deepCopy();
        request.remove("storyKey");
        request.remove("raterProfiles");
        Project project;
        try {
            project = projects.create(json.treeToValue(request, ProjectRequest.class), actor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEMO_PROJECT, e);
        }
        projects.addItems(project.id, List.copyOf(articleIds.values()), null, actor);

        StringBuilder ndjson = new StringBuilder();
        for (String line : readText(DEMO_ANNOTATIONS).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            ndjson.append(withArticleId(line, articleIds)).append('\n');
        }
        AnnotationImportReport report;
        try {
            report = annotationImport.importNdjson(project.id,
                    new ByteArrayInputStream(ndjson.toString().getBytes(StandardCharsets.UTF_8)), actor);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (report.getFailed() > 0) {
            throw new IllegalStateException("demo annotations rejected: " + report.getErrors());
        }
        raterProfiles(project, spec);
        int adjudicated = 0;
        for (JsonNode entry : readJson(DEMO_ADJUDICATIONS)) {
            long articleId = articleId(entry, articleIds);
            List<AdjudicationRequest.GoldSpec> gold = new ArrayList<>();
            for (JsonNode g : entry.path("annotations")) {
                try {
                    gold.add(json.treeToValue(g, AdjudicationRequest.GoldSpec.class));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + DEMO_ADJUDICATIONS, e);
                }
            }
            adjudication.adjudicate(project.id, articleId,
                    new AdjudicationRequest(textOrNull(entry, "note"), gold, null), actor);
            adjudicated++;
        }
        return new DemoResult(project.id, name, true, report.getCreated(), adjudicated);
    }

    /**
     * Creates the practice project once (by name): the demo project's layers, guidelines and labels on the seed
     * articles, with no work and no members, so that an annotator a supervisor adds has something to label at once.
     */
    @Transactional
    public DemoResult loadPractice() {
        JsonNode spec = readJson(DEMO_PRACTICE);
        String name = spec.path("name").asText();
        Optional<Project> existing = Project.<Project>find("name", name).firstResultOptional();
        if (existing.isPresent()) {
            return new DemoResult(existing.get().id, name, false, 0, 0);
        }
        ObjectNode request = json.createObjectNode().put("name", name)
                .put("annotatorsPerItem", spec.path("annotatorsPerItem").asInt())
                .put("blindSources", spec.path("blindSources").asBoolean(true));
        request.set("layers", readJson(DEMO_PROJECT).path("layers").deepCopy());
        long actor = demoSupervisor();
        Project project;
        try {
            project = projects.create(json.treeToValue(request, ProjectRequest.class), actor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEMO_PRACTICE, e);
        }
        projects.addItems(project.id, List.copyOf(seedArticleIds().values()), null, actor);
        return new DemoResult(project.id, name, true, 0, 0);
    }

    /**
     * The coders' leans (SPEC §8 rater profiles): the demo's panel is balanced left / center / right, and
     * /agreement?groupBy=lean has groups to show. The import made the coders members. A demo project stored before
     * rater profiles existed gets the attributes, the panel and the leans on the next start (profiles already set are
     * left alone).
     */
    private void raterProfiles(Project project, JsonNode spec) {
        if (project.raterAttributes.isEmpty() && spec.has("raterAttributes")) {
            project.raterAttributes = new ArrayList<>(json.convertValue(spec.path("raterAttributes"), RATER_ATTRIBUTES));
            project.panelBalanceBy = textOrNull(spec.path("panel"), "balanceBy");
            project.persistAndFlush();
        }
        long actor = demoSupervisor();
        Map<Long, Map<String, Object>> profiles = members.profiles(project.id);
        spec.path("raterProfiles").fields().forEachRemaining(e -> User.findByUsername(e.getKey())
                .filter(u -> profiles.getOrDefault(u.id, Map.of()).isEmpty() && profiles.containsKey(u.id))
                .ifPresent(u -> members.setProfile(project.id, u.id, json.convertValue(e.getValue(), PROFILE), actor)));
    }

    /** The demo's adjudicator: a supervisor without a token (nobody logs in as it). */
    private long demoSupervisor() {
        return User.findByUsername(DEMO_SUPERVISOR).map(u -> u.id).orElseGet(() -> {
            User user = new User();
            user.username = DEMO_SUPERVISOR;
            user.role = Roles.SUPERVISOR;
            user.persistAndFlush();
            return user.id;
        });
    }

    /** Manifest file name (as in the manifest, e.g. articles/004_….txt) → stored article id, in manifest order. */
    private Map<String, Long> seedArticleIds() {
        Map<String, Long> ids = new LinkedHashMap<>();
        JsonNode manifest = readJson(MANIFEST);
        for (JsonNode entry : manifest.path("articles")) {
            Source source = source(entry.path("source"));
            String file = entry.path("file").asText();
            NewArticle article = NewArticle.of(source.id, entry.path("title").asText(), readText("seeds/" + file), null,
                    null, null);
            ids.put(file, articles.findDuplicate(article).orElseThrow(
                    () -> new IllegalStateException("seed article " + file + " is not loaded")));
        }
        return ids;
    }

    private static long articleId(JsonNode line, Map<String, Long> articleIds) {
        String file = line.path("articleFile").asText();
        Long id = articleIds.get(file);
        if (id == null) {
            throw new IllegalStateException("demo data names an unknown article file " + file);
        }
        return id;
    }

    /** The demo lines name the article file; the import wants the article id. */
    private String withArticleId(String line, Map<String, Long> articleIds) {
        try {
            ObjectNode node = (ObjectNode) json.readTree(line);
            long id = articleId(node, articleIds);
            node.remove("articleFile");
            ObjectNode out = json.createObjectNode().put("articleId", id);
            out.setAll(node);
            return json.writeValueAsString(out);
        } catch (IOException e) {
            throw new UncheckedIOException("bad line in " + DEMO_ANNOTATIONS, e);
        }
    }

    /**
     * The manifest's source, created when missing. Its {@code redact} strings (name, bylines) make the blind demo
     * projects blind for real; a seed source stored before they existed gets them on the next start.
     */
    private Source source(JsonNode node) {
        String name = node.path("name").asText();
        String[] redact = new String[node.path("redact").size()];
        for (int i = 0; i < redact.length; i++) {
            redact[i] = node.path("redact").get(i).asText();
        }
        Source source = Source.findByName(name).orElseGet(() -> {
            Source created = new Source();
            created.name = name;
            created.domain = textOrNull(node, "domain");
            created.kind = node.path("kind").asText("outlet");
            return created;
        });
        if (source.id == null || (source.redact.length == 0 && redact.length > 0)) {
            source.redact = redact;
            source.persistAndFlush();
        }
        return source;
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
