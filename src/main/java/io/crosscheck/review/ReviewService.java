package io.crosscheck.review;

import io.crosscheck.agreement.core.ItemAgreement;
import io.crosscheck.common.Page;
import io.crosscheck.common.PageRequest;
import io.crosscheck.common.ProblemException;
import io.crosscheck.review.SpanClusters.Cluster;
import io.crosscheck.review.SpanClusters.SpanRef;
import io.crosscheck.work.CompactWork;
import io.crosscheck.work.ItemFigureStore;
import io.crosscheck.work.ItemFigures.Figure;
import io.crosscheck.work.ItemFigures;
import io.crosscheck.work.ProjectWork.ItemInfo;
import io.crosscheck.work.ProjectWork.Label;
import io.crosscheck.work.ProjectWork;
import io.crosscheck.work.SubmittedWork;
import io.crosscheck.work.WorkLayer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The review queue (complete items, most disagreement first) and the per-item disagreement report. */
@ApplicationScoped
public class ReviewService {

    @Inject
    SubmittedWork work;

    @Inject
    ReviewQueue queue;

    @Inject
    ItemFigureStore store;

    @Inject
    io.crosscheck.work.CompactWork agreementRows;

    /**
     * One row of the review queue; {@code agreement} is the lowest of the item's layer figures; {@code raters} how
     * many annotators the item had, {@code escalations} how many of them were added because its panel disagreed.
     */
    public record QueueRow(long articleId, String title, long sourceId, String source, List<String> annotators,
                           Double agreement, String worstLayer, boolean adjudicated, List<Figure> layers, int raters,
                           int escalations,
                           @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                           String escalationReason,
                           @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                           List<RoundFigures> rounds) {
    }

    /**
     * Two-round projects (SPEC §8): one round's figures on the item — round 1 (the independent judgements, also the
     * row's own {@code agreement} and {@code layers}, by which the queue is ordered) and round 2 (the revisions
     * submitted so far; {@code raters} says how many). Null figures where fewer than two raters revised.
     */
    public record RoundFigures(int round, int raters, Double agreement, String worstLayer, List<Figure> layers) {
    }

    /** A document layer's labels on the item: who chose what, and who did the item without labeling it. */
    public record DocumentLabel(String annotator, String label) {
    }

    /** One layer of the disagreement report. */
    public record LayerReport(String layer, String scope, String measure, Double agreement, Double spanF1Exact,
                              List<DocumentLabel> labels, List<String> unlabeled, List<Cluster> clusters) {
    }

    /** The disagreement report of one item. */
    public record Report(long articleId, String title, long sourceId, String source, boolean complete,
                         boolean adjudicated, List<String> annotators, List<LayerReport> layers) {
    }

    /**
     * Complete items, most disagreement first (undefined figures last, then queue position): an index range read of
     * the stored per-item figures ({@link ReviewQueue}, {@link ItemFigureStore}); titles and annotators are read for
     * the page's rows alone.
     */
    public Page<QueueRow> queue(long projectId, String layerName, Long sourceId, Double maxAgreement, PageRequest page) {
        if (!work.projectExistsNow(projectId)) {
            throw ProblemException.notFound("Project", projectId);
        }
        List<WorkLayer> layers = work.layersNow(projectId);
        if (layerName != null && !layerName.isBlank()) {
            layers = layers.stream().filter(l -> l.name().equals(layerName)).toList();
            if (layers.isEmpty()) {
                throw ProblemException.unprocessable("layer", "the project has no layer '" + layerName + "'");
            }
        }
        if (layers.isEmpty()) {
            return new Page<>(List.of(), page.page, page.size, 0);
        }
        store.ensureBuilt(projectId);
        ReviewQueue.Result result = queue.page(projectId, layers, sourceId, maxAgreement, page.offset(), page.size);
        // Two rounds: the revisions' figures for the page's rows (the stored figures are round 1's).
        io.crosscheck.work.CompactWork.Snapshot second = !result.rows().isEmpty()
                && work.rounds(projectId) == 2 ? agreementRows.load(projectId, null, true, 2) : null;
        io.crosscheck.review.RoundFigures.Scorer secondScorer = null;
        io.crosscheck.review.Grouped secondWork = null;
        if (second != null) {
            java.util.Set<String> names = layers.stream().map(WorkLayer::name).collect(java.util.stream.Collectors.toSet());
            secondScorer = new io.crosscheck.review.RoundFigures.Scorer(second,
                    second.layers().stream().filter(l -> names.contains(l.name())).toList());
            secondWork = io.crosscheck.review.RoundFigures.workByItem(second);
        }
        List<QueueRow> out = new ArrayList<>(result.rows().size());
        for (ReviewQueue.Candidate c : result.rows()) {
            ReviewQueue.Detail d = result.details().get(c.item());
            List<Figure> figures = result.figures().getOrDefault(c.item(), List.of());
            List<RoundFigures> rounds = null;
            if (second != null) {
                List<Figure> revised = io.crosscheck.review.RoundFigures.of(secondScorer, second, d.articleId());
                Figure worst = io.crosscheck.review.RoundFigures.worst(revised);
                rounds = List.of(new RoundFigures(1, d.annotators().size(), c.agreement(), c.worstLayer(), figures),
                        new RoundFigures(2, io.crosscheck.review.RoundFigures.raters(second, secondWork, d.articleId()),
                                worst == null ? null : worst.agreement(), worst == null ? null : worst.layer(), revised));
            }
            out.add(new QueueRow(d.articleId(), d.title(), d.sourceId(), d.source(), d.annotators(), c.agreement(),
                    c.worstLayer(), d.adjudicated(), figures, d.annotators().size(), d.escalations(),
                    d.escalationReason(), rounds));
        }
        return new Page<>(out, page.page, page.size, result.total());
    }

    /**
     * One item's report: reads that item's work and, for D_e, the layers' stored pairable-value counts
     * ({@code layer_pairable}, a few rows per layer), never the rest of the project's work.
     */
    public Report disagreements(long projectId, long articleId, String layerName) {
        store.ensureBuilt(projectId);
        SubmittedWork.ItemSnapshot snapshot = work.itemSnapshot(projectId, articleId);
        ProjectWork itemWork = snapshot.work();
        ItemInfo item = itemWork.item(articleId).orElseThrow(() -> ProblemException.notFound("Item for article", articleId));
        List<WorkLayer> layers = selectLayers(itemWork, layerName);
        Map<Long, String> annotators = itemWork.annotatorsOn(articleId);
        List<Long> annotatorIds = List.copyOf(annotators.keySet());
        List<Label> labels = itemWork.labelsByArticle().getOrDefault(articleId, List.of());
        List<LayerReport> reports = new ArrayList<>();
        for (WorkLayer layer : layers) {
            Figure f = annotatorIds.isEmpty() ? null : layer.isSpan()
                    ? ItemFigures.span(layer, annotatorIds, labels, item.length())
                    : ItemFigures.document(layer, ItemFigures.documentLayer(layer,
                    snapshot.pairableCounts().getOrDefault(layer.id(), Map.of())), annotatorIds, labels);
            List<Label> mine = labels.stream().filter(l -> l.layerId() == layer.id()).toList();
            if (layer.isSpan()) {
                reports.add(new LayerReport(layer.name(), layer.scope(), ItemAgreement.SPAN_F1,
                        f == null ? null : f.agreement(), f == null ? null : f.spanF1Exact(), null, null,
                        SpanClusters.of(spanRefs(mine, annotators), annotators)));
            } else {
                List<DocumentLabel> chosen = new ArrayList<>();
                List<String> unlabeled = new ArrayList<>();
                annotators.forEach((id, name) -> mine.stream().filter(l -> l.annotatorId() == id).findFirst()
                        .ifPresentOrElse(l -> chosen.add(new DocumentLabel(name, l.label())), () -> unlabeled.add(name)));
                reports.add(new LayerReport(layer.name(), layer.scope(), ItemAgreement.ALPHA,
                        f == null ? null : f.agreement(), null, chosen, unlabeled, null));
            }
        }
        return new Report(articleId, item.title(), item.sourceId(), item.source(), item.complete(), item.adjudicated(),
                List.copyOf(annotators.values()), reports);
    }

    static List<SpanRef> spanRefs(List<Label> labels, Map<Long, String> annotators) {
        return labels.stream().filter(l -> l.start() != null && annotators.containsKey(l.annotatorId()))
                .map(l -> new SpanRef(l.annotatorId(), annotators.get(l.annotatorId()), l.label(), l.start(), l.end(),
                        l.quote()))
                .toList();
    }

    static List<WorkLayer> selectLayers(ProjectWork work, String layerName) {
        if (layerName == null || layerName.isBlank()) {
            return work.layers();
        }
        return List.of(work.layer(layerName).orElseThrow(() -> ProblemException.unprocessable("layer",
                "the project has no layer '" + layerName + "'")));
    }
}
