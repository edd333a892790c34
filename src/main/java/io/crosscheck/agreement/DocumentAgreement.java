package io.crosscheck.agreement;

import io.crosscheck.agreement.core.CohenKappa;
import io.crosscheck.agreement.core.FleissKappa;
import io.crosscheck.agreement.core.KrippendorffAlpha;
import io.crosscheck.agreement.core.Level;
import io.crosscheck.agreement.core.Ratings;
import io.crosscheck.agreement.core.Undefined;
import io.crosscheck.common.IntervalRequest;
import io.crosscheck.work.CompactWork.DocumentRows;
import io.crosscheck.work.CompactWork.Items;
import io.crosscheck.work.WorkLayer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Agreement of a document layer: turns the compact rows into the core's {@link Ratings} and asks the core for
 * every figure. No statistics are computed here, only the arrangement of the data.
 *
 * <p>The matrix handed to α, A_o and Fleiss' κ has one row per item with at least one label and one column per
 * <em>value slot</em> (the item's labels packed left, −1 after them) rather than per annotator: those measures
 * depend only on the multiset of values in each unit, so the matrix stays items × (most labels on one item)
 * however many annotators a crowd project has. Cohen's κ needs the annotators, so pairs are collected per item
 * (Σ m_u² work, not annotators² × items).
 */
final class DocumentAgreement {

    private DocumentAgreement() {
    }

    static AgreementReport compute(WorkLayer layer, Items items, DocumentRows rows, Map<Long, String> usernames,
                                   Map<Long, String> sourceNames, IntervalRequest ci) {
        int n = rows.item().length;
        int k = layer.labels().size();
        Level level = layer.level();
        double[] values = layer.values();

        Annotators annotators = Annotators.of(rows.annotatorId(), usernames);
        int m = annotators.size();

        // Items with at least one label, in queue order, and their labels grouped (CSR) and sorted by annotator.
        int total = items.size();
        int[] count = new int[total];
        for (int item : rows.item()) {
            count[item]++;
        }
        int[] keptOf = new int[total];
        int kept = 0;
        int maxM = 0;
        for (int i = 0; i < total; i++) {
            keptOf[i] = count[i] > 0 ? kept++ : -1;
            maxM = Math.max(maxM, count[i]);
        }
        int[] keptItem = new int[kept];
        int[] first = new int[kept + 1];
        for (int i = 0; i < total; i++) {
            if (keptOf[i] >= 0) {
                keptItem[keptOf[i]] = i;
                first[keptOf[i] + 1] = count[i];
            }
        }
        for (int u = 0; u < kept; u++) {
            first[u + 1] += first[u];
        }
        int[] fill = Arrays.copyOf(first, kept);
        int[] ann = new int[n];
        int[] code = new int[n];
        long[] perLabel = new long[k];
        for (int r = 0; r < n; r++) {
            int pos = fill[keptOf[rows.item()[r]]]++;
            ann[pos] = annotators.index(rows.annotatorId()[r]);
            code[pos] = rows.code()[r];
            perLabel[code[pos]]++;
        }
        int[] slots = new int[kept * maxM];
        Arrays.fill(slots, Ratings.MISSING);
        for (int u = 0; u < kept; u++) {
            sortByAnnotator(ann, code, first[u], first[u + 1]);
            for (int j = first[u]; j < first[u + 1]; j++) {
                slots[u * maxM + (j - first[u])] = code[j];
            }
        }
        Ratings ratings = Ratings.of(kept, maxM, k, slots);

        KrippendorffAlpha.Result alpha = KrippendorffAlpha.compute(ratings, level, values);
        // One bootstrap for every interval of the layer, from the item profiles' sums (ComparedCoefficients.intervals).
        AgreementReport.Interval[] cis = ci == null ? null : ComparedCoefficients.intervals(ratings, level, values, ci);
        AgreementReport.Interval alphaCi = cis == null ? null : cis[0];

        List<AgreementReport.Pair> pairs = pairs(ann, code, first, kept, m, k, annotators, level);
        double meanKappa = pairs.stream().map(AgreementReport.Pair::cohenKappa).filter(v -> v != null)
                .mapToDouble(Double::doubleValue).average().orElse(Double.NaN);

        List<AgreementReport.BySource> bySource = new ArrayList<>();
        for (SourceGroups.Group g : SourceGroups.of(keptItem, items, sourceNames)) {
            double a = KrippendorffAlpha.compute(ratings.selectItems(g.members()), level, values).alpha();
            bySource.add(new AgreementReport.BySource(g.sourceId(), g.name(), g.members().length,
                    Undefined.orNull(a), null, null, null));
        }

        List<AgreementReport.ByLabel> byLabel = new ArrayList<>();
        int[] binary = new int[slots.length];
        for (int c = 0; c < k; c++) {
            for (int s = 0; s < slots.length; s++) {
                binary[s] = slots[s] < 0 ? Ratings.MISSING : slots[s] == c ? 1 : 0;
            }
            Ratings recoded = Ratings.of(kept, maxM, 2, binary);
            double a = KrippendorffAlpha.compute(recoded, Level.NOMINAL).alpha();
            Double[] compared = ComparedCoefficients.binary(recoded);
            byLabel.add(new AgreementReport.ByLabel(layer.labels().get(c), perLabel[c], Undefined.orNull(a), null,
                    null, null, compared[0], null, compared[1], null));
        }
        ComparedCoefficients.Document compared = ComparedCoefficients.document(ratings, level, values, cis);

        return new AgreementReport(layer.name(), layer.scope(), layer.measurement(), kept, m,
                Undefined.orNull(alpha.alpha()), alphaCi, Undefined.orNull(FleissKappa.compute(ratings)),
                Undefined.orNull(alpha.observedAgreement()), Undefined.orNull(meanKappa),
                null, null, null, null, pairs, bySource, byLabel,
                compared.gwetAc1(), compared.gwetAc1Ci(), compared.gwetAc2(), compared.gwetAc2Ci(),
                compared.brennanPrediger(), compared.brennanPredigerCi(), null, null);
    }

    /**
     * Cohen's κ per annotator pair on the items both labeled: each co-occurrence on an item becomes one sortable
     * key (pair, code of a, code of b), so one sort groups every pair's items without an annotators² table.
     */
    private static List<AgreementReport.Pair> pairs(int[] ann, int[] code, int[] first, int kept, int m, int k,
                                                    Annotators annotators, Level level) {
        long occurrences = 0;
        for (int u = 0; u < kept; u++) {
            long c = first[u + 1] - first[u];
            occurrences += c * (c - 1) / 2;
        }
        if (occurrences > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("too many annotator pairs per item to list: " + occurrences);
        }
        long kk = (long) k * k;
        long[] keys = new long[(int) occurrences];
        int p = 0;
        for (int u = 0; u < kept; u++) {
            for (int x = first[u]; x < first[u + 1]; x++) {
                for (int y = x + 1; y < first[u + 1]; y++) {
                    keys[p++] = ((long) ann[x] * m + ann[y]) * kk + (long) code[x] * k + code[y];
                }
            }
        }
        Arrays.sort(keys);
        List<AgreementReport.Pair> pairs = new ArrayList<>();
        int[] colA = new int[Math.max(1, kept)];
        int[] colB = new int[Math.max(1, kept)];
        for (int from = 0; from < keys.length; ) {
            long pair = keys[from] / kk;
            int to = from;
            while (to < keys.length && keys[to] / kk == pair) {
                int cc = (int) (keys[to] % kk);
                colA[to - from] = cc / k;
                colB[to - from] = cc % k;
                to++;
            }
            int len = to - from;
            int[] a = Arrays.copyOf(colA, len);
            int[] b = Arrays.copyOf(colB, len);
            double kappa = CohenKappa.compute(a, b, k);
            pairs.add(new AgreementReport.Pair(annotators.name((int) (pair / m)), annotators.name((int) (pair % m)),
                    len, Undefined.orNull(kappa), null, null, ComparedCoefficients.scottPi(a, b, k),
                    ComparedCoefficients.weightedKappa(a, b, k, level)));
            from = to;
        }
        return pairs;
    }

    private static void sortByAnnotator(int[] ann, int[] code, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            int a = ann[i];
            int c = code[i];
            int j = i - 1;
            while (j >= from && ann[j] > a) {
                ann[j + 1] = ann[j];
                code[j + 1] = code[j];
                j--;
            }
            ann[j + 1] = a;
            code[j + 1] = c;
        }
    }
}
