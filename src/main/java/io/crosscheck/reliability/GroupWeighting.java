package io.crosscheck.reliability;

import io.crosscheck.work.WorkLayer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A source's raw document labels with every rater group weighted equally (SPEC §8 {@code ?weightBy=}, AllSides-style
 * normalisation): each group's label shares are computed among that group's labels, and the source's figure is the
 * unweighted mean over the groups that labeled it, so a group with more raters does not count for more.
 */
final class GroupWeighting {

    private GroupWeighting() {
    }

    /**
     * One document layer of one source. {@code ratersByGroup}: how many raters of each group labeled it;
     * {@code distribution}: the equal-weight share of each label; {@code meanScore}: on ordinal, interval and ratio
     * layers the mean over groups of each group's mean label value (ordinal: the label's rank, 1 = first), with a
     * bootstrap interval over the source's items; null on nominal layers.
     */
    record WeightedLayer(String layer, Map<String, Integer> ratersByGroup, Map<String, Double> distribution,
                         SourceReportService.Rate meanScore) {
    }

    /** The attribute the groups come from and the source's weighted layers. */
    record WeightedBy(String attribute, List<WeightedLayer> layers) {
    }

    /**
     * @param items    how many items the source has
     * @param item     each of the source's labels on the layer: its item's position among the source's items
     * @param annotator each label's annotator
     * @param code     each label's code
     * @param groupOf  each rater's group (raters without a value are left out)
     * @param rate     the report's interval builder: items, statistic over resampled item indexes → Rate
     */
    static WeightedLayer layer(WorkLayer layer, int items, int[] item, long[] annotator, int[] code,
                               Map<Long, String> groupOf, List<String> groups,
                               java.util.function.BiFunction<Integer, ToDoubleFunction<int[]>, SourceReportService.Rate> rate) {
        int n = items;
        int g = groups.size();
        int k = layer.labels().size();
        // Per item and group: label counts, and the sum of label values.
        int[] counts = new int[n * g * k];
        double[] valueSum = new double[n * g];
        int[] labelCount = new int[n * g];
        Map<String, java.util.Set<Long>> raters = new LinkedHashMap<>();
        groups.forEach(x -> raters.put(x, new java.util.HashSet<>()));
        double[] values = values(layer);
        for (int l = 0; l < item.length; l++) {
            String group = groupOf.get(annotator[l]);
            if (group == null) {
                continue;
            }
            int i = item[l];
            int c = code[l];
            int gi = groups.indexOf(group);
            counts[(i * g + gi) * k + c]++;
            labelCount[i * g + gi]++;
            if (values != null) {
                valueSum[i * g + gi] += values[c];
            }
            raters.get(group).add(annotator[l]);
        }
        double[] share = new double[k];
        int labeledGroups = 0;
        for (int gi = 0; gi < g; gi++) {
            int total = 0;
            int[] perLabel = new int[k];
            for (int i = 0; i < n; i++) {
                total += labelCount[i * g + gi];
                for (int c = 0; c < k; c++) {
                    perLabel[c] += counts[(i * g + gi) * k + c];
                }
            }
            if (total > 0) {
                labeledGroups++;
                for (int c = 0; c < k; c++) {
                    share[c] += (double) perLabel[c] / total;
                }
            }
        }
        Map<String, Double> distribution = new LinkedHashMap<>();
        for (int c = 0; c < k; c++) {
            distribution.put(layer.labels().get(c), labeledGroups == 0 ? null : share[c] / labeledGroups);
        }
        Map<String, Integer> ratersByGroup = new LinkedHashMap<>();
        raters.forEach((group, ids) -> ratersByGroup.put(group, ids.size()));
        SourceReportService.Rate mean = values == null ? null : rate.apply(n, idx -> {
            double sum = 0;
            int defined = 0;
            for (int gi = 0; gi < g; gi++) {
                double s = 0;
                int m = 0;
                for (int i : idx) {
                    s += valueSum[i * g + gi];
                    m += labelCount[i * g + gi];
                }
                if (m > 0) {
                    sum += s / m;
                    defined++;
                }
            }
            return defined == 0 ? Double.NaN : sum / defined;
        });
        return new WeightedLayer(layer.name(), ratersByGroup, distribution, mean);
    }

    /** Label values: numbers for interval and ratio layers, ranks 1..k for ordinal ones, none for nominal ones. */
    private static double[] values(WorkLayer layer) {
        return switch (layer.measurement()) {
            case "interval", "ratio" -> layer.labels().stream().mapToDouble(Double::parseDouble).toArray();
            case "ordinal" -> java.util.stream.IntStream.rangeClosed(1, layer.labels().size()).asDoubleStream().toArray();
            default -> null;
        };
    }
}
