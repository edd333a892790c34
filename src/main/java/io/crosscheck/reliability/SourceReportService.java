package io.crosscheck.reliability;

import io.crosscheck.agreement.core.AlphaSums;
import io.crosscheck.agreement.core.Bootstrap;
import io.crosscheck.agreement.core.ItemAgreement;
import io.crosscheck.agreement.core.Ratings;
import io.crosscheck.agreement.core.Spans;
import io.crosscheck.agreement.core.Undefined;
import io.crosscheck.agreement.core.UnitizingSums;
import io.crosscheck.common.ProblemException;
import io.crosscheck.projects.MemberService;
import io.crosscheck.projects.Project;
import io.crosscheck.projects.RaterAttribute;
import io.crosscheck.common.IntervalRequest;
import io.crosscheck.work.CompactWork.DocumentRows;
import io.crosscheck.work.CompactWork.SpanRows;
import io.crosscheck.work.CompactWork;
import io.crosscheck.work.CurrentGold.GoldRow;
import io.crosscheck.work.WorkLayer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToDoubleFunction;

/**
 * Per-source reliability figures of a project: unsupported-claim density and attributed-claim share from the gold,
 * label distributions, and agreement per source, each rate with a percentile bootstrap interval over items.
 */
@ApplicationScoped
public class SourceReportService {

    /** Below this many items (adjudicated items for gold rates, items with work for α) a figure is tentative. */
    public static final int MIN_ITEMS = 10;
    /** Krippendorff's lowest acceptable α for tentative conclusions. */
    public static final double MIN_ALPHA = 0.667;
    /** Bootstrap replicates per interval unless the client asks for another number ({@code replicates=}). */
    public static final int REPLICATES = 1000;
    static final long SEED = 42;
    /** The intervals when the client names none: 95 %, {@link #REPLICATES} replicates, seed {@link #SEED}. */
    public static final IntervalRequest DEFAULT_CI = new IntervalRequest(0.95, REPLICATES, SEED);
    /** The layer whose gold spans are claims, and the labels that count as unsupported claims. */
    public static final String CLAIMS = "claims";
    public static final Set<String> UNSUPPORTED = Set.of("unsupported", "contradicted", "world-fact-error");
    /** The layer whose gold spans attribute a claim when they overlap it. */
    public static final String ATTRIBUTION = "attribution";

    /**
     * Computes a report's agreement figures while its request thread reads on. Not the common pool: on 2 cores that
     * has one worker, which the figures' own parallel streams (sources, bootstrap replicates) need beside this thread.
     */
    private static final java.util.concurrent.ExecutorService EARLY = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "source-report-agreement");
        t.setDaemon(true);
        return t;
    });

    @Inject
    SourceReportReader reader;

    @Inject
    MemberService members;

    /** A rate or coefficient with its bootstrap interval; tentative below the minimum sample or α. */
    public record Rate(Double value, Double ciLower, Double ciUpper, double ciLevel, int items, boolean tentative,
                       String tentativeReason) {
    }

    /** Counts of each label of a layer, in the gold and in the raw submitted annotations. */
    public record LabelDistribution(String layer, String scope, Map<String, Integer> gold, Map<String, Integer> raw) {
    }

    /** Agreement on one layer among the source's items. */
    public record LayerAgreement(String layer, String scope, String measure, Rate rate) {
    }

    /** One source's row of the report. */
    public record SourceRow(long sourceId, String source, int articles, long words, int adjudicatedItems,
                            long adjudicatedWords, int unsupportedClaims, Rate unsupportedClaimsPer1000Words,
                            int claims, int attributedClaims, Rate attributedClaimShare,
                            List<LabelDistribution> labelDistribution, List<LayerAgreement> agreement,
                            GroupWeighting.WeightedBy weightedBy) {
    }

    /** The report: the rules used, then one row per source. */
    public record Report(long projectId, String claimsLayer, List<String> unsupportedLabels, String attributionLayer,
                         int minItems, double minAlpha, double ciLevel, List<SourceRow> sources) {
    }

    /** The report with intervals as asked (level, replicates and seed validated by IntervalRequest.Query). */
    public Report report(long projectId, IntervalRequest ci) {
        return report(projectId, ci, null);
    }

    /**
     * The report; with {@code weightBy} (a rater attribute) each source row also carries its document layers' raw
     * labels with every rater group weighted equally ({@link GroupWeighting}). 400 for an undeclared attribute.
     */
    public Report report(long projectId, IntervalRequest ci, String weightBy) {
        double level = ci.level();
        Map<Long, String> groupOf = new java.util.HashMap<>();
        List<String> groups = List.of();
        if (weightBy != null) {
            Project project = Project.<Project>findByIdOptional(projectId)
                    .orElseThrow(() -> ProblemException.notFound("Project", projectId));
            RaterAttribute attribute = project.raterAttribute(weightBy).orElseThrow(() -> ProblemException.badRequest(
                    "weightBy must be one of the project's rater attributes " + project.raterAttributes.stream()
                            .map(RaterAttribute::name).toList()).with("parameter", "weightBy"));
            members.profiles(projectId).forEach((id, profile) -> {
                if (profile.get(weightBy) instanceof String value) {
                    groupOf.put(id, value);
                }
            });
            groups = attribute.closed() ? attribute.values() : groupOf.values().stream().distinct().sorted().toList();
        }
        Weighting weighting = weightBy == null ? null : new Weighting(weightBy, groupOf, groups);
        long t0 = System.nanoTime();
        // The agreement figures need only the compact work: they are computed while the reader goes on to the word
        // counts and the gold (PostgreSQL's time, on its own process).
        SourceReportReader.Snapshot<CompletableFuture<Agreements>> snapshot = reader.snapshot(projectId,
                work -> CompletableFuture.supplyAsync(() -> agreements(work, ci), EARLY));
        long t1 = System.nanoTime();
        CompactWork.Snapshot work = snapshot.work();
        Agreements agreements = join(snapshot.early());
        long t2 = System.nanoTime();
        Set<Long> adjudicated = new HashSet<>(snapshot.adjudicated());
        WorkLayer claims = layer(work, CLAIMS);
        WorkLayer attribution = layer(work, ATTRIBUTION);
        Map<Long, List<GoldRow>> goldByArticle = new LinkedHashMap<>();
        snapshot.gold().forEach(g -> goldByArticle.computeIfAbsent(g.articleId(), k -> new ArrayList<>()).add(g));
        SourceSplit split = agreements.split();
        List<SourceRow> rows = new ArrayList<>(java.util.stream.IntStream.range(0, split.sources()).parallel()
                .mapToObj(source -> row(work, split, source, agreements.bySource().get(source), snapshot.words(),
                        goldByArticle, adjudicated, claims, attribution, ci, weighting)).toList());
        rows.sort(java.util.Comparator.comparing(SourceRow::source));
        io.quarkus.logging.Log.debugf("source report of project %d: data read in %d ms (agreement ready %d ms later), "
                + "computed in %d ms", projectId, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                (System.nanoTime() - t1) / 1_000_000);
        return new Report(projectId, claims == null ? null : CLAIMS, UNSUPPORTED.stream().sorted().toList(),
                attribution == null ? null : ATTRIBUTION, MIN_ITEMS, MIN_ALPHA, level, rows);
    }

    /** The work split by source, and each source's agreement per layer (in layer order). */
    private record Agreements(SourceSplit split, List<Map<String, LayerAgreement>> bySource) {
    }

    /**
     * Sources are independent (each interval draws from its own seeded streams), so they are computed in parallel:
     * the figures do not depend on the order they run in.
     */
    private static Agreements agreements(CompactWork.Snapshot work, IntervalRequest ci) {
        SourceSplit split = SourceSplit.of(work);
        return new Agreements(split, java.util.stream.IntStream.range(0, split.sources()).parallel().mapToObj(source -> {
            Map<String, LayerAgreement> agreement = new LinkedHashMap<>();
            for (WorkLayer layer : work.layers()) {
                agreement.put(layer.name(), agreement(work, split, source, layer, ci));
            }
            return agreement;
        }).toList());
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** The project's span layer of that name, or null. */
    private static WorkLayer layer(CompactWork.Snapshot work, String name) {
        return work.layers().stream().filter(l -> l.name().equals(name) && l.isSpan()).findFirst().orElse(null);
    }

    /** {@code ?weightBy=}: the attribute, each rater's group, the groups in order. */
    private record Weighting(String attribute, Map<Long, String> groupOf, List<String> groups) {
    }

    private SourceRow row(CompactWork.Snapshot work, SourceSplit split, int source,
                          Map<String, LayerAgreement> agreement, int[] wordsOfItem,
                          Map<Long, List<GoldRow>> goldByArticle, Set<Long> adjudicated, WorkLayer claims,
                          WorkLayer attribution, IntervalRequest ci, Weighting weighting) {
        CompactWork.Items projectItems = work.items();
        long[] articles = projectItems.articleIds();
        int[] items = split.items(source);
        long sourceId = projectItems.sourceIds()[items[0]];
        Set<Long> articleIds = new HashSet<>();
        long words = 0;
        List<Integer> judged = new ArrayList<>();
        for (int item : items) {
            articleIds.add(articles[item]);
            words += wordsOfItem[item];
            if (adjudicated.contains(articles[item])) {
                judged.add(item);
            }
        }
        long judgedWords = judged.stream().mapToLong(i -> wordsOfItem[i]).sum();

        int n = judged.size();
        double[] wordsOf = new double[n];
        double[] unsupported = new double[n];
        double[] claimCount = new double[n];
        double[] attributed = new double[n];
        for (int i = 0; i < n; i++) {
            long article = articles[judged.get(i)];
            wordsOf[i] = wordsOfItem[judged.get(i)];
            List<GoldRow> mine = goldByArticle.getOrDefault(article, List.of());
            if (claims != null) {
                List<GoldRow> claimSpans = mine.stream().filter(g -> g.layerId() == claims.id() && g.start() != null).toList();
                claimCount[i] = claimSpans.size();
                unsupported[i] = claimSpans.stream().filter(g -> UNSUPPORTED.contains(g.label())).count();
                if (attribution != null) {
                    List<GoldRow> attributions = mine.stream()
                            .filter(g -> g.layerId() == attribution.id() && g.start() != null).toList();
                    attributed[i] = claimSpans.stream().filter(c -> attributions.stream()
                            .anyMatch(a -> a.start() < c.end() && c.start() < a.end())).count();
                }
            }
        }
        Rate density = null;
        Rate share = null;
        if (claims != null) {
            Double claimsAlpha = agreement.get(claims.name()).rate().value();
            density = rate(n, idx -> ratio(unsupported, wordsOf, idx) * 1000, ci, claimsAlpha);
            if (attribution != null) {
                Double attributionAlpha = agreement.get(attribution.name()).rate().value();
                Double worst = claimsAlpha == null || attributionAlpha == null ? null
                        : Math.min(claimsAlpha, attributionAlpha);
                share = rate(n, idx -> ratio(attributed, claimCount, idx), ci, worst);
            }
        }

        List<LabelDistribution> distribution = new ArrayList<>();
        for (WorkLayer layer : work.layers()) {
            Map<String, Integer> g = zeroes(layer);
            articleIds.forEach(article -> goldByArticle.getOrDefault(article, List.of()).stream()
                    .filter(x -> x.layerId() == layer.id()).forEach(x -> g.merge(x.label(), 1, Integer::sum)));
            int[] counts = new int[layer.labels().size()];
            int[] code = code(work, layer);
            for (int r : split.labels(layer, source)) {
                counts[code[r]]++;
            }
            Map<String, Integer> raw = new LinkedHashMap<>();
            for (int c = 0; c < counts.length; c++) {
                raw.put(layer.labels().get(c), counts[c]);
            }
            distribution.add(new LabelDistribution(layer.name(), layer.scope(), g, raw));
        }
        GroupWeighting.WeightedBy weighted = null;
        if (weighting != null) {
            List<GroupWeighting.WeightedLayer> layers = new ArrayList<>();
            for (WorkLayer layer : work.layers()) {
                if (!layer.isSpan()) {
                    DocumentRows rows = (DocumentRows) work.rows().get(layer);
                    int[] labels = split.labels(layer, source);
                    int[] position = new int[labels.length];
                    long[] annotator = new long[labels.length];
                    int[] code = new int[labels.length];
                    for (int j = 0; j < labels.length; j++) {
                        position[j] = split.position(rows.item()[labels[j]]);
                        annotator[j] = rows.annotatorId()[labels[j]];
                        code[j] = rows.code()[labels[j]];
                    }
                    Double alpha = agreement.get(layer.name()).rate().value();
                    layers.add(GroupWeighting.layer(layer, items.length, position, annotator, code,
                            weighting.groupOf(), weighting.groups(), (count, statistic) -> rate(count, statistic, ci, alpha)));
                }
            }
            weighted = new GroupWeighting.WeightedBy(weighting.attribute(), layers);
        }
        return new SourceRow(sourceId, work.sourceNames().getOrDefault(sourceId, String.valueOf(sourceId)), items.length,
                words, n, judgedWords, (int) Arrays.stream(unsupported).sum(), density,
                (int) Arrays.stream(claimCount).sum(), (int) Arrays.stream(attributed).sum(), share, distribution,
                List.copyOf(agreement.values()), weighted);
    }

    /** The label codes of a layer's rows. */
    private static int[] code(CompactWork.Snapshot work, WorkLayer layer) {
        Object rows = work.rows().get(layer);
        return rows instanceof DocumentRows d ? d.code() : ((SpanRows) rows).code();
    }

    private static Map<String, Integer> zeroes(WorkLayer layer) {
        Map<String, Integer> out = new LinkedHashMap<>();
        layer.labels().forEach(l -> out.put(l, 0));
        return out;
    }

    /** Σ numerator / Σ denominator over the resampled items; NaN when the denominator is 0. */
    private static double ratio(double[] numerator, double[] denominator, int[] idx) {
        double num = 0;
        double den = 0;
        for (int i : idx) {
            num += numerator[i];
            den += denominator[i];
        }
        return den == 0 ? Double.NaN : num / den;
    }

    private static Rate rate(int items, ToDoubleFunction<int[]> statistic, IntervalRequest asked, Double alpha) {
        Bootstrap.Interval ci = Bootstrap.percentile(items, statistic, asked.level(), asked.replicates(), asked.seed());
        String reason = items < MIN_ITEMS ? "fewer than " + MIN_ITEMS + " items"
                : alpha == null ? "agreement undefined"
                : alpha < MIN_ALPHA ? "agreement below " + MIN_ALPHA : null;
        return new Rate(number(ci.estimate()), number(ci.lower()), number(ci.upper()), asked.level(), items, reason != null,
                reason);
    }

    /**
     * α (document layers, at the layer's level) or α_U (span layers) over the source's items with two or more
     * submitters, in article order.
     */
    private static LayerAgreement agreement(CompactWork.Snapshot work, SourceSplit split, int source, WorkLayer layer,
                                            IntervalRequest ci) {
        int[] rows = split.rows(source);
        if (layer.isSpan()) {
            SpanRows spanRows = (SpanRows) work.rows().get(layer);
            SourceSplit.Submitters submitters = split.submitters(source);
            Spans.Builder b = Spans.builder(Math.max(1, submitters.annotators()),
                    Math.max(1, layer.labels().size()));
            for (int row = 0; row < rows.length; row++) {
                int i = b.item(Math.max(1, work.items().lengths()[rows[row]]));
                for (int a : submitters.of(row)) {
                    b.done(i, a);
                }
            }
            for (int r : split.labels(layer, source)) {
                long annotator = spanRows.annotatorId()[r];
                int row = split.row(spanRows.item()[r]);
                if (row >= 0) {
                    b.span(row, spanRows.start()[r], spanRows.end()[r], spanRows.code()[r],
                            submitters.index(annotator));
                }
            }
            Spans spans = b.build();
            Rate r = alphaRate(rows.length, UnitizingSums.of(spans)::alpha, ci);
            return new LayerAgreement(layer.name(), layer.scope(), "unitizingAlpha", r);
        }
        // Only the multiset of values on each item counts for α, so each row holds its item's values packed left.
        CompactWork.RowGroups byItem = split.labelsByItem(layer);
        int[] code = ((DocumentRows) work.rows().get(layer)).code();
        int slots = 0;
        for (int item : rows) {
            slots = Math.max(slots, byItem.size(item));
        }
        int[] codes = new int[rows.length * slots];
        Arrays.fill(codes, Ratings.MISSING);
        for (int row = 0; row < rows.length; row++) {
            int at = row * slots;
            for (int p = byItem.first()[rows[row]]; p < byItem.first()[rows[row] + 1]; p++) {
                codes[at++] = code[byItem.order()[p]];
            }
        }
        Ratings ratings = Ratings.of(rows.length, slots, layer.labels().size(), codes);
        Rate r = alphaRate(rows.length, AlphaSums.intervalOverProfiles(ratings, layer.level(), layer.values(),
                ci.level(), ci.replicates(), ci.seed()), ci);
        return new LayerAgreement(layer.name(), layer.scope(), ItemAgreement.ALPHA, r);
    }

    private static Rate alphaRate(int items, ToDoubleFunction<int[]> statistic, IntervalRequest asked) {
        return alphaRate(items, Bootstrap.percentile(items, statistic, asked.level(), asked.replicates(), asked.seed()),
                asked);
    }

    private static Rate alphaRate(int items, Bootstrap.Interval ci, IntervalRequest asked) {
        Double alpha = number(ci.estimate());
        String reason = items < MIN_ITEMS ? "fewer than " + MIN_ITEMS + " items"
                : alpha == null ? "agreement undefined"
                : alpha < MIN_ALPHA ? "agreement below " + MIN_ALPHA : null;
        return new Rate(alpha, number(ci.lower()), number(ci.upper()), asked.level(), items, reason != null, reason);
    }

    /** Null where undefined; −0.0 (a single unit's α) printed as 0. */
    private static Double number(double v) {
        return Undefined.is(v) ? null : v + 0.0;
    }
}
