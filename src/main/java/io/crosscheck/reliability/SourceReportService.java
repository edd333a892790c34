package io.crosscheck.reliability;

import io.crosscheck.agreement.AgreementService;
import io.crosscheck.agreement.core.AlphaSums;
import io.crosscheck.agreement.core.Bootstrap;
import io.crosscheck.agreement.core.ItemAgreement;
import io.crosscheck.agreement.core.Level;
import io.crosscheck.agreement.core.Ratings;
import io.crosscheck.agreement.core.Spans;
import io.crosscheck.agreement.core.Undefined;
import io.crosscheck.agreement.core.UnitizingSums;
import io.crosscheck.common.ProblemException;
import io.crosscheck.projects.MemberService;
import io.crosscheck.projects.Project;
import io.crosscheck.projects.RaterAttribute;
import io.crosscheck.common.IntervalRequest;
import io.crosscheck.work.CurrentGold.GoldRow;
import io.crosscheck.work.ProjectWork.ItemInfo;
import io.crosscheck.work.ProjectWork.Label;
import io.crosscheck.work.ProjectWork;
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
        SourceReportReader.Snapshot snapshot = reader.snapshot(projectId);
        long t1 = System.nanoTime();
        ProjectWork work = snapshot.work();
        List<GoldRow> gold = snapshot.gold();
        Set<Long> adjudicated = new HashSet<>(snapshot.adjudicated());
        WorkLayer claims = work.layer(CLAIMS).filter(WorkLayer::isSpan).orElse(null);
        WorkLayer attribution = work.layer(ATTRIBUTION).filter(WorkLayer::isSpan).orElse(null);
        Map<Long, List<ItemInfo>> bySource = new LinkedHashMap<>();
        work.items().forEach(i -> bySource.computeIfAbsent(i.sourceId(), k -> new ArrayList<>()).add(i));
        List<SourceRow> rows = new ArrayList<>();
        Map<Long, List<GoldRow>> goldByArticle = new LinkedHashMap<>();
        gold.forEach(g -> goldByArticle.computeIfAbsent(g.articleId(), k -> new ArrayList<>()).add(g));
        // Each source's work once (one pass over the rows), so a source row reads only its own done items and labels
        // instead of filtering the whole project's rows per source and layer.
        Map<Long, Long> sourceOf = new java.util.HashMap<>();
        work.items().forEach(i -> sourceOf.put(i.articleId(), i.sourceId()));
        Map<Long, List<ProjectWork.Done>> doneBySource = new java.util.HashMap<>();
        work.done().forEach(d -> doneBySource.computeIfAbsent(sourceOf.get(d.articleId()), k -> new ArrayList<>()).add(d));
        Map<Long, List<Label>> labelsBySource = new java.util.HashMap<>();
        work.labels().forEach(l -> labelsBySource.computeIfAbsent(sourceOf.get(l.articleId()), k -> new ArrayList<>())
                .add(l));
        // Sources are independent (each interval draws from its own seeded streams), so their rows are computed in
        // parallel: the figures do not depend on the order they run in.
        rows.addAll(bySource.entrySet().parallelStream().map(e -> {
            ProjectWork sourceWork = new ProjectWork(work.projectId(), work.layers(), e.getValue(),
                    doneBySource.getOrDefault(e.getKey(), List.of()), labelsBySource.getOrDefault(e.getKey(), List.of()));
            return row(sourceWork, e.getValue(), goldByArticle, adjudicated, claims, attribution, ci, weighting);
        }).toList());
        rows.sort(java.util.Comparator.comparing(SourceRow::source));
        io.quarkus.logging.Log.debugf("source report of project %d: data read in %d ms, computed in %d ms", projectId,
                (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
        return new Report(projectId, claims == null ? null : CLAIMS, UNSUPPORTED.stream().sorted().toList(),
                attribution == null ? null : ATTRIBUTION, MIN_ITEMS, MIN_ALPHA, level, rows);
    }

    /** {@code ?weightBy=}: the attribute, each rater's group, the groups in order. */
    private record Weighting(String attribute, Map<Long, String> groupOf, List<String> groups) {
    }

    private SourceRow row(ProjectWork work, List<ItemInfo> items, Map<Long, List<GoldRow>> goldByArticle,
                          Set<Long> adjudicated,
                          WorkLayer claims, WorkLayer attribution, IntervalRequest ci, Weighting weighting) {
        ItemInfo first = items.get(0);
        Set<Long> articleIds = new HashSet<>();
        items.forEach(i -> articleIds.add(i.articleId()));
        List<ItemInfo> judged = items.stream().filter(i -> adjudicated.contains(i.articleId())).toList();
        long words = items.stream().mapToLong(ItemInfo::words).sum();
        long judgedWords = judged.stream().mapToLong(ItemInfo::words).sum();

        Map<String, LayerAgreement> agreement = new LinkedHashMap<>();
        for (WorkLayer layer : work.layers()) {
            agreement.put(layer.name(), agreement(work, layer, items, ci));
        }

        int n = judged.size();
        double[] wordsOf = new double[n];
        double[] unsupported = new double[n];
        double[] claimCount = new double[n];
        double[] attributed = new double[n];
        for (int i = 0; i < n; i++) {
            long article = judged.get(i).articleId();
            wordsOf[i] = judged.get(i).words();
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
            Map<String, Integer> raw = zeroes(layer);
            articleIds.forEach(article -> goldByArticle.getOrDefault(article, List.of()).stream()
                    .filter(x -> x.layerId() == layer.id()).forEach(x -> g.merge(x.label(), 1, Integer::sum)));
            work.labels().stream().filter(x -> x.layerId() == layer.id() && articleIds.contains(x.articleId()))
                    .forEach(x -> raw.merge(x.label(), 1, Integer::sum));
            distribution.add(new LabelDistribution(layer.name(), layer.scope(), g, raw));
        }
        GroupWeighting.WeightedBy weighted = null;
        if (weighting != null) {
            List<Label> sourceLabels = work.labels().stream().filter(x -> articleIds.contains(x.articleId())).toList();
            List<GroupWeighting.WeightedLayer> layers = new ArrayList<>();
            for (WorkLayer layer : work.layers()) {
                if (!layer.isSpan()) {
                    Double alpha = agreement.get(layer.name()).rate().value();
                    layers.add(GroupWeighting.layer(layer, items, sourceLabels, weighting.groupOf(), weighting.groups(),
                            (count, statistic) -> rate(count, statistic, ci, alpha)));
                }
            }
            weighted = new GroupWeighting.WeightedBy(weighting.attribute(), layers);
        }
        return new SourceRow(first.sourceId(), first.source(), items.size(), words, n, judgedWords,
                (int) Arrays.stream(unsupported).sum(), density, (int) Arrays.stream(claimCount).sum(),
                (int) Arrays.stream(attributed).sum(), share, distribution, List.copyOf(agreement.values()), weighted);
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

    /** α (document layers, at the layer's level) or α_U (span layers) over the source's items with work. */
    private static LayerAgreement agreement(ProjectWork work, WorkLayer layer, List<ItemInfo> items, IntervalRequest ci) {
        Map<Long, List<Long>> done = new LinkedHashMap<>();
        Set<Long> articleIds = new HashSet<>();
        items.forEach(i -> articleIds.add(i.articleId()));
        work.done().stream().filter(d -> articleIds.contains(d.articleId()))
                .forEach(d -> done.computeIfAbsent(d.articleId(), k -> new ArrayList<>()).add(d.annotatorId()));
        List<Long> annotators = done.values().stream().flatMap(List::stream).distinct().toList();
        Map<Long, Integer> annotatorIndex = new java.util.HashMap<>();
        annotators.forEach(a -> annotatorIndex.put(a, annotatorIndex.size()));
        List<Long> rows = done.entrySet().stream().filter(e -> e.getValue().size() >= 2).map(Map.Entry::getKey).toList();
        List<Label> labels = work.labels().stream().filter(l -> l.layerId() == layer.id()).toList();
        int m = annotators.size();
        if (layer.isSpan()) {
            Map<Long, Integer> length = new LinkedHashMap<>();
            items.forEach(i -> length.put(i.articleId(), i.length()));
            Spans.Builder b = Spans.builder(Math.max(1, m), Math.max(1, layer.labels().size()));
            Map<Long, Integer> index = new LinkedHashMap<>();
            for (long article : rows) {
                int i = b.item(Math.max(1, length.get(article)));
                index.put(article, i);
                done.get(article).forEach(a -> b.done(i, annotatorIndex.get(a)));
            }
            for (Label l : labels) {
                Integer i = index.get(l.articleId());
                if (i != null && l.start() != null && layer.code(l.label()) >= 0
                        && annotatorIndex.containsKey(l.annotatorId())) {
                    b.span(i, l.start(), l.end(), layer.code(l.label()), annotatorIndex.get(l.annotatorId()));
                }
            }
            Spans spans = b.build();
            Rate r = alphaRate(rows.size(), UnitizingSums.of(spans)::alpha, ci);
            return new LayerAgreement(layer.name(), layer.scope(), "unitizingAlpha", r);
        }
        int[] codes = new int[rows.size() * m];
        Arrays.fill(codes, Ratings.MISSING);
        Map<Long, Integer> rowOf = new java.util.HashMap<>();
        for (int r = 0; r < rows.size(); r++) {
            rowOf.put(rows.get(r), r);
        }
        for (Label l : labels) {
            Integer r = rowOf.get(l.articleId());
            if (r != null && l.start() == null && layer.code(l.label()) >= 0
                    && annotatorIndex.containsKey(l.annotatorId())) {
                codes[r * m + annotatorIndex.get(l.annotatorId())] = layer.code(l.label());
            }
        }
        Ratings ratings = Ratings.of(rows.size(), m, layer.labels().size(), codes);
        Level measurement = layer.level();
        double[] values = layer.values();
        Rate r = alphaRate(rows.size(), AlphaSums.intervalOverProfiles(ratings, measurement, values, ci.level(),
                ci.replicates(), ci.seed()), ci);
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
