package io.crosscheck.export;

import com.fasterxml.jackson.core.JsonGenerator;
import io.crosscheck.common.ProblemException;
import io.crosscheck.database.ReadDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The read side of the W3C Web Annotation Protocol over a project's annotations: the container (an LDP basic
 * container that is also the AnnotationCollection of the W3C export with the same filters), its pages (one per
 * article, exactly the pages of the export file) and single annotations. Built from the export's reader and writer,
 * so a page fetched here and the same page in the export file are the same JSON. Each representation is one
 * article at most, built in memory, in one read-only snapshot.
 */
@ApplicationScoped
public class W3cProtocol {

    /** What the client asked for with {@code Prefer} (W3C protocol §4.2): everything, IRIs of the items, or nothing. */
    public enum Contained {
        DESCRIPTIONS, IRIS, MINIMAL
    }

    /** Report reads: the replica inside a report request when DB_READ_URL is set (docs/database.md). */
    @Inject
    ReadDatabase reads;

    private <T> T snapshot(Snapshot.Work<T> work) {
        try {
            return Snapshot.read(reads.dataSource(), work);
        } catch (SQLException e) {
            throw new IllegalStateException("W3C read of project failed", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The container: the collection with {@code total}, {@code first} (embedded unless minimal) and {@code last}. */
    public byte[] container(ExportPlan plan, Contained contained) {
        return snapshot(c -> {
            Long[] n;
            long total;
            try (ExportReader reader = new ExportReader(c, plan)) {
                n = reader.neighbours(-1);
                total = reader.countAnnotations(null);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JsonGenerator g = Json.generator(out)) {
                g.writeStartObject();
                context(g);
                g.writeStringField("id", plan.w3cCollection());
                g.writeArrayFieldStart("type");
                g.writeString("BasicContainer");
                g.writeString("AnnotationCollection");
                g.writeEndArray();
                g.writeStringField("label", plan.projectName());
                g.writeNumberField("total", total);
                if (n[0] != null) {
                    if (contained == Contained.MINIMAL) {
                        g.writeStringField("first", pageId(plan, n[0], contained));
                    } else {
                        g.writeFieldName("first");
                        page(c, plan, n[0], contained, g, false, total);
                    }
                    g.writeStringField("last", pageId(plan, n[1], contained));
                }
                g.writeEndObject();
            }
            return out.toByteArray();
        });
    }

    /** One page (one article), or 404 when the article is not in the collection. */
    public byte[] page(ExportPlan plan, long articleId, Contained contained) {
        return snapshot(c -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JsonGenerator g = Json.generator(out)) {
                long total;
                try (ExportReader reader = new ExportReader(c, plan)) {
                    total = reader.countAnnotations(null);
                }
                page(c, plan, articleId, contained, g, true, total);
            }
            return out.toByteArray();
        });
    }

    static String pageId(ExportPlan plan, long articleId, Contained contained) {
        return plan.w3cPage(articleId) + (contained == Contained.IRIS ? "&iris=1" : "");
    }

    private void page(Connection c, ExportPlan plan, long articleId, Contained contained, JsonGenerator g,
                      boolean withContext, long total) throws SQLException, IOException {
        Long[] n;
        long startIndex;
        try (ExportReader reader = new ExportReader(c, plan)) {
            n = reader.neighbours(articleId);
            startIndex = n[4] == 0 ? 0 : reader.countAnnotations(articleId);
        }
        if (n[4] == 0) {
            throw ProblemException.notFound("page", articleId + " of this collection");
        }
        g.writeStartObject();
        if (withContext) {
            context(g);
        }
        g.writeStringField("id", pageId(plan, articleId, contained));
        g.writeStringField("type", "AnnotationPage");
        g.writeObjectFieldStart("partOf");
        g.writeStringField("id", plan.w3cCollection());
        g.writeStringField("label", plan.projectName());
        g.writeNumberField("total", total);
        g.writeEndObject();
        g.writeNumberField("startIndex", startIndex);
        if (n[2] != null) {
            g.writeStringField("prev", pageId(plan, n[2], contained));
        }
        if (n[3] != null) {
            g.writeStringField("next", pageId(plan, n[3], contained));
        }
        g.writeArrayFieldStart("items");
        if (contained == Contained.IRIS) {
            List<String> ids = new ArrayList<>();
            try (ExportReader one = new ExportReader(c, plan).only(articleId)) {
                one.read(plan.include().raw(), a -> {
                    for (var w : plan.include().raw() ? a.raw() : List.<ExportedArticle.Work>of()) {
                        w.annotations().forEach(m -> ids.add(plan.w3cAnnotation(m.id(), false)));
                    }
                    if (plan.include().gold() && a.gold() != null) {
                        a.gold().annotations().forEach(m -> ids.add(plan.w3cAnnotation(m.id(), true)));
                    }
                });
            }
            for (String id : ids) {
                g.writeString(id);
            }
        } else {
            try (ExportReader one = new ExportReader(c, plan).only(articleId)) {
                one.read(plan.include().raw(), a -> WebAnnotationWriter.items(g, plan, a));
            }
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /**
     * One annotation with its {@code @context}: {@code id} a raw annotation's id, {@code gold-<id>} a gold one's;
     * 404 unless it belongs to the project (raw: of a submitted assignment).
     */
    public byte[] annotation(ExportPlan plan, String id) {
        boolean gold = id.startsWith("gold-");
        long n;
        try {
            n = Long.parseLong(gold ? id.substring(5) : id);
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("annotation", id);
        }
        return snapshot(c -> {
            Long article = articleOf(c, plan.projectId(), n, gold);
            if (article == null) {
                throw ProblemException.notFound("annotation", id);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            boolean[] found = {false};
            try (ExportReader one = new ExportReader(c, plan).only(article); JsonGenerator g = Json.generator(out)) {
                one.read(true, a -> {
                    String source = plan.articleUrl(a.id());
                    QuoteText text = new QuoteText(a.text());
                    if (!gold) {
                        for (var w : a.raw()) {
                            for (var m : w.annotations()) {
                                if (m.id() == n) {
                                    writeOne(g, plan, source, text, w.annotator(), false, m, m.created());
                                    found[0] = true;
                                }
                            }
                        }
                    } else if (a.gold() != null) {
                        for (var m : a.gold().annotations()) {
                            if (m.id() == n) {
                                writeOne(g, plan, source, text, a.gold().adjudicator(), true, m, a.gold().created());
                                found[0] = true;
                            }
                        }
                    }
                });
            }
            if (!found[0]) {
                throw ProblemException.notFound("annotation", id);
            }
            return out.toByteArray();
        });
    }

    /** Writes the annotation with a {@code @context} first (the writer's output without its opening brace). */
    private static void writeOne(JsonGenerator g, ExportPlan plan, String source, QuoteText text, String creator,
                                 boolean gold, ExportedArticle.Mark m, java.time.OffsetDateTime created) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (JsonGenerator b = Json.generator(body)) {
            WebAnnotationWriter.annotation(b, plan.w3cAnnotation(m.id(), gold), source, text, creator, gold, m, created);
        }
        ByteArrayOutputStream ctx = new ByteArrayOutputStream();
        try (JsonGenerator x = Json.generator(ctx)) {
            x.writeStartObject();
            context(x);
            x.writeEndObject();
        }
        String c = ctx.toString(java.nio.charset.StandardCharsets.UTF_8);
        String a = body.toString(java.nio.charset.StandardCharsets.UTF_8);
        g.writeRaw(c.substring(0, c.length() - 1) + "," + a.substring(1));
    }

    private static Long articleOf(Connection c, long projectId, long id, boolean gold) throws SQLException {
        String sql = gold
                ? "select ad.article_id from gold_annotation g join adjudication ad on ad.id = g.adjudication_id"
                + " where g.id = ? and ad.project_id = ? and ad.current"
                : "select a.article_id from annotation an join assignment a on a.id = an.assignment_id"
                + " where an.id = ? and a.project_id = ? and " + io.crosscheck.work.WorkRules.workCounts("a");
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setLong(1, id);
            st.setLong(2, projectId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    static void context(JsonGenerator g) throws IOException {
        WebAnnotationWriter.context(g, true);
    }
}
