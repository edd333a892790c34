package io.crosscheck.review;

import io.crosscheck.agreement.core.CohenKappa;
import io.crosscheck.agreement.core.ItemAgreement;
import io.crosscheck.agreement.core.SpanF1;
import io.crosscheck.agreement.core.Spans;
import io.crosscheck.agreement.core.Undefined;
import io.crosscheck.common.Page;
import io.crosscheck.common.PageRequest;
import io.crosscheck.projects.MemberService;
import io.crosscheck.queue.QueueService;
import io.crosscheck.work.CompactWork.DocumentRows;
import io.crosscheck.work.CompactWork.SpanRows;
import io.crosscheck.work.CompactWork;
import io.crosscheck.work.CurrentGold.GoldRow;
import io.crosscheck.work.CurrentGold;
import io.crosscheck.work.WorkLayer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Annotator quality: per annotator and layer, agreement with the other annotators (mean pairwise Cohen's κ on
 * document layers, mean pairwise overlap span F1 on span layers) and accuracy against the current gold (κ, F1),
 * overall and per source. Gold is scored as one more coder who did exactly the adjudicated items.
 *
 * <p>One pass over the items with running sums: the compact rows of {@link CompactWork} are grouped by item, and
 * each item adds to every coder pair's confusion table (document layers) or span-match counts (span layers), for
 * all items and for the item's source. κ and F1 follow from those sums ({@link CohenKappa#fromConfusion}, the
 * pooled counts of {@link SpanF1}); there is no items × annotators table.
 */
@ApplicationScoped
public class AnnotatorService {

    @Inject
    CurrentGold currentGold;

    @Inject
    CompactWork agreementRows;

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
        CompactWork.Snapshot s = agreementRows.loadCounts(projectId);
        List<GoldRow> gold = currentGold.projectNow(projectId);
        CompactWork.Items items = s.items();
        int n = items.size();
        CompactWork.WorkCounts counts = s.counts();
        // Coders: the annotators with submitted work in name order; coder g is the gold.
        List<Long> ids = new ArrayList<>(Arrays.stream(counts.annotatorId()).distinct().boxed().toList());
        ids.sort(Comparator.comparing((Long id) -> s.usernames().get(id)).thenComparing(id -> id));
        int g = ids.size();
        CompactWork.IdIndex coder = new CompactWork.IdIndex(ids.stream().mapToLong(Long::longValue).toArray());
        // Who did which item: only span layers need it (the load reads it only then).
        Grouped work = s.work() == null ? null : Grouped.of(n, s.work().workItem());
        // Subsets: 0 = every item with work, then one per source in the order the sources first appear in queue order.
        Map<Long, Integer> firstOfSource = new HashMap<>();
        for (int r = 0; r < counts.sourceId().length; r++) {
            firstOfSource.merge(counts.sourceId()[r], counts.firstItem()[r], Math::min);
        }
        Map<Long, Integer> subsetOfSource = new LinkedHashMap<>();
        firstOfSource.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(e -> subsetOfSource.put(e.getKey(), subsetOfSource.size() + 1));
        int[] subset = new int[n];
        for (int i = 0; i < n; i++) {
            subset[i] = subsetOfSource.getOrDefault(items.sourceIds()[i], 0);
        }
        int subsets = subsetOfSource.size() + 1;
        int[][] done = new int[subsets][g];
        int[][] goldDone = new int[subsets][g];
        for (int r = 0; r < counts.annotatorId().length; r++) {
            int c = coder.of(counts.annotatorId()[r]);
            for (int sub : new int[]{0, subsetOfSource.get(counts.sourceId()[r])}) {
                done[sub][c] += counts.done()[r];
                goldDone[sub][c] += counts.adjudicated()[r];
            }
        }
        List<List<LayerQuality>> layersByAnnotator = new ArrayList<>();
        ids.forEach(id -> layersByAnnotator.add(new ArrayList<>()));
        List<Long> sourceIds = new ArrayList<>(subsetOfSource.keySet());
        for (WorkLayer layer : s.layers()) {
            List<GoldRow> goldRows = gold.stream().filter(x -> x.layerId() == layer.id()).toList();
            PairSums sums = layer.isSpan()
                    ? spanSums(layer, s, (SpanRows) s.rows().get(layer), work, coder, g, subset, goldRows)
                    : documentSums(layer, s, (DocumentRows) s.rows().get(layer), coder, g, subset, goldRows);
            for (int a = 0; a < g; a++) {
                Figures overall = sums.figures(0, a, g, null, null, done[0][a], goldDone[0][a]);
                List<Figures> bySource = new ArrayList<>();
                for (int k = 0; k < sourceIds.size(); k++) {
                    if (done[k + 1][a] > 0) {
                        bySource.add(sums.figures(k + 1, a, g, sourceIds.get(k), s.sourceNames().get(sourceIds.get(k)),
                                done[k + 1][a], goldDone[k + 1][a]));
                    }
                }
                layersByAnnotator.get(a).add(new LayerQuality(layer.name(), layer.scope(),
                        layer.isSpan() ? ItemAgreement.SPAN_F1 : "cohenKappa", overall, bySource));
            }
        }
        List<AnnotatorQuality> out = new ArrayList<>();
        Map<Long, Map<String, Object>> profiles = members.profiles(projectId);
        Map<Long, QueueService.TimeOnTask> time = queue.timeOnTask(projectId);
        Map<Long, ControlAccuracy.Figures> controls = controlAccuracy.byAnnotator(projectId);
        for (int a = 0; a < g; a++) {
            out.add(new AnnotatorQuality(ids.get(a), s.usernames().get(ids.get(a)),
                    profiles.getOrDefault(ids.get(a), Map.of()), done[0][a], goldDone[0][a], time.get(ids.get(a)),
                    controls.containsKey(ids.get(a)) ? controls.get(ids.get(a)).accuracy() : null,
                    controls.get(ids.get(a)), layersByAnnotator.get(a)));
        }
        int from = Math.min(out.size(), page.offset());
        int to = Math.min(out.size(), from + page.size);
        return new Page<>(out.subList(from, to), page.page, page.size, out.size());
    }

    /**
     * Running sums per subset and coder pair (a &lt; b, coder g the gold): a confusion table (k × k) on document layers,
     * span-match counts {|A|, |B|, exact, matched A, matched B} on span layers. One primitive table over the pairs that
     * occur (open addressing on subset · (g + 1)² + a · (g + 1) + b, the counts side by side in one long[]), so the
     * per-item loop neither boxes a key nor allocates; an absent pair reads as all zeros, which κ and F1 take as
     * undefined as they did an absent one. Items add to their source's subset only; {@link #total} adds the sources
     * into subset 0 at the end.
     */
    private static final class PairSums {
        final boolean span;
        final int k;
        final int width;
        final int stride;
        private long[] keys = new long[64];
        private long[] counts;
        private int[] table = new int[128]; // entry + 1, 0 = empty
        private int entries;

        PairSums(boolean span, int k, int coders) {
            this.span = span;
            this.k = k;
            this.width = coders + 1;
            this.stride = span ? 5 : k * k;
            this.counts = new long[keys.length * stride];
        }

        private long key(int subset, int a, int b) {
            return ((long) subset * width + a) * width + b;
        }

        private int slot(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h >>> 33) & (table.length - 1);
        }

        /** Offset of the pair's counts, −1 when the pair never occurred. */
        int find(int subset, int a, int b) {
            long key = key(subset, a, b);
            for (int h = slot(key); table[h] != 0; h = (h + 1) & (table.length - 1)) {
                if (keys[table[h] - 1] == key) {
                    return (table[h] - 1) * stride;
                }
            }
            return -1;
        }

        /** Offset of the pair's counts, added (zeros) when new. */
        int at(int subset, int a, int b) {
            long key = key(subset, a, b);
            int h = slot(key);
            for (; table[h] != 0; h = (h + 1) & (table.length - 1)) {
                if (keys[table[h] - 1] == key) {
                    return (table[h] - 1) * stride;
                }
            }
            if (entries == keys.length) {
                keys = Arrays.copyOf(keys, entries * 2);
                counts = Arrays.copyOf(counts, entries * 2 * stride);
            }
            keys[entries] = key;
            table[h] = ++entries;
            if (entries * 2 > table.length) {
                rehash();
            }
            return (entries - 1) * stride;
        }

        private void rehash() {
            table = new int[table.length * 2];
            for (int e = 0; e < entries; e++) {
                int h = slot(keys[e]);
                while (table[h] != 0) {
                    h = (h + 1) & (table.length - 1);
                }
                table[h] = e + 1;
            }
        }

        void add(int subset, int a, int b, int cell) {
            int o = at(subset, a, b); // first: it may grow counts
            counts[o + cell]++;
        }

        /** Adds every source subset's sums into subset 0 (all items). */
        void total() {
            int n = entries;
            int perSubset = width * width;
            for (int e = 0; e < n; e++) {
                if (keys[e] >= perSubset) {
                    int pair = (int) (keys[e] % perSubset);
                    int from = e * stride;
                    int to = at(0, pair / width, pair % width);
                    for (int q = 0; q < stride; q++) {
                        counts[to + q] += counts[from + q];
                    }
                }
            }
        }

        /** κ (document) or {exact F1, overlap F1} (span) of one pair's sums; NaN where undefined. */
        double[] figure(int subset, int a, int b) {
            int o = find(subset, a, b);
            if (o < 0) {
                return new double[]{Double.NaN, Double.NaN};
            }
            if (!span) {
                double kappa = CohenKappa.fromConfusion(Arrays.copyOfRange(counts, o, o + stride), k,
                        CohenKappa.Weighting.NONE);
                return new double[]{kappa, kappa};
            }
            return SpanF1.f1(counts[o], counts[o + 1], counts[o + 2], counts[o + 3], counts[o + 4]);
        }

        Figures figures(int subset, int a, int g, Long sourceId, String source, int done, int goldDone) {
            double sum = 0;
            int defined = 0;
            for (int b = 0; b < g; b++) {
                if (b == a) {
                    continue;
                }
                double[] f = figure(subset, Math.min(a, b), Math.max(a, b));
                double value = span ? f[1] : f[0];
                if (!Undefined.is(value)) {
                    sum += value;
                    defined++;
                }
            }
            double[] vsGold = figure(subset, a, g);
            return new Figures(sourceId, source, done, goldDone, defined == 0 ? null : sum / defined,
                    Undefined.orNull(span ? vsGold[1] : vsGold[0]), span ? Undefined.orNull(vsGold[0]) : null);
        }
    }

    private static Map<Integer, List<GoldRow>> goldByItem(CompactWork.Snapshot s, List<GoldRow> gold) {
        Map<Integer, List<GoldRow>> out = new HashMap<>();
        for (GoldRow x : gold) {
            int i = s.items().index().of(x.articleId());
            out.computeIfAbsent(i, key -> new ArrayList<>()).add(x);
        }
        return out;
    }

    /** The coder (index in {@code coders}, name order) of each row's annotator. */
    private static int[] codersOf(long[] annotatorIds, CompactWork.IdIndex coders) {
        int[] out = new int[annotatorIds.length];
        for (int r = 0; r < out.length; r++) {
            out[r] = coders.of(annotatorIds[r]);
        }
        return out;
    }

    /**
     * Items without labels add no pair (gold alone is one coder), so this needs no work rows: labels exist only on
     * counted work. Each item adds its label pairs once, to its source's subset.
     */
    private static PairSums documentSums(WorkLayer layer, CompactWork.Snapshot s, DocumentRows rows,
                                         CompactWork.IdIndex coder, int g, int[] subset, List<GoldRow> gold) {
        int k = layer.labels().size();
        PairSums sums = new PairSums(false, k, g);
        int n = s.items().size();
        Grouped labels = Grouped.of(n, rows.item());
        int[] coderOfRow = codersOf(rows.annotatorId(), coder);
        // the gold's label on each adjudicated item: its first document label of the layer's labels
        int[] goldCode = new int[n];
        Arrays.fill(goldCode, -1);
        for (GoldRow x : gold) {
            int i = s.items().index().of(x.articleId());
            int c = layer.labels().indexOf(x.label());
            if (s.items().adjudicated()[i] && goldCode[i] < 0 && x.start() == null && c >= 0) {
                goldCode[i] = c;
            }
        }
        int[] code = new int[g + 1];
        int[] coders = new int[g + 1];
        for (int i = 0; i < n; i++) {
            int from = labels.start()[i];
            int to = labels.start()[i + 1];
            if (from == to) {
                continue;
            }
            int m = 0;
            for (int j = from; j < to; j++) {
                int row = labels.order()[j];
                coders[m] = coderOfRow[row];
                code[m++] = rows.code()[row];
            }
            if (goldCode[i] >= 0) {
                coders[m] = g;
                code[m++] = goldCode[i];
            }
            int sub = subset[i];
            for (int x = 0; x < m; x++) {
                for (int y = x + 1; y < m; y++) {
                    if (coders[x] < coders[y]) {
                        sums.add(sub, coders[x], coders[y], code[x] * k + code[y]);
                    } else if (coders[y] < coders[x]) {
                        sums.add(sub, coders[y], coders[x], code[y] * k + code[x]);
                    }
                }
            }
        }
        sums.total();
        return sums;
    }

    private static PairSums spanSums(WorkLayer layer, CompactWork.Snapshot s, SpanRows rows, Grouped work,
                                     CompactWork.IdIndex coder, int g, int[] subset, List<GoldRow> gold) {
        int labels = Math.max(1, layer.labels().size());
        PairSums sums = new PairSums(true, labels, g);
        Grouped spans = Grouped.of(s.items().size(), rows.item());
        int[] coderOfWork = codersOf(s.work().workAnnotatorId(), coder);
        int[] coderOfSpan = codersOf(rows.annotatorId(), coder);
        Map<Integer, List<GoldRow>> goldAt = goldByItem(s, gold);
        for (int i = 0; i < s.items().size(); i++) {
            int from = work.start()[i];
            int r = work.start()[i + 1] - from;
            if (r == 0) {
                continue;
            }
            boolean withGold = s.items().adjudicated()[i];
            // The item's coders in coder order (so pair a < b maps to the global pair), gold last.
            int[] coders = new int[r + (withGold ? 1 : 0)];
            for (int j = 0; j < r; j++) {
                coders[j] = coderOfWork[work.order()[from + j]];
            }
            Arrays.sort(coders, 0, r);
            if (withGold) {
                coders[r] = g;
            }
            if (coders.length < 2) {
                continue;
            }
            Spans.Builder b = Spans.builder(coders.length, labels);
            int one = b.item(Math.max(1, s.items().lengths()[i]));
            for (int c = 0; c < coders.length; c++) {
                b.done(one, c);
            }
            for (int j = spans.start()[i]; j < spans.start()[i + 1]; j++) {
                int row = spans.order()[j];
                int c = Arrays.binarySearch(coders, 0, r, coderOfSpan[row]);
                b.span(one, rows.start()[row], rows.end()[row], rows.code()[row], c);
            }
            if (withGold) {
                for (GoldRow x : goldAt.getOrDefault(i, List.of())) {
                    int c = layer.labels().indexOf(x.label());
                    if (x.start() != null && c >= 0) {
                        b.span(one, x.start(), x.end(), c, r);
                    }
                }
            }
            for (SpanF1.Pair p : SpanF1.compute(b.build()).pairs()) {
                int o = sums.at(subset[i], coders[p.a()], coders[p.b()]);
                sums.counts[o] += p.spansA();
                sums.counts[o + 1] += p.spansB();
                sums.counts[o + 2] += p.exactMatches();
                sums.counts[o + 3] += p.matchedA();
                sums.counts[o + 4] += p.matchedB();
            }
        }
        sums.total();
        return sums;
    }
}
