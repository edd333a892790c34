package io.crosscheck.review;

import io.crosscheck.agreement.core.ItemAgreement;
import io.crosscheck.common.Page;
import io.crosscheck.common.PageRequest;
import io.crosscheck.common.ProblemException;
import io.crosscheck.review.ItemFigures.Figure;
import io.crosscheck.review.ProjectWork.ItemInfo;
import io.crosscheck.review.ProjectWork.Label;
import io.crosscheck.review.ProjectWork.LayerInfo;
import io.crosscheck.review.SpanClusters.Cluster;
import io.crosscheck.review.SpanClusters.SpanRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The review queue (complete items, most disagreement first) and the per-item disagreement report. */
@ApplicationScoped
public class ReviewService {

    @Inject
    ReviewRepository repository;

    /**
     * One row of the review queue; {@code agreement} is the lowest of the item's layer figures; {@code raters} how
     * many annotators the item had, {@code escalations} how many of them were added because its panel disagreed.
     */
    public record QueueRow(long articleId, String title, long sourceId, String source, List<String> annotators,
                           Double agreement, String worstLayer, boolean adjudicated, List<Figure> layers, int raters,
                           int escalations) {
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

    public Page<QueueRow> queue(long projectId, String layerName, Long sourceId, Double maxAgreement, PageRequest page) {
        ProjectWork work = repository.snapshot(projectId).work();
        List<LayerInfo> layers = selectLayers(work, layerName);
        Map<String, Map<Long, Figure>> figures = figures(work, layers);
        Map<Long, Map<Long, String>> annotators = annotatorsByItem(work);
        List<QueueRow> rows = new ArrayList<>();
        for (ItemInfo item : work.items()) {
            if (!item.complete() || (sourceId != null && item.sourceId() != sourceId)) {
                continue;
            }
            List<Figure> itemFigures = layers.stream().map(l -> figures.get(l.name()).get(item.articleId()))
                    .filter(Objects::nonNull).toList();
            Figure worst = itemFigures.stream().filter(f -> f.agreement() != null)
                    .min(Comparator.comparingDouble(Figure::agreement)).orElse(null);
            Double agreement = worst == null ? null : worst.agreement();
            if (maxAgreement != null && (agreement == null || agreement > maxAgreement)) {
                continue;
            }
            rows.add(new QueueRow(item.articleId(), item.title(), item.sourceId(), item.source(),
                    List.copyOf(annotators.getOrDefault(item.articleId(), Map.of()).values()), agreement,
                    worst == null ? null : worst.layer(), item.adjudicated(), itemFigures,
                    annotators.getOrDefault(item.articleId(), Map.of()).size(), item.escalations()));
        }
        // Most disagreement first; undefined figures last (nothing to compare); then queue position (stable).
        rows.sort(Comparator.comparing(QueueRow::agreement, Comparator.nullsLast(Comparator.naturalOrder())));
        int from = Math.min(rows.size(), page.offset());
        int to = Math.min(rows.size(), from + page.size);
        return new Page<>(rows.subList(from, to), page.page, page.size, rows.size());
    }

    public Report disagreements(long projectId, long articleId, String layerName) {
        ProjectWork work = repository.snapshot(projectId).work();
        ItemInfo item = work.item(articleId).orElseThrow(() -> ProblemException.notFound("Item for article", articleId));
        List<LayerInfo> layers = selectLayers(work, layerName);
        Map<String, Map<Long, Figure>> figures = figures(work, layers);
        Map<Long, String> annotators = work.annotatorsOn(articleId);
        List<Label> labels = work.labelsByArticle().getOrDefault(articleId, List.of());
        List<LayerReport> reports = new ArrayList<>();
        for (LayerInfo layer : layers) {
            Figure f = figures.get(layer.name()).get(articleId);
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

    static List<LayerInfo> selectLayers(ProjectWork work, String layerName) {
        if (layerName == null || layerName.isBlank()) {
            return work.layers();
        }
        return List.of(work.layer(layerName).orElseThrow(() -> ProblemException.unprocessable("layer",
                "the project has no layer '" + layerName + "'")));
    }

    static Map<Long, Map<Long, String>> annotatorsByItem(ProjectWork work) {
        Map<Long, Map<Long, String>> out = new LinkedHashMap<>();
        work.done().forEach(d -> out.computeIfAbsent(d.articleId(), k -> new LinkedHashMap<>())
                .put(d.annotatorId(), d.annotator()));
        return out;
    }

    /** Per layer name, the per-item figures of every item with submitted work. */
    static Map<String, Map<Long, Figure>> figures(ProjectWork work, List<LayerInfo> layers) {
        Map<Long, List<Long>> annotators = new LinkedHashMap<>();
        annotatorsByItem(work).forEach((article, ids) -> annotators.put(article, List.copyOf(ids.keySet())));
        Map<Long, Integer> lengths = new LinkedHashMap<>();
        work.items().forEach(i -> lengths.put(i.articleId(), i.length()));
        Map<Long, List<Label>> byArticle = work.labelsByArticle();
        Map<String, Map<Long, Figure>> out = new LinkedHashMap<>();
        for (LayerInfo layer : layers) {
            Map<Long, List<Label>> labels = new LinkedHashMap<>();
            byArticle.forEach((article, list) -> labels.put(article,
                    list.stream().filter(l -> l.layerId() == layer.id()).toList()));
            out.put(layer.name(), ItemFigures.forLayer(layer, annotators, labels, lengths));
        }
        return out;
    }
}
