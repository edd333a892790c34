package io.crosscheck.agreement;

import io.crosscheck.agreement.core.SortedArrays;
import io.crosscheck.work.WorkLayer;

import io.crosscheck.work.CompactWork.Items;
import io.crosscheck.work.CompactWork.SpanRows;
import io.crosscheck.agreement.core.Bootstrap;
import io.crosscheck.agreement.core.SpanF1;
import io.crosscheck.agreement.core.Spans;
import io.crosscheck.agreement.core.Undefined;
import io.crosscheck.agreement.core.UnitizingAlpha;
import io.crosscheck.agreement.core.UnitizingSums;
import io.crosscheck.common.IntervalRequest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Agreement of a span layer: lays the items that anyone submitted end to end in queue order (item length = the
 * article's length in code points), marks who did which item (every annotator with a submitted assignment on an
 * item counts, spans or not) and asks the core for α_U and span F1. Only the arrangement of data lives here.
 */
final class SpanAgreement {

    private final int m;
    private final int k;
    private final int[] lengths;
    // Per analysed item: the annotators who did it (CSR, ascending) and its spans (CSR).
    private final int[] didFirst;
    private final int[] didAnn;
    private final int[] spanFirst;
    private final int[] spanStart;
    private final int[] spanEnd;
    private final int[] spanCode;
    private final int[] spanAnn;

    private SpanAgreement(int m, int k, int[] lengths, int[] didFirst, int[] didAnn, int[] spanFirst,
                          int[] spanStart, int[] spanEnd, int[] spanCode, int[] spanAnn) {
        this.m = m;
        this.k = k;
        this.lengths = lengths;
        this.didFirst = didFirst;
        this.didAnn = didAnn;
        this.spanFirst = spanFirst;
        this.spanStart = spanStart;
        this.spanEnd = spanEnd;
        this.spanCode = spanCode;
        this.spanAnn = spanAnn;
    }

    static AgreementReport compute(WorkLayer layer, Items items, SpanRows rows, Map<Long, String> usernames,
                                   Map<Long, String> sourceNames, IntervalRequest ci) {
        Annotators annotators = Annotators.of(rows.workAnnotatorId(), usernames);
        int total = items.size();
        int[] doneBy = new int[total];
        for (int item : rows.workItem()) {
            doneBy[item]++;
        }
        int[] keptOf = new int[total];
        int kept = 0;
        for (int i = 0; i < total; i++) {
            keptOf[i] = doneBy[i] > 0 ? kept++ : -1;
        }
        int[] keptItem = new int[kept];
        int[] lengths = new int[kept];
        for (int i = 0; i < total; i++) {
            if (keptOf[i] >= 0) {
                keptItem[keptOf[i]] = i;
                lengths[keptOf[i]] = items.lengths()[i];
            }
        }
        int[] didFirst = new int[kept + 1];
        int[] didAnn = group(rows.workItem(), keptOf, didFirst, kept, r -> annotators.index(rows.workAnnotatorId()[r]));
        for (int u = 0; u < kept; u++) {
            Arrays.sort(didAnn, didFirst[u], didFirst[u + 1]);
        }
        int[] spanFirst = new int[kept + 1];
        int[] order = group(rows.item(), keptOf, spanFirst, kept, r -> r);
        int n = order.length;
        int[] start = new int[n];
        int[] end = new int[n];
        int[] code = new int[n];
        int[] ann = new int[n];
        long[] perLabel = new long[layer.labels().size()];
        for (int p = 0; p < n; p++) {
            int r = order[p];
            start[p] = rows.start()[r];
            end[p] = rows.end()[r];
            code[p] = rows.code()[r];
            ann[p] = annotators.index(rows.annotatorId()[r]);
            perLabel[code[p]]++;
        }
        SpanAgreement data = new SpanAgreement(annotators.size(), layer.labels().size(), lengths, didFirst, didAnn,
                spanFirst, start, end, code, ann);
        return data.report(layer, annotators, keptItem, items, sourceNames, perLabel, ci);
    }

    private AgreementReport report(WorkLayer layer, Annotators annotators, int[] keptItem, Items items,
                                   Map<Long, String> sourceNames, long[] perLabel, IntervalRequest ci) {
        int kept = lengths.length;
        int[] all = new int[kept];
        for (int u = 0; u < kept; u++) {
            all[u] = u;
        }
        Spans spans = build(all, -1).spans();
        UnitizingAlpha.Result alpha = UnitizingAlpha.compute(spans);
        SpanF1.Result f1 = SpanF1.compute(spans);
        AgreementReport.Interval alphaCi = null;
        if (ci != null) {
            // A replicate sums the drawn documents' statistics (UnitizingSums): α_U of the resampled spans, without
            // rebuilding, sorting and merging them per replicate.
            alphaCi = AgreementReport.Interval.from(Bootstrap.percentile(kept, UnitizingSums.of(spans)::alpha,
                    ci.level(), ci.replicates(), ci.seed()), ci.seed());
        }

        long[] common = commonItems();
        List<AgreementReport.Pair> pairs = new ArrayList<>();
        for (SpanF1.Pair p : f1.pairs()) {
            int shared = sharedItems(common, p.a(), p.b());
            if (shared > 0) {
                pairs.add(new AgreementReport.Pair(annotators.name(p.a()), annotators.name(p.b()), shared, null,
                        Undefined.orNull(p.exactF1()), Undefined.orNull(p.overlapF1()), null, null));
            }
        }

        List<AgreementReport.BySource> bySource = new ArrayList<>();
        for (SourceGroups.Group g : SourceGroups.of(keptItem, items, sourceNames)) {
            Subset sub = build(g.members(), -1);
            SpanF1.Result sf = SpanF1.compute(sub.spans());
            bySource.add(new AgreementReport.BySource(g.sourceId(), g.name(), g.members().length, null,
                    Undefined.orNull(UnitizingAlpha.compute(sub.spans()).alpha()), Undefined.orNull(sf.exactF1()),
                    Undefined.orNull(sf.overlapF1())));
        }

        List<AgreementReport.ByLabel> byLabel = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            Spans labelSpans = build(all, c).spans();
            SpanF1.Result lf = SpanF1.compute(labelSpans);
            byLabel.add(new AgreementReport.ByLabel(layer.labels().get(c), perLabel[c], null,
                    Undefined.orNull(alpha.alphaByLabel()[c]), Undefined.orNull(lf.exactF1()),
                    Undefined.orNull(lf.overlapF1()), null, null, null, ComparedCoefficients.gammaOf(labelSpans)));
        }
        ComparedCoefficients.SpanGamma gamma = ComparedCoefficients.gamma(spans, ci);

        return new AgreementReport(layer.name(), layer.scope(), layer.measurement(), kept, m, null, null, null, null,
                null, Undefined.orNull(alpha.alpha()), alphaCi, Undefined.orNull(f1.exactF1()),
                Undefined.orNull(f1.overlapF1()), pairs, bySource, byLabel,
                null, null, null, null, null, null, gamma.gamma(), gamma.gammaCi());
    }

    /** Spans over a subset of the analysed items, with only the annotators who did one of them. */
    private record Subset(Spans spans, int annotators) {
    }

    /**
     * The core's {@link Spans} for the given analysed items (ascending), keeping only label {@code only} as label 0
     * when it is not −1. Annotators are renumbered to those who did one of the items, in their global order, so a
     * per-source figure does not loop over annotators who never saw that source.
     */
    private Subset build(int[] members, int only) {
        int[] local = new int[m];
        Arrays.fill(local, -1);
        boolean[] used = new boolean[m];
        for (int u : members) {
            for (int j = didFirst[u]; j < didFirst[u + 1]; j++) {
                used[didAnn[j]] = true;
            }
        }
        int r = 0;
        for (int a = 0; a < m; a++) {
            if (used[a]) {
                local[a] = r++;
            }
        }
        int[] itemLengths = new int[members.length];
        boolean[] did = new boolean[members.length * r];
        int count = 0;
        for (int j = 0; j < members.length; j++) {
            int u = members[j];
            itemLengths[j] = lengths[u];
            for (int d = didFirst[u]; d < didFirst[u + 1]; d++) {
                did[j * r + local[didAnn[d]]] = true;
            }
            for (int s = spanFirst[u]; s < spanFirst[u + 1]; s++) {
                if (only < 0 || spanCode[s] == only) {
                    count++;
                }
            }
        }
        int[] it = new int[count];
        int[] st = new int[count];
        int[] en = new int[count];
        int[] la = new int[count];
        int[] an = new int[count];
        int p = 0;
        for (int j = 0; j < members.length; j++) {
            int u = members[j];
            for (int s = spanFirst[u]; s < spanFirst[u + 1]; s++) {
                if (only < 0 || spanCode[s] == only) {
                    it[p] = j;
                    st[p] = spanStart[s];
                    en[p] = spanEnd[s];
                    la[p] = only < 0 ? spanCode[s] : 0;
                    an[p] = local[spanAnn[s]];
                    p++;
                }
            }
        }
        return new Subset(Spans.of(itemLengths, r, only < 0 ? k : 1, did, it, st, en, la, an), r);
    }

    /** Sorted keys a·m + b, one per item that annotators a &lt; b both did. */
    private long[] commonItems() {
        long occurrences = 0;
        for (int u = 0; u + 1 < didFirst.length; u++) {
            long c = didFirst[u + 1] - didFirst[u];
            occurrences += c * (c - 1) / 2;
        }
        if (occurrences > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("too many annotator pairs per item to list: " + occurrences);
        }
        long[] keys = new long[(int) occurrences];
        int p = 0;
        for (int u = 0; u + 1 < didFirst.length; u++) {
            for (int x = didFirst[u]; x < didFirst[u + 1]; x++) {
                for (int y = x + 1; y < didFirst[u + 1]; y++) {
                    keys[p++] = (long) didAnn[x] * m + didAnn[y];
                }
            }
        }
        Arrays.sort(keys);
        return keys;
    }

    private int sharedItems(long[] sortedKeys, int a, int b) {
        long key = (long) a * m + b;
        int lo = SortedArrays.lowerBound(sortedKeys, key);
        int hi = SortedArrays.lowerBound(sortedKeys, key + 1);
        return hi - lo;
    }


    /**
     * Counting sort of rows by analysed item: fills {@code first} (CSR offsets) and returns, in item order, the
     * value of {@code valueOf} for each row.
     */
    private static int[] group(int[] rowItem, int[] keptOf, int[] first, int kept,
                               java.util.function.IntUnaryOperator valueOf) {
        for (int item : rowItem) {
            first[keptOf[item] + 1]++;
        }
        for (int u = 0; u < kept; u++) {
            first[u + 1] += first[u];
        }
        int[] fill = Arrays.copyOf(first, kept);
        int[] out = new int[rowItem.length];
        for (int r = 0; r < rowItem.length; r++) {
            out[fill[keptOf[rowItem[r]]]++] = valueOf.applyAsInt(r);
        }
        return out;
    }
}
