package io.crosscheck.agreement;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.crosscheck.agreement.core.Undefined;
import io.crosscheck.work.CompactWork.DocumentRows;
import io.crosscheck.work.CompactWork.SpanRows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * Agreement by rater group (SPEC §8, {@code ?groupBy=<rater attribute>}): the layer's figures computed on each
 * group's raters alone (within), and the mean pairwise agreement of raters from two different groups (between).
 * The within figures are the usual report on the subset of the snapshot's rows; nothing is computed here but the
 * subsetting and the mean of pair figures the report already has.
 */
final class RaterGroups {

    private RaterGroups() {
    }

    /** The usual report with the groups beside it. */
    record GroupedReport(@JsonUnwrapped AgreementReport report, String groupBy, List<Group> groups,
                         List<Between> betweenGroups) {
    }

    /**
     * One group's raters among themselves: {@code report} is the full agreement report of the layer on their work
     * only (items with two of them or more count).
     */
    record Group(String group, int raters, AgreementReport agreement) {
    }

    /**
     * Raters of group {@code a} against raters of group {@code b}: the mean over every cross pair with items in
     * common of Cohen's κ (document layers) or overlap span F1 (span layers); null where no pair is defined.
     */
    record Between(String a, String b, int pairs, Double meanPairwiseCohenKappa, Double meanPairwiseSpanF1Overlap) {
    }

    /** Which rows of a snapshot a figure is computed on: by item index and annotator id. */
    @FunctionalInterface
    interface Keep {
        boolean test(int item, long annotatorId);

        static Keep annotators(LongPredicate keep) {
            return (item, annotator) -> keep.test(annotator);
        }
    }

    /** The rows {@code keep} selects, of either kind. */
    static Object only(Object rows, Keep keep) {
        return rows instanceof SpanRows s ? only(s, keep) : only((DocumentRows) rows, keep);
    }

    static DocumentRows only(DocumentRows rows, Keep keep) {
        int n = 0;
        for (int r = 0; r < rows.item().length; r++) {
            n += keep.test(rows.item()[r], rows.annotatorId()[r]) ? 1 : 0;
        }
        int[] item = new int[n];
        long[] annotator = new long[n];
        int[] code = new int[n];
        for (int r = 0, w = 0; r < rows.item().length; r++) {
            if (keep.test(rows.item()[r], rows.annotatorId()[r])) {
                item[w] = rows.item()[r];
                annotator[w] = rows.annotatorId()[r];
                code[w++] = rows.code()[r];
            }
        }
        return new DocumentRows(item, annotator, code);
    }

    static SpanRows only(SpanRows rows, Keep keep) {
        int works = 0;
        for (int r = 0; r < rows.workItem().length; r++) {
            works += keep.test(rows.workItem()[r], rows.workAnnotatorId()[r]) ? 1 : 0;
        }
        int spans = 0;
        for (int r = 0; r < rows.item().length; r++) {
            spans += keep.test(rows.item()[r], rows.annotatorId()[r]) ? 1 : 0;
        }
        int[] workItem = new int[works];
        long[] workAnnotator = new long[works];
        for (int r = 0, w = 0; r < rows.workItem().length; r++) {
            if (keep.test(rows.workItem()[r], rows.workAnnotatorId()[r])) {
                workItem[w] = rows.workItem()[r];
                workAnnotator[w++] = rows.workAnnotatorId()[r];
            }
        }
        int[] item = new int[spans];
        long[] annotator = new long[spans];
        int[] start = new int[spans];
        int[] end = new int[spans];
        int[] code = new int[spans];
        for (int r = 0, w = 0; r < rows.item().length; r++) {
            if (keep.test(rows.item()[r], rows.annotatorId()[r])) {
                item[w] = rows.item()[r];
                annotator[w] = rows.annotatorId()[r];
                start[w] = rows.start()[r];
                end[w] = rows.end()[r];
                code[w++] = rows.code()[r];
            }
        }
        return new SpanRows(workItem, workAnnotator, item, annotator, start, end, code);
    }

    /** Between-group means from the report's pairs; {@code groupOf} maps a username to its group (null: none). */
    static List<Between> between(AgreementReport report, List<String> groups, Map<String, String> groupOf) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            for (int j = i + 1; j < groups.size(); j++) {
                // {pairs, κ sum, κ defined, F1 sum, F1 defined}
                sums.put(groups.get(i) + "\u0000" + groups.get(j), new double[5]);
            }
        }
        for (AgreementReport.Pair p : report.pairs()) {
            String ga = groupOf.get(p.a());
            String gb = groupOf.get(p.b());
            if (ga == null || gb == null || ga.equals(gb)) {
                continue;
            }
            boolean ordered = groups.indexOf(ga) < groups.indexOf(gb);
            double[] s = sums.get(ordered ? ga + "\u0000" + gb : gb + "\u0000" + ga);
            s[0]++;
            if (p.cohenKappa() != null) {
                s[1] += p.cohenKappa();
                s[2]++;
            }
            if (p.spanF1Overlap() != null) {
                s[3] += p.spanF1Overlap();
                s[4]++;
            }
        }
        List<Between> out = new ArrayList<>();
        sums.forEach((key, s) -> {
            String[] ab = key.split("\u0000");
            out.add(new Between(ab[0], ab[1], (int) s[0], s[2] == 0 ? null : Undefined.orNull(s[1] / s[2]),
                    s[4] == 0 ? null : Undefined.orNull(s[3] / s[4])));
        });
        return out;
    }
}
