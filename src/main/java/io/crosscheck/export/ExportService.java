package io.crosscheck.export;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosscheck.agreement.core.SpanF1;
import io.crosscheck.agreement.core.Spans;
import io.crosscheck.agreement.core.UnitizingAlpha;
import io.crosscheck.common.ProblemException;
import io.crosscheck.database.ReadDatabase;
import io.crosscheck.export.ExportPlan.LayerInfo;
import io.crosscheck.export.ExportedArticle.Mark;
import io.crosscheck.export.ExportedArticle.Work;
import io.crosscheck.projects.Layer;
import io.crosscheck.projects.Project;
import io.crosscheck.projects.RaterAttribute;
import io.crosscheck.sources.Source;
import io.crosscheck.users.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.StreamingOutput;
import org.jboss.logging.Logger;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Exports: validates the request into an {@link ExportPlan} (every 400/404 before streaming starts), then streams
 * the articles from the database through one format writer, or through a SHA-256 digest for the dataset card.
 */
@ApplicationScoped
public class ExportService {

    private static final Logger LOG = Logger.getLogger(ExportService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<RaterAttribute>> RATER_ATTRIBUTES = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Object>> PROFILE = new TypeReference<>() {
    };

    /** Report reads: the replica inside a report request when DB_READ_URL is set (docs/database.md). */
    @Inject
    ReadDatabase reads;

    /** Checks the parameters and loads the project's schema; throws 400 on a bad parameter, 404 on no project. */
    @Transactional
    public ExportPlan plan(long projectId, ExportQuery q, String baseUri) {
        ExportFormat f = q.format() == null || q.format().isBlank() ? ExportFormat.JSONL : ExportFormat.parse(q.format());
        if (f == null) {
            throw ProblemException.badRequest("format must be one of " + ExportFormat.names()).with("parameter", "format");
        }
        ExportPlan.Include inc = parseEnum(ExportPlan.Include.class, q.include(), ExportPlan.Include.ALL, "include");
        ExportPlan.ItemStatus st = parseEnum(ExportPlan.ItemStatus.class, q.status(), ExportPlan.ItemStatus.ANY, "status");
        Long source = null;
        if (q.sourceId() != null && !q.sourceId().isBlank()) {
            try {
                source = Long.parseLong(q.sourceId().trim());
            } catch (NumberFormatException e) {
                throw ProblemException.badRequest("sourceId must be a number").with("parameter", "sourceId");
            }
        }
        boolean comments = parseBoolean(q.comments(), "comments");
        String annotator = q.annotator() == null || q.annotator().isBlank() ? null : q.annotator().trim();
        if (annotator != null) {
            if (inc == ExportPlan.Include.GOLD) {
                throw ProblemException.badRequest("annotator= selects raw work; it cannot be combined with include=gold")
                        .with("parameter", "annotator");
            }
            if (User.findByUsername(annotator).isEmpty()) {
                throw ProblemException.badRequest("no user '" + annotator + "'").with("parameter", "annotator");
            }
            inc = ExportPlan.Include.RAW;
        }
        Project project = Project.findById(projectId);
        if (project == null) {
            throw ProblemException.notFound("project", projectId);
        }
        if (source != null && Source.findById(source) == null) {
            throw ProblemException.badRequest("source " + source + " does not exist").with("parameter", "sourceId");
        }
        String layerFilter = q.layer() == null || q.layer().isBlank() ? null : q.layer().trim();
        List<LayerInfo> layers = new ArrayList<>();
        Map<Long, Map<String, String>> attributeTypes = new HashMap<>();
        for (Layer l : project.layers) {
            if (layerFilter == null || l.name.equals(layerFilter)) {
                Map<String, String> types = new LinkedHashMap<>();
                l.attributes.forEach(a -> types.put(a.name, a.type));
                attributeTypes.put(l.id, Collections.unmodifiableMap(types));
                Map<String, String> descriptions = new LinkedHashMap<>();
                l.labels.stream().filter(x -> x.description != null).forEach(x -> descriptions.put(x.value, x.description));
                layers.add(new LayerInfo(l.id, l.name, l.scope, l.measurement, List.copyOf(l.labelValues()), l.guidelines,
                        Collections.unmodifiableMap(descriptions)));
            }
        }
        if (layerFilter != null && layers.isEmpty()) {
            throw ProblemException.badRequest("project " + projectId + " has no layer '" + layerFilter + "'")
                    .with("parameter", "layer");
        }
        return new ExportPlan(project.id, project.name, project.schemaVersion, project.annotatorsPerItem, f, inc, st,
                source, layerFilter, List.copyOf(layers), annotator, comments, stripSlash(baseUri),
                Collections.unmodifiableMap(attributeTypes));
    }

    private static String stripSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    private static boolean parseBoolean(String value, String parameter) {
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ProblemException.badRequest(parameter + " must be true or false").with("parameter", parameter);
        };
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String value, E fallback, String parameter) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value.trim())) {
                return e;
            }
        }
        List<String> names = java.util.Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        throw ProblemException.badRequest(parameter + " must be one of " + String.join(", ", names))
                .with("parameter", parameter);
    }

    /**
     * The export file as a stream written while the rows are read, holding {@code slot} until the last byte is
     * written or the client has gone. A client that disconnects mid-export is a WARN line, not an error: it is a
     * normal event for a download, and the transaction is rolled back and the connection returned at once.
     */
    public StreamingOutput stream(ExportPlan plan, ExportSlots.Slot slot) {
        return target -> {
            if (!slot.start()) {
                return; // the exchange ended before the body was written: nobody to write to
            }
            CountingOutput out = new CountingOutput(target);
            try (slot) {
                run(plan, out, null, null);
            } catch (SQLException e) {
                // The status line is gone by now: all we can do is cut the response short and say why in the log.
                LOG.errorf(e, "export of project %d failed while streaming", plan.projectId());
                throw new IOException("export failed", e);
            } catch (IOException e) {
                LOG.warnf("export of project %d (%s) stopped after %d bytes: the client went away (%s)",
                        plan.projectId(), plan.format().param, out.bytes, e.getMessage());
                throw new ClientGone(e);
            }
        };
    }

    /**
     * The write failed because the client closed the connection. Thrown out of the {@link StreamingOutput} so the
     * HTTP layer abandons the response; {@link ClientGoneMapper} keeps it out of the error log.
     */
    static final class ClientGone extends IOException {
        ClientGone(IOException cause) {
            super("client went away", cause);
        }
    }

    /** Passes bytes through and counts them, for the log line of a download cut short. */
    private static final class CountingOutput extends java.io.FilterOutputStream {
        long bytes;

        CountingOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            bytes += len;
        }
    }

    /** The dataset card: the export streamed through SHA-256, counting and measuring on the way. */
    public DatasetCard card(ExportPlan plan) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
        CountingStream counter = new CountingStream();
        CardStats stats = new CardStats(plan);
        try (DigestOutputStream digest = new DigestOutputStream(counter, sha)) {
            run(plan, digest, stats, null);
        } catch (SQLException e) {
            throw new IllegalStateException("card of project " + plan.projectId() + " failed", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var info = new DatasetCard.ProjectInfo(plan.projectId(), plan.projectName(), plan.schemaVersion(),
                plan.annotatorsPerItem(), plan.layers().stream().map(DatasetCard.LayerSchema::from).toList());
        var export = new DatasetCard.ExportInfo(plan.format().param, plan.include().name().toLowerCase(Locale.ROOT),
                plan.layerFilter(), plan.sourceId(), plan.status().name().toLowerCase(Locale.ROOT), plan.annotator(),
                plan.filename(),
                plan.mediaType());
        return new DatasetCard(info, export, stats.counts(), stats.agreement(), raters(stats), HexFormat.of().formatHex(sha.digest()),
                counter.bytes,
                "recomputed at request time by streaming the export with the same parameters through SHA-256; "
                        + "the export is deterministic (stable order, no export timestamps), so it equals the "
                        + "sha256 of the downloaded file as long as the project's data has not changed",
                OffsetDateTime.now(ZoneOffset.UTC));
    }

    /** The rater attributes and the profile of every annotator in the file, read in the export's snapshot. */
    private DatasetCard.Raters raters(CardStats stats) {
        try {
            List<RaterAttribute> attributes = JSON.readValue(stats.profiles.get(null), RATER_ATTRIBUTES);
            List<DatasetCard.Rater> raters = new ArrayList<>();
            for (String name : stats.annotators.stream().sorted().toList()) {
                String profile = stats.profiles.get(name);
                raters.add(new DatasetCard.Rater(name, profile == null ? Map.of() : JSON.readValue(profile, PROFILE)));
            }
            return new DatasetCard.Raters(attributes, raters);
        } catch (IOException e) {
            throw new UncheckedIOException("stored rater profiles are not JSON", e);
        }
    }

    /**
     * The export written into {@code target} (an export job's file), counting written articles into {@code progress}:
     * the same code and bytes as {@link #stream} and as the card's sha256 for the same plan and data.
     */
    public void write(ExportPlan plan, OutputStream target, Progress progress) throws SQLException, IOException {
        run(plan, target, null, progress);
    }

    /**
     * How far an export has got, in articles written (a CoNLL zip counts an article once, for all its files); read by
     * another thread (a job's heartbeat) while the export runs.
     */
    public static final class Progress {
        private final java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        private volatile long total = -1;

        public long done() {
            return done.get();
        }

        /** Articles the export will write, or -1 before they are counted. */
        public long total() {
            return total;
        }
    }

    /**
     * Streams the export on a dedicated connection: one read-only REPEATABLE READ transaction (all cursors see
     * one snapshot), autocommit off so the driver fetches in batches from server-side portals.
     */
    private void run(ExportPlan plan, OutputStream target, CardStats stats, Progress progress)
            throws SQLException, IOException {
        OutputStream out = new BufferedOutputStream(target, 1 << 16);
        Snapshot.read(reads.dataSource(), c -> {
            if (progress != null) {
                progress.total = countArticles(c, plan);
            }
            if (plan.conllZip()) {
                conllZip(c, plan, out, stats, progress);
            } else {
                pass(c, plan, out, stats, progress);
            }
            out.flush();
            return null;
        });
    }

    /** Articles the export writes, in the open snapshot (a CoNLL zip reads each once, whatever files it is in). */
    private static long countArticles(Connection c, ExportPlan plan) throws SQLException {
        try (ExportReader reader = new ExportReader(c, plan)) {
            return reader.countArticles();
        }
    }

    /** One pass over the export in the open transaction: the rows of {@code plan} through its writer (and the card). */
    private void pass(Connection c, ExportPlan plan, OutputStream out, CardStats stats, Progress progress)
            throws SQLException, IOException {
        try (ExportReader reader = new ExportReader(c, plan)) {
            ExportWriter writer = ExportWriter.of(plan, out);
            boolean agreement = writer.wantsAgreement() || stats != null;
            ExportFigures items = agreement ? new ExportFigures(plan.layers(), reader.documentMarginals()) : null;
            if (stats != null) {
                stats.start(reader.annotators(), items);
                stats.profiles = reader.raterProfiles();
            }
            writer.begin();
            // Rows, per-item figures and the writer's own preparation on the reading thread; writing on this one.
            ReadAhead.<Prepared>run("export-reader", sink -> reader.read(plan.include().raw() || agreement, article -> {
                var figures = items == null ? null : items.of(article);
                writer.prepare(article);
                sink.accept(new Prepared(article, figures, null));
            }), p -> {
                writer.article(p.article(), p.figures());
                if (stats != null) {
                    stats.add(p.article());
                }
                if (progress != null) {
                    progress.done.incrementAndGet();
                }
            });
            writer.end();
        }
    }

    /** An article as read, with what was computed from it on the reading thread. */
    private record Prepared(ExportedArticle article, List<ExportFigures.LayerFigure> figures,
                            ConllWriter.Lines lines) {
    }

    /** Zip entries get a fixed time, so that the same data gives the same bytes (the card's sha256). */
    private static final long ZIP_ENTRY_TIME = OffsetDateTime.parse("2000-01-01T00:00:00Z").toInstant().toEpochMilli();

    /**
     * The CoNLL zip: {@code <annotator>.conll} per annotator, then {@code gold.conll} with {@code include=all}, each
     * byte for byte the single-file download — written from ONE read of the rows, each article tokenised and its token
     * columns encoded once ({@link ConllWriter.Lines}). Every entry is compressed while the rows are read, into a
     * temporary file of its own ({@link DeflatedZip}), and the zip is put together after the read: memory stays one
     * article, disk holds the compressed entries. One pass per annotator instead read and tokenised every article once
     * per annotator. The card's counts and agreement are gathered on the same read.
     */
    private void conllZip(Connection c, ExportPlan plan, OutputStream out, CardStats stats, Progress progress)
            throws SQLException, IOException {
        try (ExportReader reader = new ExportReader(c, plan); DeflatedZip zip = new DeflatedZip(ZIP_ENTRY_TIME)) {
            List<String> names = reader.annotators();
            List<String> entries = new ArrayList<>();
            Set<String> used = new HashSet<>();
            for (String name : names) {
                String entry = ExportPlan.safeName(name);
                while (!used.add(entry.toLowerCase(Locale.ROOT)) || entry.equals("gold")) {
                    entry = entry + "_";
                }
                entries.add(entry + ".conll");
            }
            if (plan.include().gold()) {
                entries.add("gold.conll");
            }
            Map<String, ConllWriter> byAnnotator = new HashMap<>();
            List<ConllWriter> writers = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                boolean gold = plan.include().gold() && i == entries.size() - 1;
                ConllWriter w = new ConllWriter(gold ? plan.goldOnly() : plan.forAnnotator(names.get(i)),
                        zip.entry(entries.get(i)));
                writers.add(w);
                if (!gold) {
                    byAnnotator.put(names.get(i), w);
                }
                w.begin();
            }
            ConllWriter goldWriter = plan.include().gold() ? writers.get(writers.size() - 1) : null;
            ExportFigures items = stats == null ? null : new ExportFigures(plan.layers(), reader.documentMarginals());
            if (stats != null) {
                stats.start(names, items);
                stats.profiles = reader.raterProfiles();
            }
            ReadAhead.<Prepared>run("export-reader", sink -> reader.read(true, article -> {
                if (items != null) {
                    items.of(article);
                }
                sink.accept(new Prepared(article, null, ConllWriter.Lines.of(article.text())));
            }), p -> {
                ExportedArticle article = p.article();
                for (Work w : article.raw()) {
                    ConllWriter writer = byAnnotator.get(w.annotator());
                    if (writer == null) {
                        throw new IllegalStateException("work of " + w.annotator() + " who is not among the annotators read");
                    }
                    writer.section(article, p.lines(), w.annotator(), "raw", w.annotations());
                }
                if (goldWriter != null && article.gold() != null) {
                    goldWriter.section(article, p.lines(), "gold", "gold", article.gold().annotations());
                }
                if (stats != null) {
                    stats.add(article);
                }
                if (progress != null) {
                    progress.done.incrementAndGet();
                }
            });
            for (ConllWriter w : writers) {
                w.end();
            }
            zip.writeTo(out);
        }
    }

    /** Counts bytes and throws them away. */
    private static final class CountingStream extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    /**
     * The card's counts and per-layer agreement, gathered while streaming. Document layers use the running sums of
     * {@link ExportFigures}; span layers collect the compact span arrays of the whole export (ints, not objects).
     */
    private static final class CardStats {
        private final ExportPlan plan;
        private ExportFigures items;
        private final Map<String, Integer> annotatorIndex = new HashMap<>();
        private final Map<Long, Spans.Builder> spans = new HashMap<>();
        private final Map<Long, Long> spanItems = new HashMap<>();
        private final Set<String> annotators = new HashSet<>();
        private Map<String, String> profiles = Map.of();
        private long articles;
        private long raw;
        private long gold;
        private long goldItems;

        CardStats(ExportPlan plan) {
            this.plan = plan;
        }

        void start(List<String> names, ExportFigures items) {
            this.items = items;
            for (int i = 0; i < names.size(); i++) {
                annotatorIndex.put(names.get(i), i);
            }
            for (LayerInfo l : plan.spanLayers()) {
                spans.put(l.id(), Spans.builder(names.size(), l.labels().size()));
                spanItems.put(l.id(), 0L);
            }
        }

        void add(ExportedArticle a) {
            articles++;
            if (plan.include().raw()) {
                for (Work w : a.raw()) {
                    annotators.add(w.annotator());
                    raw += w.annotations().size();
                }
            }
            if (plan.include().gold() && a.gold() != null) {
                goldItems++;
                gold += a.gold().annotations().size();
            }
            if (a.raw().isEmpty()) {
                return;
            }
            int length = a.text().codePointCount(0, a.text().length());
            for (LayerInfo l : plan.spanLayers()) {
                Spans.Builder b = spans.get(l.id());
                int item = b.item(length);
                if (a.raw().size() >= 2) {
                    spanItems.merge(l.id(), 1L, Long::sum);
                }
                for (Work w : a.raw()) {
                    int annotator = annotatorIndex.get(w.annotator());
                    b.done(item, annotator);
                    for (Mark m : w.annotations()) {
                        if (m.layer().id() == l.id() && m.span()) {
                            b.span(item, m.start(), m.end(), l.labelIndex(m.label()), annotator);
                        }
                    }
                }
            }
        }

        DatasetCard.Counts counts() {
            return new DatasetCard.Counts(articles, annotators.size(), raw, gold, goldItems);
        }

        List<DatasetCard.LayerAgreement> agreement() {
            List<DatasetCard.LayerAgreement> result = new ArrayList<>();
            for (LayerInfo l : plan.layers()) {
                if (l.span()) {
                    Spans s = spans.get(l.id()).build();
                    UnitizingAlpha.Result alpha = UnitizingAlpha.compute(s);
                    SpanF1.Result f1 = SpanF1.compute(s);
                    result.add(new DatasetCard.LayerAgreement(l.name(), l.scope(), l.measurement(), spanItems.get(l.id()),
                            null, ExportFigures.finite(alpha.alpha()), ExportFigures.finite(f1.exactF1()),
                            ExportFigures.finite(f1.overlapF1())));
                } else {
                    ExportFigures.DocumentLayer d = items.documentLayer(l.id());
                    result.add(new DatasetCard.LayerAgreement(l.name(), l.scope(), l.measurement(), d.items,
                            ExportFigures.finite(d.alpha()), null, null, null));
                }
            }
            return result;
        }
    }
}
