package io.crosscheck.agreement.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mathet, Widlöcher &amp; Métivier's γ (Computational Linguistics 41(3), 2015) for spans, with the defaults of the
 * reference implementation pygamma-agreement 0.5.9: γ = 1 − D_o / D_e.
 *
 * <ul>
 * <li><b>Dissimilarity</b> (pygamma's {@code CombinedCategoricalDissimilarity()}): d(u, v) = α·d_pos + β·d_cat
 * with α = β = 1 and Δ∅ = 1, d_pos = ((|s_u − s_v| + |e_u − e_v|)/(l_u + l_v))²·Δ∅, d_cat = [c_u ≠ c_v]·Δ∅
 * (or a given category distance matrix × Δ∅); any pair with an empty unit costs Δ∅.</li>
 * <li><b>Disorder</b> of a unitary alignment (one unit or ∅ per annotator): the mean of its C(n, 2) pair
 * dissimilarities; of an alignment: the sum over its unitary alignments divided by the mean number of units per
 * annotator. D_o is the disorder of the best alignment (the partition of all units into unitary alignments
 * with the least disorder).</li>
 * <li><b>Best alignment</b>: exact for small inputs. Units are split into independent groups (two units can only
 * share a useful unitary alignment when d(u, v) ≤ (C(n,2) + n − 1)·Δ∅: otherwise moving one of them to a
 * unitary alignment of its own lowers the disorder), the non-dominated unitary alignments of each group are
 * enumerated and the set partition is solved exactly by dynamic programming over the units in start order.
 * A group too large for that (more than {@link #EXACT_UNITS} units, a unitary alignment spanning more than 63
 * units of the order, more than {@link #EXACT_CANDIDATES} candidates or {@link #EXACT_STATES} states) is aligned by pygamma's published "fast-gamma"
 * approximation: windows of {@link #WINDOW} units per annotator (plus the units within n·Δ∅ of the window's
 * rightmost unit) are aligned exactly, and the unitary alignments ending within the window are kept.</li>
 * <li><b>Expected disorder</b>: the mean best-alignment disorder of {@code samples} shuffled continua (Mathet et al.
 * 2015 §5.2; pygamma's {@code ShuffleContinuumSampler}, integer pivots as in Mathet's Java implementation): each
 * of the n sampled tracks is the whole track of a randomly chosen annotator moved by a random pivot, pivots at
 * least half a mean unit length apart, wrapping around the continuum's bounds. Seeded: a given seed reproduces
 * the figure.</li>
 * </ul>
 *
 * <p><b>Several documents.</b> Each document (item) is its own continuum over the annotators who did it, bounds
 * [0, its length]; unitary alignments never cross documents and shuffling stays within each document. The
 * figures are pooled: D_o = Σ_i disorder-sum_i / Σ_i (N_i / n_i), and per sample D_e(s) the same ratio over the
 * shuffled documents, D_e = mean_s D_e(s). With one document this is pygamma's γ of that continuum. Above
 * {@link Parameters#sampledDocuments()} documents each sample shuffles a seeded random subset of that many.
 * Undefined (NaN): no document with two annotators and a unit; D_e = 0 while D_o &gt; 0. D_o = 0 gives γ = 1, as
 * pygamma does.
 */
public final class Gamma {

    /** Largest group of units whose best alignment is searched exactly. */
    public static final int EXACT_UNITS = 1500;
    /** Largest number of dynamic-programming states per group before falling back to the windowed search. */
    public static final int EXACT_STATES = 400_000;
    /** Groups up to this many units are searched over an array of all their covered sets. */
    static final int SMALL_GROUP = 8;
    /** Units per annotator in a window of the fast-gamma approximation. */
    public static final int WINDOW = 3;
    /** Largest number of candidate unitary alignments per group before falling back to the windowed search. */
    public static final int EXACT_CANDIDATES = 200_000;

    /**
     * @param alpha            weight of the positional dissimilarity
     * @param beta             weight of the categorical dissimilarity
     * @param deltaEmpty       Δ∅, the cost of a pair with an empty unit
     * @param samples          shuffled continua for the expected disorder
     * @param seed             seed of the shuffles
     * @param categoryDistance category × category distances in [0, 1] (null: 0 if equal, 1 otherwise)
     * @param sampledDocuments most documents shuffled per sample: with more documents, each sample shuffles a
     *                         seeded random subset of this many (the pooled D_e(s) is then a Monte Carlo estimate
     *                         over documents as well as over shuffles)
     */
    public record Parameters(double alpha, double beta, double deltaEmpty, int samples, long seed,
            double[][] categoryDistance, int sampledDocuments) {

        /** pygamma-agreement's defaults (α = β = Δ∅ = 1, 30 samples) with a fixed seed; 200 documents per sample. */
        public static final Parameters DEFAULT = new Parameters(1, 1, 1, 30, 20150901L, null, 200);

        /** The dissimilarity's weights with pygamma's 30 samples, every document shuffled. */
        public static Parameters of(double alpha, double beta, double deltaEmpty, int samples, long seed,
                double[][] categoryDistance) {
            return new Parameters(alpha, beta, deltaEmpty, samples, seed, categoryDistance, Integer.MAX_VALUE);
        }
    }

    /**
     * @param gamma            γ, NaN if undefined
     * @param observedDisorder D_o
     * @param expectedDisorder D_e
     * @param samples          shuffled continua behind D_e
     * @param exact            false when some group was aligned by the windowed approximation
     */
    public record Result(double gamma, double observedDisorder, double expectedDisorder, int samples,
            boolean exact) {
    }

    /**
     * A best alignment's totals: {@code sum} = Σ unitary-alignment disorders, {@code perAnnotator} = N / n; the
     * disorder is their ratio. {@code unitaryAlignments} counts the unitary alignments.
     */
    public record Alignment(double sum, double perAnnotator, int unitaryAlignments, boolean exact) {
        public double disorder() {
            return perAnnotator == 0 ? Double.NaN : sum / perAnnotator;
        }
    }

    /**
     * Per-document totals kept for pooling and for a bootstrap over documents: observed sums and per-annotator
     * unit counts, and the same for every shuffled sample ({@code [sample][document]}).
     */
    public record Documents(double[] observedSum, double[] observedPerAnnotator, double[][] expectedSum,
            double[][] expectedPerAnnotator, boolean exact) {

        public int size() {
            return observedSum.length;
        }

        /** γ on the documents at the given indices (repeats allowed), NaN if undefined. */
        public double gamma(int[] documents) {
            double os = 0;
            double on = 0;
            for (int i : documents) {
                os += observedSum[i];
                on += observedPerAnnotator[i];
            }
            if (on == 0) {
                return Double.NaN;
            }
            double dO = os / on;
            if (dO == 0) {
                return 1;
            }
            double dE = expected(documents);
            return dE > 0 ? 1 - dO / dE : Double.NaN;
        }

        double expected(int[] documents) {
            double sum = 0;
            int defined = 0;
            for (int s = 0; s < expectedSum.length; s++) {
                double es = 0;
                double en = 0;
                for (int i : documents) {
                    es += expectedSum[s][i];
                    en += expectedPerAnnotator[s][i];
                }
                if (en > 0) {
                    sum += es / en;
                    defined++;
                }
            }
            return defined == 0 ? Double.NaN : sum / defined;
        }

        public Result result() {
            int[] all = new int[size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            double os = 0;
            double on = 0;
            for (int i : all) {
                os += observedSum[i];
                on += observedPerAnnotator[i];
            }
            double dO = on == 0 ? Double.NaN : os / on;
            double dE = on == 0 ? Double.NaN : expected(all);
            return new Result(gamma(all), dO, dE, expectedSum.length, exact);
        }
    }

    /**
     * One document's units: annotators 0..annotators−1 (an annotator may have none), bounds [lo, hi] for shuffling.
     * Identical units of one annotator count once, as in pygamma's sorted sets.
     */
    public static final class Continuum {
        final int annotators;
        final double lo;
        final double hi;
        final double[] start;
        final double[] end;
        final int[] category;
        final int[] annotator;

        private Continuum(int annotators, double lo, double hi, double[] start, double[] end, int[] category,
                int[] annotator) {
            this.annotators = annotators;
            this.lo = lo;
            this.hi = hi;
            this.start = start;
            this.end = end;
            this.category = category;
            this.annotator = annotator;
        }

        /** Units from parallel arrays; empty units (end ≤ start) are dropped, duplicates merged. */
        public static Continuum of(int annotators, double lo, double hi, double[] start, double[] end,
                int[] category, int[] annotator) {
            int n = start.length;
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
                if (annotator[i] < 0 || annotator[i] >= annotators) {
                    throw new IllegalArgumentException("annotator " + annotator[i] + " out of range");
                }
            }
            Arrays.sort(order, (x, y) -> {
                int c = Double.compare(start[x], start[y]);
                if (c == 0) {
                    c = Double.compare(end[x], end[y]);
                }
                if (c == 0) {
                    c = Integer.compare(annotator[x], annotator[y]);
                }
                return c == 0 ? Integer.compare(category[x], category[y]) : c;
            });
            double[] s = new double[n];
            double[] e = new double[n];
            int[] c = new int[n];
            int[] a = new int[n];
            int k = 0;
            for (int t = 0; t < n; t++) {
                int i = order[t];
                if (!(end[i] > start[i])) {
                    continue;
                }
                if (k > 0 && s[k - 1] == start[i] && e[k - 1] == end[i] && a[k - 1] == annotator[i]
                        && c[k - 1] == category[i]) {
                    continue;
                }
                s[k] = start[i];
                e[k] = end[i];
                c[k] = category[i];
                a[k] = annotator[i];
                k++;
            }
            return new Continuum(annotators, lo, hi, Arrays.copyOf(s, k), Arrays.copyOf(e, k), Arrays.copyOf(c, k),
                    Arrays.copyOf(a, k));
        }

        /** As pygamma: bounds from 0 (or the first start if negative) to the last end. */
        public static Continuum of(int annotators, double[] start, double[] end, int[] category, int[] annotator) {
            double lo = 0;
            double hi = 0;
            for (int i = 0; i < start.length; i++) {
                lo = Math.min(lo, start[i]);
                hi = Math.max(hi, end[i]);
            }
            return of(annotators, lo, hi, start, end, category, annotator);
        }

        public int units() {
            return start.length;
        }

        public int annotators() {
            return annotators;
        }
    }

    private Gamma() {
    }

    /** γ of the spans, one continuum per item over the annotators who did it (see the class comment). */
    public static Result compute(Spans spans, Parameters p) {
        return documents(spans, p).result();
    }

    /** γ of the given documents. */
    public static Result compute(List<Continuum> documents, Parameters p) {
        return documents(documents, p).result();
    }

    /** The per-document totals of the spans' items (items fewer than two annotators did are left out). */
    public static Documents documents(Spans spans, Parameters p) {
        return documents(continua(spans), p);
    }

    /**
     * Per-document observed and sampled totals. Document i's shuffles use the i-th split of the seed; which documents
     * a sample shuffles (all, or a random subset of {@code sampledDocuments}) comes from a further split.
     */
    public static Documents documents(List<Continuum> documents, Parameters p) {
        int d = documents.size();
        double[] os = new double[d];
        double[] on = new double[d];
        double[][] es = new double[p.samples()][d];
        double[][] en = new double[p.samples()][d];
        boolean exact = true;
        SplittableRandom root = new SplittableRandom(p.seed());
        SplittableRandom[] perDocument = new SplittableRandom[d];
        for (int i = 0; i < d; i++) {
            perDocument[i] = root.split();
        }
        boolean[][] shuffled = chosenDocuments(d, p, root.split());
        // Documents are independent and each has its own random stream, so they run in parallel and the result
        // does not depend on the order; each task writes only its own column.
        boolean[] approximate = new boolean[d];
        java.util.stream.IntStream.range(0, d).parallel().forEach(i -> {
            Continuum c = documents.get(i);
            if (c.annotators < 2 || c.units() == 0) {
                return;
            }
            Alignment best = bestAlignment(c, p);
            os[i] = best.sum();
            on[i] = best.perAnnotator();
            boolean ok = best.exact();
            for (int s = 0; s < p.samples(); s++) {
                if (!shuffled[s][i]) {
                    continue;
                }
                Alignment a = bestAlignment(shuffle(c, perDocument[i]), p);
                es[s][i] = a.sum();
                en[s][i] = a.perAnnotator();
                ok &= a.exact();
            }
            approximate[i] = !ok;
        });
        for (boolean a : approximate) {
            exact &= !a;
        }
        return new Documents(os, on, es, en, exact);
    }

    /** [sample][document]: every document, or per sample a random subset of {@code sampledDocuments} of them. */
    private static boolean[][] chosenDocuments(int d, Parameters p, SplittableRandom rnd) {
        boolean[][] out = new boolean[p.samples()][d];
        int k = Math.min(d, p.sampledDocuments());
        int[] idx = new int[d];
        for (int s = 0; s < p.samples(); s++) {
            if (k == d) {
                Arrays.fill(out[s], true);
                continue;
            }
            for (int i = 0; i < d; i++) {
                idx[i] = i;
            }
            for (int i = 0; i < k; i++) {
                int j = i + rnd.nextInt(d - i);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
                out[s][idx[i]] = true;
            }
        }
        return out;
    }

    /** One continuum per item of the spans, over the annotators who did the item, bounds [0, item length]. */
    public static List<Continuum> continua(Spans spans) {
        int items = spans.items();
        int r = spans.annotators();
        List<List<double[]>> rows = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            rows.add(new ArrayList<>());
        }
        SpanIndex index = spans.index();
        for (int c = 0; c < spans.labels(); c++) {
            for (int a = 0; a < r; a++) {
                for (int k = index.from(c, a); k < index.to(c, a); k++) {
                    int s = SpanIndex.start(index.keys[k]);
                    int e = SpanIndex.end(index.keys[k]);
                    int item = spans.itemAt(s);
                    int base = spans.itemStart(item);
                    rows.get(item).add(new double[] {s - base, e - base, c, a});
                }
            }
        }
        List<Continuum> out = new ArrayList<>();
        int[] local = new int[r];
        for (int i = 0; i < items; i++) {
            int n = 0;
            for (int a = 0; a < r; a++) {
                local[a] = spans.did(i, a) ? n++ : -1;
            }
            if (n < 2) {
                continue;
            }
            List<double[]> units = rows.get(i);
            double[] s = new double[units.size()];
            double[] e = new double[units.size()];
            int[] cat = new int[units.size()];
            int[] ann = new int[units.size()];
            for (int u = 0; u < units.size(); u++) {
                double[] row = units.get(u);
                s[u] = row[0];
                e[u] = row[1];
                cat[u] = (int) row[2];
                ann[u] = local[(int) row[3]];
            }
            out.add(Continuum.of(n, 0, spans.itemLength(i), s, e, cat, ann));
        }
        return out;
    }

    /** The dissimilarity of units u and v of the continuum. */
    public static double dissimilarity(Continuum c, int u, int v, Parameters p) {
        double pos = (Math.abs(c.start[u] - c.start[v]) + Math.abs(c.end[u] - c.end[v]))
                / ((c.end[u] - c.start[u]) + (c.end[v] - c.start[v]));
        double cat = c.category[u] == c.category[v] ? 0
                : p.categoryDistance() == null ? 1 : p.categoryDistance()[c.category[u]][c.category[v]];
        return p.alpha() * pos * pos * p.deltaEmpty() + p.beta() * cat * p.deltaEmpty();
    }

    /** The best alignment's totals (exact where the class comment says, the windowed approximation beyond). */
    public static Alignment bestAlignment(Continuum c, Parameters p) {
        if (c.annotators < 2) {
            throw new IllegalArgumentException("γ needs two annotators");
        }
        return new Aligner(c, p).align();
    }

    /** The windowed approximation on every group, whatever its size (for tests and the bench). */
    static Alignment windowedAlignment(Continuum c, Parameters p) {
        return new Aligner(c, p).alignWindowed();
    }

    /**
     * A shuffled copy of the continuum (Mathet et al. 2015 §5.2 as pygamma's ShuffleContinuumSampler with integer
     * pivots): n tracks, each a random annotator's units moved by a pivot drawn from the positions not within half
     * a mean unit length of an earlier pivot, units starting past the upper bound wrapped to the lower one.
     */
    public static Continuum shuffle(Continuum c, SplittableRandom rnd) {
        int n = c.annotators;
        int units = c.units();
        if (units == 0) {
            return c;
        }
        double meanLength = 0;
        for (int u = 0; u < units; u++) {
            meanLength += c.end[u] - c.start[u];
        }
        double minDistance = meanLength / units / 2;
        int[][] byAnnotator = byAnnotator(c);
        while (true) {
            List<double[]> segments = new ArrayList<>();
            segments.add(new double[] {c.lo, c.hi});
            int total = 0;
            double[] s = new double[units * n];
            double[] e = new double[units * n];
            int[] cat = new int[units * n];
            int[] ann = new int[units * n];
            for (int idx = 0; idx < n; idx++) {
                double pivot;
                if (!segments.isEmpty()) {
                    pivot = pivotFrom(segments, rnd, c);
                    segments = withoutPivot(pivot, segments, minDistance);
                } else {
                    pivot = c.lo + rnd.nextDouble() * (c.hi - c.lo);
                }
                int source = rnd.nextInt(n);
                for (int u : byAnnotator[source]) {
                    double shift = c.start[u] + pivot > c.hi ? pivot + c.lo - c.hi : pivot;
                    s[total] = c.start[u] + shift;
                    e[total] = c.end[u] + shift;
                    cat[total] = c.category[u];
                    ann[total] = idx;
                    total++;
                }
            }
            if (total > 0) {
                return Continuum.of(n, c.lo, c.hi, Arrays.copyOf(s, total), Arrays.copyOf(e, total),
                        Arrays.copyOf(cat, total), Arrays.copyOf(ann, total));
            }
        }
    }

    private static double pivotFrom(List<double[]> segments, SplittableRandom rnd, Continuum c) {
        double total = 0;
        for (double[] seg : segments) {
            total += seg[1] - seg[0];
        }
        if (!(total > 0)) {
            return Math.floor(c.lo + rnd.nextDouble() * (c.hi - c.lo));
        }
        double x = rnd.nextDouble() * total;
        for (double[] seg : segments) {
            double len = seg[1] - seg[0];
            if (x < len || seg == segments.get(segments.size() - 1)) {
                double v = seg[0] + rnd.nextDouble() * len;
                return v < 0 ? Math.ceil(v) : Math.floor(v); // Python's int(): toward zero
            }
            x -= len;
        }
        throw new IllegalStateException();
    }

    private static List<double[]> withoutPivot(double pivot, List<double[]> segments, double dist) {
        List<double[]> out = new ArrayList<>();
        for (double[] seg : segments) {
            if (seg[0] >= pivot - dist) {
                if (seg[1] > pivot + dist) {
                    out.add(new double[] {pivot + dist, seg[1]});
                }
            } else {
                out.add(new double[] {seg[0], pivot - dist});
                if (seg[1] > pivot + dist) {
                    out.add(new double[] {pivot + dist, seg[1]});
                }
            }
        }
        return out;
    }

    private static int[][] byAnnotator(Continuum c) {
        int[] count = new int[c.annotators];
        for (int a : c.annotator) {
            count[a]++;
        }
        int[][] out = new int[c.annotators][];
        for (int a = 0; a < c.annotators; a++) {
            out[a] = new int[count[a]];
        }
        int[] fill = new int[c.annotators];
        for (int u = 0; u < c.units(); u++) {
            out[c.annotator[u]][fill[c.annotator[u]]++] = u;
        }
        return out;
    }

    /** Finds the best alignment of one continuum. Units are indexed in (start, end) order. */
    private static final class Aligner {
        private final Continuum c;
        private final Parameters p;
        private final int n;
        private final double pairs;
        private final double empty;
        private boolean exact = true;
        private int unitary;
        private int candidateCount;

        Aligner(Continuum c, Parameters p) {
            this.c = c;
            this.p = p;
            this.n = c.annotators;
            this.pairs = n * (n - 1) / 2.0;
            this.empty = p.deltaEmpty();
        }

        Alignment align() {
            int m = c.units();
            double raw = 0;
            for (int[] group : groups()) {
                raw += solveGroup(group);
            }
            return new Alignment(raw / pairs, (double) m / n, unitary, exact);
        }

        Alignment alignWindowed() {
            int m = c.units();
            double raw = 0;
            for (int[] group : groups()) {
                raw += group.length == 1 ? solveGroup(group) : windowed(group);
            }
            return new Alignment(raw / pairs, (double) m / n, unitary, false);
        }

        /** Largest dissimilarity two units of a useful unitary alignment can have. */
        private double pairLimit() {
            return (pairs + n - 1) * empty;
        }

        /** Connected groups of units under "may share a useful unitary alignment", each sorted by unit index. */
        private List<int[]> groups() {
            int m = c.units();
            int[] parent = new int[m];
            for (int u = 0; u < m; u++) {
                parent[u] = u;
            }
            double limit = pairLimit();
            double reach = p.alpha() > 0 ? Math.sqrt(limit / (p.alpha() * empty)) : Double.POSITIVE_INFINITY;
            // |Δs| + |Δe| ≥ 2|Δmid|, so a useful pair has |mid_u − mid_v| ≤ reach·(l_u + l_v)/2: inflated intervals.
            Integer[] order = new Integer[m];
            double[] lo = new double[m];
            double[] hi = new double[m];
            for (int u = 0; u < m; u++) {
                order[u] = u;
                double mid = (c.start[u] + c.end[u]) / 2;
                double half = Double.isInfinite(reach) ? Double.POSITIVE_INFINITY
                        : reach * (c.end[u] - c.start[u]) / 2;
                lo[u] = mid - half;
                hi[u] = mid + half;
            }
            Arrays.sort(order, (x, y) -> Double.compare(lo[x], lo[y]));
            int[] active = new int[m];
            int size = 0;
            for (int t = 0; t < m; t++) {
                int u = order[t];
                int keep = 0;
                for (int j = 0; j < size; j++) {
                    int v = active[j];
                    if (hi[v] < lo[u]) {
                        continue;
                    }
                    active[keep++] = v;
                    if (c.annotator[u] != c.annotator[v] && dissimilarity(c, u, v, p) <= limit) {
                        union(parent, u, v);
                    }
                }
                size = keep;
                active[size++] = u;
            }
            // Roots are the smallest member, so scanning units in order fills each group in ascending order.
            int[] members = new int[m];
            for (int u = 0; u < m; u++) {
                members[find(parent, u)]++;
            }
            int[][] byRoot = new int[m][];
            int[] fill = new int[m];
            List<int[]> out = new ArrayList<>();
            for (int u = 0; u < m; u++) {
                int root = find(parent, u);
                if (byRoot[root] == null) {
                    byRoot[root] = new int[members[root]];
                    out.add(byRoot[root]);
                }
                byRoot[root][fill[root]++] = u;
            }
            return out;
        }

        private static int find(int[] parent, int u) {
            while (parent[u] != u) {
                parent[u] = parent[parent[u]];
                u = parent[u];
            }
            return u;
        }

        private static void union(int[] parent, int u, int v) {
            int a = find(parent, u);
            int b = find(parent, v);
            if (a != b) {
                parent[Math.max(a, b)] = Math.min(a, b);
            }
        }

        /** Raw cost (Σ pair dissimilarities, empties included) of the group's best alignment. */
        private double solveGroup(int[] units) {
            if (units.length == 1) {
                unitary++;
                return pairs * empty;
            }
            Solution s = units.length <= EXACT_UNITS ? exactly(units) : null;
            if (s == null) {
                exact = false;
                return windowed(units);
            }
            unitary += s.tuples.size();
            return s.cost;
        }

        /** A partition of some units into unitary alignments: the tuples (unit indices) and their total raw cost. */
        private record Solution(double cost, List<int[]> tuples, List<Double> costs) {
        }

        /** A candidate unitary alignment of a group: positions in the group's order, its raw cost. */
        private record Candidate(long bits, int[] members, double cost) {
        }

        /**
         * Every non-dominated unitary alignment of the units (sorted), grouped by its first position: a tuple of k
         * units from distinct annotators where no unit u could leave it for a singleton without lowering the
         * disorder, i.e. Σ_{v≠u} d(u, v) ≤ (C(n,2) + k − 1)·Δ∅ for all u. Null when one spans more than 63
         * positions of the order (the state encoding below cannot hold it).
         */
        private List<Candidate>[] candidates(int[] units) {
            int m = units.length;
            double limit = pairLimit();
            @SuppressWarnings("unchecked")
            List<Candidate>[] out = new List[m];
            int[][] near = new int[m][];
            double[][] dist = new double[m][m];
            for (int x = 0; x < m; x++) {
                int[] buf = new int[m];
                int k = 0;
                for (int y = 0; y < m; y++) {
                    if (y == x || c.annotator[units[x]] == c.annotator[units[y]]) {
                        continue;
                    }
                    double d = dissimilarity(c, units[x], units[y], p);
                    dist[x][y] = d;
                    if (d <= limit) {
                        buf[k++] = y;
                    }
                }
                near[x] = Arrays.copyOf(buf, k);
            }
            int[] chosen = new int[n];
            candidateCount = 0;
            for (int x = 0; x < m; x++) {
                out[x] = new ArrayList<>();
                out[x].add(new Candidate(1L, new int[] {x}, pairs * empty));
                chosen[0] = x;
                if (!extend(x, chosen, 1, near, dist, out[x], units)) {
                    return null;
                }
                out[x].sort((a, b) -> Double.compare(a.cost / a.members.length, b.cost / b.members.length));
            }
            return out;
        }

        private boolean extend(int first, int[] chosen, int k, int[][] near, double[][] dist, List<Candidate> out,
                int[] units) {
            int last = chosen[k - 1];
            for (int y : near[first]) {
                if (y <= last) {
                    continue;
                }
                boolean ok = true;
                for (int t = 0; t < k && ok; t++) {
                    int x = chosen[t];
                    ok = c.annotator[units[x]] != c.annotator[units[y]] && dist[x][y] <= pairLimit();
                }
                if (!ok) {
                    continue;
                }
                if (y - first > 63) {
                    return false;
                }
                chosen[k] = y;
                int size = k + 1;
                double real = 0;
                boolean useful = true;
                for (int t = 0; t < size && useful; t++) {
                    double du = 0;
                    for (int t2 = 0; t2 < size; t2++) {
                        if (t2 != t) {
                            du += dist[chosen[t]][chosen[t2]];
                        }
                    }
                    real += du / 2;
                    useful = du <= (pairs + size - 1) * empty + 1e-9;
                }
                if (useful) {
                    long bits = 0;
                    for (int t = 0; t < size; t++) {
                        bits |= 1L << (chosen[t] - first);
                    }
                    double cost = real + (pairs - size * (size - 1) / 2.0) * empty;
                    out.add(new Candidate(bits, Arrays.copyOf(chosen, size), cost));
                    if (++candidateCount > EXACT_CANDIDATES) {
                        return false;
                    }
                }
                if (size < n && !extend(first, chosen, size, near, dist, out, units)) {
                    return false;
                }
            }
            return true;
        }

        /** Memoised best cost from state (first uncovered position, covered mask from there). */
        private static final class State {
            final double cost;
            final int choice;

            State(double cost, int choice) {
                this.cost = cost;
                this.choice = choice;
            }
        }

        /** The exact best partition of the group, or null when it is too large for the exact search. */
        private Solution exactly(int[] units) {
            List<Candidate>[] cands = candidates(units);
            if (cands == null) {
                return null;
            }
            int m = units.length;
            if (m <= SMALL_GROUP) {
                return small(units, cands);
            }
            @SuppressWarnings("unchecked")
            HashMap<Long, State>[] memo = new HashMap[m];
            int[] states = {0};
            if (Double.isNaN(best(0, 0L, cands, memo, states))) {
                return null;
            }
            List<int[]> tuples = new ArrayList<>();
            List<Double> costs = new ArrayList<>();
            int pos = 0;
            long mask = 0;
            double total = 0;
            while (pos < m) {
                State st = memo[pos].get(mask);
                Candidate cand = cands[pos].get(st.choice);
                int[] t = new int[cand.members.length];
                for (int i = 0; i < t.length; i++) {
                    t[i] = units[cand.members[i]];
                }
                tuples.add(t);
                costs.add(cand.cost);
                total += cand.cost;
                long covered = mask | cand.bits;
                int shift = Long.numberOfTrailingZeros(~covered);
                pos += shift;
                mask = shift >= 64 ? 0 : covered >>> shift;
            }
            return new Solution(total, tuples, costs);
        }

        /**
         * The same search for a group of at most {@link #SMALL_GROUP} units, memoised in an array over the set of
         * covered units: most groups of real data are this small, and this avoids the hash maps.
         */
        private Solution small(int[] units, List<Candidate>[] cands) {
            int m = units.length;
            int full = (1 << m) - 1;
            double[] cost = new double[1 << m];
            int[] choice = new int[1 << m];
            for (int covered = full - 1; covered >= 0; covered--) {
                int pos = Integer.numberOfTrailingZeros(~covered);
                double bestCost = Double.POSITIVE_INFINITY;
                int bestChoice = -1;
                List<Candidate> list = cands[pos];
                for (int i = 0; i < list.size(); i++) {
                    Candidate cand = list.get(i);
                    int bits = (int) (cand.bits << pos);
                    if ((bits & covered) != 0) {
                        continue;
                    }
                    int next = covered | bits;
                    double total = cand.cost + (next == full ? 0 : cost[next]);
                    if (total < bestCost - 1e-12 || (total <= bestCost + 1e-12 && bestChoice >= 0
                            && cand.members.length > list.get(bestChoice).members.length)) {
                        bestCost = Math.min(bestCost, total);
                        bestChoice = i;
                    }
                }
                cost[covered] = bestCost;
                choice[covered] = bestChoice;
            }
            List<int[]> tuples = new ArrayList<>();
            List<Double> costs = new ArrayList<>();
            int covered = 0;
            while (covered != full) {
                int pos = Integer.numberOfTrailingZeros(~covered);
                Candidate cand = cands[pos].get(choice[covered]);
                int[] t = new int[cand.members.length];
                for (int i = 0; i < t.length; i++) {
                    t[i] = units[cand.members[i]];
                }
                tuples.add(t);
                costs.add(cand.cost);
                covered |= (int) (cand.bits << pos);
            }
            return new Solution(cost[0], tuples, costs);
        }

        private double best(int pos, long mask, List<Candidate>[] cands, HashMap<Long, State>[] memo, int[] states) {
            if (pos >= cands.length) {
                return 0;
            }
            HashMap<Long, State> at = memo[pos];
            if (at == null) {
                at = new HashMap<>();
                memo[pos] = at;
            }
            State known = at.get(mask);
            if (known != null) {
                return known.cost;
            }
            if (++states[0] > EXACT_STATES) {
                return Double.NaN;
            }
            double bestCost = Double.POSITIVE_INFINITY;
            int choice = -1;
            List<Candidate> list = cands[pos];
            for (int i = 0; i < list.size(); i++) {
                Candidate cand = list.get(i);
                if ((cand.bits & mask) != 0) {
                    continue;
                }
                if (pos + 64 - Long.numberOfLeadingZeros(cand.bits) > cands.length) {
                    continue;
                }
                long covered = mask | cand.bits;
                int shift = Long.numberOfTrailingZeros(~covered);
                double rest = best(pos + shift, shift >= 64 ? 0 : covered >>> shift, cands, memo, states);
                if (Double.isNaN(rest)) {
                    return Double.NaN;
                }
                // Equal disorders: prefer the larger unitary alignment (pygamma's solver ends up there too).
                double total = cand.cost + rest;
                if (total < bestCost - 1e-12 || (total <= bestCost + 1e-12 && choice >= 0
                        && cand.members.length > list.get(choice).members.length)) {
                    bestCost = Math.min(bestCost, total);
                    choice = i;
                }
            }
            at.put(mask, new State(bestCost, choice));
            return bestCost;
        }

        /**
         * pygamma's fast-gamma: repeatedly align a window exactly (its first {@link #WINDOW}·n units by end, plus
         * the units within n·Δ∅ of its rightmost unit) and keep the unitary alignments ending inside the window.
         */
        private double windowed(int[] units) {
            List<Integer> left = new ArrayList<>();
            for (int u : units) {
                left.add(u);
            }
            double total = 0;
            while (!left.isEmpty()) {
                left.sort((x, y) -> Double.compare(c.end[x], c.end[y]));
                int take = Math.min(left.size(), WINDOW * n);
                double limit = c.end[left.get(take - 1)];
                int rightmost = left.get(0);
                for (int t = 0; t < take; t++) {
                    int u = left.get(t);
                    if (c.start[u] > c.start[rightmost]
                            || (c.start[u] == c.start[rightmost] && c.end[u] > c.end[rightmost])) {
                        rightmost = u;
                    }
                }
                List<Integer> window = new ArrayList<>(left.subList(0, take));
                for (int t = take; t < left.size(); t++) {
                    int u = left.get(t);
                    if (dissimilarity(c, rightmost, u, p) <= empty * n) {
                        window.add(u);
                    }
                }
                int[] w = window.stream().mapToInt(Integer::intValue).sorted().toArray();
                Solution s = w.length <= EXACT_UNITS ? exactly(w) : null;
                if (s == null) {
                    s = greedy(w);
                }
                List<Integer> keptIdx = new ArrayList<>();
                for (int i = 0; i < s.tuples.size(); i++) {
                    double maxEnd = Double.NEGATIVE_INFINITY;
                    for (int u : s.tuples.get(i)) {
                        maxEnd = Math.max(maxEnd, c.end[u]);
                    }
                    if (maxEnd <= limit) {
                        keptIdx.add(i);
                    }
                }
                if (keptIdx.isEmpty()) {
                    keptIdx.add(0);
                }
                java.util.Set<Integer> removed = new java.util.HashSet<>();
                for (int i : keptIdx) {
                    total += s.costs.get(i);
                    unitary++;
                    for (int u : s.tuples.get(i)) {
                        removed.add(u);
                    }
                }
                left.removeIf(removed::contains);
            }
            return total;
        }

        /** Last resort for a window too dense to search: cheapest unitary alignment per unit first. */
        private Solution greedy(int[] units) {
            int m = units.length;
            List<int[]> tuples = new ArrayList<>();
            List<Double> costs = new ArrayList<>();
            boolean[] used = new boolean[m];
            double total = 0;
            List<Candidate> all = new ArrayList<>();
            double limit = pairLimit();
            for (int x = 0; x < m; x++) {
                all.add(new Candidate(0, new int[] {x}, pairs * empty));
                for (int y = x + 1; y < m; y++) {
                    if (c.annotator[units[x]] != c.annotator[units[y]]) {
                        double d = dissimilarity(c, units[x], units[y], p);
                        if (d <= limit) {
                            all.add(new Candidate(0, new int[] {x, y}, d + (pairs - 1) * empty));
                        }
                    }
                }
            }
            all.sort((a, b) -> Double.compare(a.cost / a.members.length, b.cost / b.members.length));
            for (Candidate cand : all) {
                boolean free = true;
                for (int x : cand.members) {
                    free &= !used[x];
                }
                if (!free) {
                    continue;
                }
                int[] t = new int[cand.members.length];
                for (int i = 0; i < t.length; i++) {
                    used[cand.members[i]] = true;
                    t[i] = units[cand.members[i]];
                }
                tuples.add(t);
                costs.add(cand.cost);
                total += cand.cost;
            }
            return new Solution(total, tuples, costs);
        }
    }
}
