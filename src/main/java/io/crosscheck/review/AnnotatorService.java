package io.crosscheck.review;

import io.crosscheck.agreement.core.ItemAgreement;
import io.crosscheck.agreement.core.CohenKappa;
import io.crosscheck.agreement.core.Ratings;
import io.crosscheck.agreement.core.SpanF1;
import io.crosscheck.agreement.core.Spans;
import io.crosscheck.agreement.core.Undefined;
import io.crosscheck.common.Page;
import io.crosscheck.common.PageRequest;
import io.crosscheck.projects.MemberService;
import io.crosscheck.queue.QueueService;
import io.crosscheck.review.ProjectWork.ItemInfo;
import io.crosscheck.review.ProjectWork.Label;
import io.crosscheck.review.ProjectWork.LayerInfo;
import io.crosscheck.review.ReviewRepository.GoldRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * Annotator quality: per annotator and layer, agreement with the other annotators (mean pairwise Cohen's κ on
 * document layers, mean pairwise overlap span F1 on span layers) and accuracy against the current gold (κ, F1),
 * overall and per source. Gold is scored as one more coder who did exactly the adjudicated items.
 */
@ApplicationScoped
public class AnnotatorService {

    @Inject
    ReviewRepository repository;

    @Inject
    ReviewService review;

    @Inject
    MemberService members;

    @Inject
    QueueService queue;

    @Inject
    ControlAccuracy controlAccuracy;

    /** One layer's figures for an annotator, on a subset of items (all, or one source's). */
    public record Figures(Long sourceId, String source, int items, int goldItems, Double agreement, Double accuracy,
                          Double accuracySpanF1Exact) {
    }

    /** One layer of an annotator's quality report. */
    public record LayerQuality(String layer, String scope, String measure, Figures overall, List<Figures> bySource) {
    }

    /**
     * One annotator's quality report, with their rater profile ({} when none is set or they are no longer a member)
     * time on task (null without submitted queue work) and accuracy on control items ({@code controlAccuracy}, the
     * share of the controls' gold document labels they matched; null without submitted controls).
     */
    public record AnnotatorQuality(long annotatorId, String annotator, Map<String, Object> profile, int items,
                                   int goldItems, QueueService.TimeOnTask activeSeconds, Double controlAccuracy,
                                   ControlAccuracy.Figures controls, List<LayerQuality> layers) {
    }

    public Page<AnnotatorQuality> annotators(long projectId, PageRequest page) {
        ReviewRepository.Snapshot snapshot = repository.snapshot(projectId);
        ProjectWork work = snapshot.work();
        List<GoldRow> gold = snapshot.gold();
        Set<Long> adjudicated = new HashSet<>(snapshot.adjudicated());
        List<Long> ids = new ArrayList<>(work.annotators().keySet());
        List<String> names = new ArrayList<>(work.annotators().values());
        int g = ids.size();
        // Items with submitted work, as rows; coder g is the gold.
        Set<Long> withWork = work.doneByArticle().keySet();
        List<ItemInfo> items = work.items().stream().filter(i -> withWork.contains(i.articleId())).toList();
        boolean[] did = new boolean[items.size() * (g + 1)];
        Map<Long, Integer> row = new LinkedHashMap<>();
        for (int r = 0; r < items.size(); r++) {
            row.put(items.get(r).articleId(), r);
            did[r * (g + 1) + g] = adjudicated.contains(items.get(r).articleId());
        }
        Map<Long, Integer> column = new HashMap<>();
        for (int c = 0; c < g; c++) {
            column.put(ids.get(c), c);
        }
        work.done().forEach(d -> did[row.get(d.articleId()) * (g + 1) + column.get(d.annotatorId())] = true);

        Map<Long, String> sources = new LinkedHashMap<>();
        items.forEach(i -> sources.put(i.sourceId(), i.source()));
        List<List<LayerQuality>> layersByAnnotator = new ArrayList<>();
        ids.forEach(id -> layersByAnnotator.add(new ArrayList<>()));
        for (LayerInfo layer : work.layers()) {
            List<Label> labels = work.labels().stream().filter(l -> l.layerId() == layer.id()).toList();
            List<GoldRow> goldRows = gold.stream().filter(x -> x.layerId() == layer.id()).toList();
            // One computation per subset (all items, then each source) serves every annotator.
            Figures[] overall = figures(layer, items, row, did, labels, goldRows, ids, null, null, r -> true);
            List<Figures[]> bySource = new ArrayList<>();
            sources.forEach((sourceId, source) -> bySource.add(figures(layer, items, row, did, labels, goldRows, ids,
                    sourceId, source, r -> items.get(r).sourceId() == sourceId)));
            for (int a = 0; a < g; a++) {
                int annotator = a;
                layersByAnnotator.get(a).add(new LayerQuality(layer.name(), layer.scope(),
                        layer.isSpan() ? ItemAgreement.SPAN_F1 : "cohenKappa", overall[a],
                        bySource.stream().map(f -> f[annotator]).filter(f -> f.items() > 0).toList()));
            }
        }
        List<AnnotatorQuality> out = new ArrayList<>();
        Map<Long, Map<String, Object>> profiles = members.profiles(projectId);
        Map<Long, QueueService.TimeOnTask> time = queue.timeOnTask(projectId);
        Map<Long, ControlAccuracy.Figures> controls = controlAccuracy.byAnnotator(projectId);
        for (int a = 0; a < g; a++) {
            int done = 0;
            int goldDone = 0;
            for (int r = 0; r < items.size(); r++) {
                if (did[r * (g + 1) + a]) {
                    done++;
                    if (did[r * (g + 1) + g]) {
                        goldDone++;
                    }
                }
            }
            out.add(new AnnotatorQuality(ids.get(a), names.get(a), profiles.getOrDefault(ids.get(a), Map.of()), done,
                    goldDone, time.get(ids.get(a)),
                    controls.containsKey(ids.get(a)) ? controls.get(ids.get(a)).accuracy() : null,
                    controls.get(ids.get(a)), layersByAnnotator.get(a)));
        }
        int from = Math.min(out.size(), page.offset());
        int to = Math.min(out.size(), from + page.size);
        return new Page<>(out.subList(from, to), page.page, page.size, out.size());
    }

    /** Every annotator's figures on the rows {@code keep} selects; coder {@code ids.size()} is the gold. */
    private Figures[] figures(LayerInfo layer, List<ItemInfo> items, Map<Long, Integer> row, boolean[] did,
                              List<Label> labels, List<GoldRow> gold, List<Long> ids, Long sourceId, String source,
                              IntPredicate keep) {
        int g = ids.size();
        int width = g + 1;
        int[] rows = IntStream.range(0, items.size()).filter(keep).toArray();
        Map<Long, Integer> column = new HashMap<>();
        for (int c = 0; c < g; c++) {
            column.put(ids.get(c), c);
        }
        int[] done = new int[g];
        int[] goldDone = new int[g];
        for (int r : rows) {
            for (int a = 0; a < g; a++) {
                if (did[r * width + a]) {
                    done[a]++;
                    if (did[r * width + g]) {
                        goldDone[a]++;
                    }
                }
            }
        }
        double[] sum = new double[g];
        int[] defined = new int[g];
        Double[] accuracy = new Double[g];
        Double[] exact = new Double[g];
        Map<Integer, Integer> local = new HashMap<>();
        if (layer.isSpan()) {
            Spans.Builder b = Spans.builder(width, Math.max(1, layer.labels().size()));
            for (int r : rows) {
                int i = b.item(Math.max(1, items.get(r).length()));
                local.put(r, i);
                for (int c = 0; c < width; c++) {
                    if (did[r * width + c]) {
                        b.done(i, c);
                    }
                }
            }
            for (Label l : labels) {
                Integer i = local.get(row.get(l.articleId()));
                Integer c = column.get(l.annotatorId());
                if (i != null && c != null && l.start() != null && layer.code(l.label()) >= 0) {
                    b.span(i, l.start(), l.end(), layer.code(l.label()), c);
                }
            }
            for (GoldRow x : gold) {
                Integer i = local.get(row.get(x.articleId()));
                if (i != null && x.start() != null && layer.code(x.label()) >= 0) {
                    b.span(i, x.start(), x.end(), layer.code(x.label()), g);
                }
            }
            for (SpanF1.Pair p : SpanF1.compute(b.build()).pairs()) {
                if (p.b() == g) {
                    accuracy[p.a()] = Undefined.orNull(p.overlapF1());
                    exact[p.a()] = Undefined.orNull(p.exactF1());
                } else if (!Undefined.is(p.overlapF1())) {
                    sum[p.a()] += p.overlapF1();
                    sum[p.b()] += p.overlapF1();
                    defined[p.a()]++;
                    defined[p.b()]++;
                }
            }
        } else {
            int[] codes = new int[rows.length * width];
            Arrays.fill(codes, Ratings.MISSING);
            for (int n = 0; n < rows.length; n++) {
                local.put(rows[n], n);
            }
            for (Label l : labels) {
                Integer n = local.get(row.get(l.articleId()));
                Integer c = column.get(l.annotatorId());
                if (n != null && c != null && l.start() == null && layer.code(l.label()) >= 0) {
                    codes[n * width + c] = layer.code(l.label());
                }
            }
            for (GoldRow x : gold) {
                Integer n = local.get(row.get(x.articleId()));
                if (n != null && x.start() == null && layer.code(x.label()) >= 0) {
                    codes[n * width + g] = layer.code(x.label());
                }
            }
            Ratings ratings = Ratings.of(rows.length, width, layer.labels().size(), codes);
            for (CohenKappa.Pair p : CohenKappa.pairwise(ratings, CohenKappa.Weighting.NONE)) {
                if (p.b() == g) {
                    accuracy[p.a()] = Undefined.orNull(p.kappa());
                } else if (!Undefined.is(p.kappa())) {
                    sum[p.a()] += p.kappa();
                    sum[p.b()] += p.kappa();
                    defined[p.a()]++;
                    defined[p.b()]++;
                }
            }
        }
        Figures[] out = new Figures[g];
        for (int a = 0; a < g; a++) {
            out[a] = new Figures(sourceId, source, done[a], goldDone[a], defined[a] == 0 ? null : sum[a] / defined[a],
                    accuracy[a], exact[a]);
        }
        return out;
    }
}
