package io.crosscheck.agreement.core;

import java.util.Arrays;

/**
 * Krippendorff's unitizing α_U (Krippendorff 1995; 2004 pp. 251–256) over the continuum of {@link Spans},
 * computed exactly as DKPro Agreement's {@code KrippendorffAlphaUnitizingAgreement} does, but by sweeping
 * sorted boundaries: O(n log n) in the number of spans instead of DKPro's quadratic loops.
 *
 * <p>Per label c, with R annotators, continuum length L, N_c units of c (all annotators) of lengths l:
 * <ul>
 * <li>D_o^c = 2 / (R(R−1) L²) · Σ_{annotator pairs} Σ δ², where δ² = (b₁−b₂)² + (e₁−e₂)² for every pair of
 * overlapping units and l² for a unit that overlaps no unit of the other annotator (it lies in a gap);</li>
 * <li>D_e^c = (2/L) · Σ_units [(N_c−1) l(l−1)(2l−1)/3 + l² Σ_{gaps g ≥ l} (g−l+1)] / (RL(RL−1) − Σ l(l−1)),
 * the gaps being those of every annotator on the label's continuum (an annotator without units of c has
 * one gap of length L: every annotator counts, even with zero spans);</li>
 * <li>α_U = 1 − Σ_c D_o^c / Σ_c D_e^c; per label α_U^c = 1 − D_o^c / D_e^c.</li>
 * </ul>
 *
 * <p>An annotator's overlapping units of the same label are merged into their union first (DKPro's walk is
 * undefined for them); exact duplicates count once; touching units stay separate.
 *
 * <p><b>Annotators who did different subsets of the items.</b> Each annotator pair is compared only on the
 * items both did, and each annotator's gaps are taken on their own continuum (the items they did, end to
 * end). The two normalisers become sums over items i with R_i annotators and length L_i:
 * R(R−1)L → P = Σ_i R_i(R_i−1)L_i (ordered annotator pairs × positions both annotated) and RL → N =
 * Σ_i R_i L_i (annotated positions); L stays the length of the whole continuum, whose factors cancel in
 * α_U. So D_o^c = 2 Σδ² / (P·L) and D_e^c = (2/L) E / (N(N−1) − Σ l(l−1)). Items fewer than two annotators
 * did are left out altogether (L and all sums shrink to the other items), as α leaves out units with a
 * single value. When everyone did everything P = R(R−1)L and N = RL, which is the standard figure above.
 * This mirrors how α for coded data pairs only the values that exist.
 *
 * <p>Undefined results are NaN: fewer than two annotators on every item, or D_e = 0 (no unit at all; per
 * label: no unit of that label). DKPro reports 0 instead of NaN for a label with D_o = D_e = 0.
 */
public final class UnitizingAlpha {

    /**
     * @param alpha           α_U over all labels, NaN if undefined
     * @param alphaByLabel    α_U^c per label code, NaN where undefined
     * @param observedByLabel D_o^c per label code
     * @param expectedByLabel D_e^c per label code
     */
    public record Result(double alpha, double[] alphaByLabel, double[] observedByLabel, double[] expectedByLabel) {
    }

    private UnitizingAlpha() {
    }

    /**
     * α_U and the per-label figures: O(n log n) for n spans (sorting, one merge sweep per annotator pair and
     * label, a binary search per unit for the gaps), plus O(items · annotators) for partial coverage.
     */
    public static Result compute(Spans spans) {
        if (!spans.complete()) {
            spans = pairableItems(spans);
        }
        int r = spans.annotators();
        int labels = spans.labels();
        double l = spans.continuumLength();
        double pairs;
        double values;
        int[][] localStart = null;
        long[] localLength = new long[r];
        if (spans.complete()) {
            pairs = (double) r * (r - 1) * l;
            values = r * l;
            Arrays.fill(localLength, spans.continuumLength());
        } else {
            pairs = 0;
            values = 0;
            localStart = new int[r][spans.items()];
            for (int i = 0; i < spans.items(); i++) {
                int ri = 0;
                int li = spans.itemLength(i);
                for (int a = 0; a < r; a++) {
                    if (spans.did(i, a)) {
                        localStart[a][i] = (int) localLength[a];
                        localLength[a] += li;
                        ri++;
                    }
                }
                pairs += (double) ri * (ri - 1) * li;
                values += (double) ri * li;
            }
        }
        SpanIndex index = spans.index();
        double[] dO = new double[labels];
        double[] dE = new double[labels];
        for (int c = 0; c < labels; c++) {
            long[][] units = new long[r][];
            for (int a = 0; a < r; a++) {
                units[a] = merged(index.keys, index.from(c, a), index.to(c, a));
            }
            double observed = 0;
            for (int a = 0; a < r; a++) {
                for (int b = a + 1; b < r; b++) {
                    long[] ua = units[a];
                    long[] ub = units[b];
                    if (!spans.complete()) {
                        ua = onItemsDoneBy(spans, ua, b);
                        ub = onItemsDoneBy(spans, ub, a);
                    }
                    observed += pairDisagreement(ua, ub);
                }
            }
            dO[c] = 2 * observed / (pairs * l);
            dE[c] = expected(spans, units, localStart, localLength, l, values);
        }
        return result(dO, dE);
    }

    /** α_U = 1 − Σ D_o^c / Σ D_e^c and α_U^c from the per-label disagreements; NaN where D_e is 0. */
    static Result result(double[] dO, double[] dE) {
        double[] byLabel = new double[dO.length];
        double sumO = 0;
        double sumE = 0;
        for (int c = 0; c < dO.length; c++) {
            byLabel[c] = dE[c] == 0 || Double.isNaN(dE[c]) ? Double.NaN : 1.0 - dO[c] / dE[c];
            sumO += dO[c];
            sumE += dE[c];
        }
        double alpha = sumE == 0 || Double.isNaN(sumE) ? Double.NaN : 1.0 - sumO / sumE;
        return new Result(alpha, byLabel, dO, dE);
    }

    /** Drops the items fewer than two annotators did: like units with one value in α, they pair with nothing. */
    private static Spans pairableItems(Spans spans) {
        int[] keep = new int[spans.items()];
        int n = 0;
        for (int i = 0; i < spans.items(); i++) {
            int ri = 0;
            for (int a = 0; a < spans.annotators(); a++) {
                if (spans.did(i, a)) {
                    ri++;
                }
            }
            if (ri >= 2) {
                keep[n++] = i;
            }
        }
        return n == spans.items() ? spans : spans.selectItems(Arrays.copyOf(keep, n));
    }

    /** Sorted keys → the union of overlapping ones (sharing ≥ 1 code point); touching keys stay apart. */
    static long[] merged(long[] keys, int lo, int hi) {
        long[] out = new long[hi - lo];
        int n = 0;
        int curStart = 0;
        int curEnd = -1;
        for (int i = lo; i < hi; i++) {
            int s = SpanIndex.start(keys[i]);
            int e = SpanIndex.end(keys[i]);
            if (curEnd >= 0 && s < curEnd) {
                curEnd = Math.max(curEnd, e);
            } else {
                if (curEnd >= 0) {
                    out[n++] = SpanIndex.key(curStart, curEnd);
                }
                curStart = s;
                curEnd = e;
            }
        }
        if (curEnd >= 0) {
            out[n++] = SpanIndex.key(curStart, curEnd);
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private static long[] onItemsDoneBy(Spans spans, long[] units, int other) {
        long[] out = new long[units.length];
        int n = 0;
        for (long u : units) {
            if (spans.did(spans.itemAt(SpanIndex.start(u)), other)) {
                out[n++] = u;
            }
        }
        return n == units.length ? units : Arrays.copyOf(out, n);
    }

    /** Σ δ² between two annotators' sorted, non-overlapping units of one label: one merge sweep. */
    static double pairDisagreement(long[] a, long[] b) {
        return pairDisagreement(a, 0, a.length, b, 0, b.length);
    }

    /** The same on the ranges a[aFrom, aTo) and b[bFrom, bTo). */
    static double pairDisagreement(long[] a, int aFrom, int aTo, long[] b, int bFrom, int bTo) {
        double sum = 0;
        int i = aFrom;
        int j = bFrom;
        boolean hitA = false;
        boolean hitB = false;
        while (i < aTo && j < bTo) {
            long as = SpanIndex.start(a[i]);
            long ae = SpanIndex.end(a[i]);
            long bs = SpanIndex.start(b[j]);
            long be = SpanIndex.end(b[j]);
            if (ae <= bs) {
                if (!hitA) {
                    sum += (double) (ae - as) * (ae - as);
                }
                i++;
                hitA = false;
            } else if (be <= as) {
                if (!hitB) {
                    sum += (double) (be - bs) * (be - bs);
                }
                j++;
                hitB = false;
            } else {
                sum += (double) (as - bs) * (as - bs) + (double) (ae - be) * (ae - be);
                hitA = true;
                hitB = true;
                if (ae <= be) {
                    i++;
                    hitA = false;
                }
                if (be <= ae) {
                    j++;
                    hitB = false;
                }
            }
        }
        for (; i < aTo; i++, hitA = false) {
            if (!hitA) {
                double len = SpanIndex.end(a[i]) - SpanIndex.start(a[i]);
                sum += len * len;
            }
        }
        for (; j < bTo; j++, hitB = false) {
            if (!hitB) {
                double len = SpanIndex.end(b[j]) - SpanIndex.start(b[j]);
                sum += len * len;
            }
        }
        return sum;
    }

    private static double expected(Spans spans, long[][] units, int[][] localStart, long[] localLength, double l,
            double values) {
        int nc = 0;
        for (long[] u : units) {
            nc += u.length;
        }
        if (nc == 0) {
            return 0;
        }
        long[] gaps = new long[nc + units.length];
        int g = 0;
        double squared = 0;
        for (int a = 0; a < units.length; a++) {
            long pos = 0;
            for (long u : units[a]) {
                int s = SpanIndex.start(u);
                int e = SpanIndex.end(u);
                squared += (double) (e - s) * (e - s - 1);
                long ls = s;
                if (localStart != null) {
                    int item = spans.itemAt(s);
                    ls = (long) localStart[a][item] + (s - spans.itemStart(item));
                }
                if (ls > pos) {
                    gaps[g++] = ls - pos;
                }
                pos = ls + (e - s);
            }
            if (localLength[a] > pos) {
                gaps[g++] = localLength[a] - pos;
            }
        }
        Arrays.sort(gaps, 0, g);
        long[] suffix = new long[g + 1];
        for (int k = g - 1; k >= 0; k--) {
            suffix[k] = suffix[k + 1] + gaps[k];
        }
        double sum = 0;
        for (long[] ua : units) {
            for (long u : ua) {
                long len = SpanIndex.end(u) - SpanIndex.start(u);
                int first = SortedArrays.lowerBound(gaps, g, len);
                double fits = suffix[first] - (double) (g - first) * (len - 1);
                sum += (nc - 1.0) * ((double) len * (len - 1) * (2 * len - 1)) / 3.0 + (double) len * len * fits;
            }
        }
        return sum * (2.0 / l) / (values * (values - 1) - squared);
    }

}
