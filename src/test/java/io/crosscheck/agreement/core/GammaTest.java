package io.crosscheck.agreement.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * γ against the reference implementation, pygamma-agreement 0.5.9: the dissimilarity values and best alignments its
 * own tests assert, its exact (MIP) best-alignment disorders on 66 continua, and γ on its AlexPaulSuzan data.
 */
class GammaTest {

    static final Gamma.Parameters DEFAULT = Gamma.Parameters.DEFAULT;

    /** Units (annotator name, start, end, category name) → a continuum; annotators and categories in sorted order. */
    static Gamma.Continuum continuum(List<String[]> rows) {
        List<String> annotators = rows.stream().map(r -> r[0]).distinct().sorted().toList();
        List<String> categories = rows.stream().map(r -> r[3]).distinct().sorted().toList();
        int n = rows.size();
        double[] s = new double[n];
        double[] e = new double[n];
        int[] c = new int[n];
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            String[] r = rows.get(i);
            a[i] = annotators.indexOf(r[0]);
            s[i] = Double.parseDouble(r[1]);
            e[i] = Double.parseDouble(r[2]);
            c[i] = categories.indexOf(r[3]);
        }
        return Gamma.Continuum.of(annotators.size(), s, e, c, a);
    }

    /** pygamma's CSV: annotator,category,start,end. */
    static Gamma.Continuum csv(String name) throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : lines("/gamma/" + name)) {
            String[] f = line.split(",");
            rows.add(new String[] {f[0], f[2], f[3], f[1]});
        }
        return continuum(rows);
    }

    static List<String> lines(String resource) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                GammaTest.class.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
            return r.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        }
    }

    static Gamma.Parameters weights(double alpha, double beta, double deltaEmpty) {
        return Gamma.Parameters.of(alpha, beta, deltaEmpty, 30, 1, null);
    }

    @Nested
    class Dissimilarity {

        /** pygamma tests/test_dissimilarity.py test_positional_dissimilarity (Δ∅ = 0.5), liza × pierrot in order. */
        @Test
        void positionalDissimilarityOfEveryPairAsPygamma() {
            double[][] liza = {{1, 5}, {6, 8}, {7, 20}, {12, 18}};
            double[][] pierrot = {{2, 6}, {7, 8}, {7, 19}, {8, 10}, {12, 18}};
            double[] expected = {0.03125, 1.62, 0.78125, 2.0, 2.88, 0.5, 0.05555555555555555,
                    0.36734693877551017, 0.5, 2.0, 0.6245674740484429, 0.36734693877551017, 0.0008,
                    0.26888888888888884, 0.06786703601108032, 2.4200000000000004, 2.2959183673469385,
                    0.05555555555555555, 1.125, 0.0};
            Gamma.Parameters positional = Gamma.Parameters.of(1, 0, 0.5, 1, 1, null);
            int k = 0;
            for (double[] l : liza) {
                for (double[] p : pierrot) {
                    Gamma.Continuum c = Gamma.Continuum.of(2, new double[] {l[0], p[0]}, new double[] {l[1], p[1]},
                            new int[] {0, 0}, new int[] {0, 1});
                    int u = c.annotator[0] == 0 ? 0 : 1;
                    assertEquals(expected[k++], Gamma.dissimilarity(c, u, 1 - u, positional), 1e-9);
                }
            }
        }

        /** pygamma test_positional_dissimilarity_figure10 (Mathet et al. 2015, figure 10), to 10% as there. */
        @Test
        void mathetFigure10() {
            double[][][] pairs = {{{4, 14}, {40, 44}}, {{4, 14}, {4, 14}}, {{4, 14}, {20, 25}}, {{4, 14}, {14, 24}},
                    {{20, 30}, {20, 25}}, {{20, 25}, {14, 24}}};
            double[] expected = {22.2, 0, 3.2, 1, 0.11, 0.22};
            Gamma.Parameters positional = Gamma.Parameters.of(1, 0, 1, 1, 1, null);
            for (int i = 0; i < pairs.length; i++) {
                Gamma.Continuum c = Gamma.Continuum.of(2, new double[] {pairs[i][0][0], pairs[i][1][0]},
                        new double[] {pairs[i][0][1], pairs[i][1][1]}, new int[] {0, 1}, new int[] {0, 1});
                assertEquals(expected[i], Gamma.dissimilarity(c, 0, 1, positional), 0.1 * expected[i] + 1e-9);
            }
        }

        /** pygamma test_positional_dissimilarity_figure20_scale_effect: d_pos does not depend on scale. */
        @Test
        void positionalDissimilarityIsScaleFree() {
            Gamma.Parameters positional = Gamma.Parameters.of(1, 0, 1, 1, 1, null);
            Gamma.Continuum a = Gamma.Continuum.of(2, new double[] {0, 0}, new double[] {7, 10}, new int[] {0, 1},
                    new int[] {0, 1});
            Gamma.Continuum b = Gamma.Continuum.of(2, new double[] {0, 0}, new double[] {21, 30}, new int[] {0, 1},
                    new int[] {0, 1});
            assertEquals(Gamma.dissimilarity(a, 0, 1, positional), Gamma.dissimilarity(b, 0, 1, positional), 1e-12);
        }
    }

    @Nested
    class BestAlignment {

        /**
         * pygamma tests/test_alignement.py test_best_alignment: three annotators, Δ∅ = 0.5, α = 3 and a category
         * distance matrix; best disorder 0.43478875578596043 (to 0.1%, as there).
         */
        @Test
        void pygammaBestAlignmentWithACategoryMatrix() {
            List<String[]> rows = new ArrayList<>();
            String[][] liza = {{"1", "5", "Carol"}, {"6", "8", "Bob"}, {"12", "18", "Carol"}, {"7", "20", "Alice"}};
            String[][] pierrot = {{"2", "6", "Carol"}, {"7", "8", "Bob"}, {"12", "18", "Alice"}, {"8", "10", "Alice"},
                    {"7", "19", "Jeremy"}};
            String[][] hadrien = {{"1", "6", "Carol"}, {"8", "10", "Alice"}, {"7", "19", "Jeremy"},
                    {"19", "20", "Alice"}};
            for (String[] u : liza) {
                rows.add(new String[] {"liza", u[0], u[1], u[2]});
            }
            for (String[] u : pierrot) {
                rows.add(new String[] {"pierrot", u[0], u[1], u[2]});
            }
            for (String[] u : hadrien) {
                rows.add(new String[] {"hadrien", u[0], u[1], u[2]});
            }
            // pygamma's matrix is over SortedSet(['Carol', 'Bob', 'Alice', 'Jeremy']) = Alice, Bob, Carol, Jeremy.
            double[][] matrix = {{0, 0.5, 0.3, 0.7}, {0.5, 0., 0.6, 0.4}, {0.3, 0.6, 0., 0.7}, {0.7, 0.4, 0.7, 0.}};
            Gamma.Parameters p = Gamma.Parameters.of(3, 1, 0.5, 1, 1, matrix);
            Gamma.Alignment best = Gamma.bestAlignment(continuum(rows), p);
            assertEquals(0.43478875578596043, best.disorder(), 0.001 * 0.43478875578596043);
            assertTrue(best.exact());
        }

        /** The 66 exact best-alignment disorders of pygamma published with DKPro Agreement's fixtures. */
        @Test
        void matchesPygammasExactSolverOn66Continua() throws IOException {
            Map<String, Object[]> cases = new LinkedHashMap<>();
            String name = null;
            List<String[]> units = null;
            double[] params = null;
            for (String line : lines("/gamma/pygamma-best-alignments.txt")) {
                String[] f = line.split(" ");
                switch (f[0]) {
                    case "continuum" -> {
                        name = f[1];
                        units = new ArrayList<>();
                        params = new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                                Double.parseDouble(f[4])};
                    }
                    case "unit" -> units.add(new String[] {f[1], f[2], f[3], f[4]});
                    case "disorder" -> cases.put(name, new Object[] {units, params, Double.parseDouble(f[1])});
                    default -> throw new IllegalStateException(line);
                }
            }
            assertEquals(66, cases.size());
            for (Map.Entry<String, Object[]> e : cases.entrySet()) {
                @SuppressWarnings("unchecked")
                List<String[]> u = (List<String[]>) e.getValue()[0];
                double[] w = (double[]) e.getValue()[1];
                double expected = (Double) e.getValue()[2];
                Gamma.Alignment best = Gamma.bestAlignment(continuum(u), weights(w[0], w[1], w[2]));
                assertEquals(expected, best.disorder(), 2e-5 * Math.max(1, expected), e.getKey());
                assertTrue(best.exact(), e.getKey());
            }
        }

        /** pygamma test_gammas.py: 3by100 has 127 unitary alignments in its best alignment (α = 3, β = 1). */
        @Test
        void threeBy100HasPygammasNumberOfUnitaryAlignments() throws IOException {
            Gamma.Alignment best = Gamma.bestAlignment(csv("3by100.csv"), weights(3, 1, 1));
            assertEquals(127, best.unitaryAlignments());
            assertTrue(best.exact());
        }

        /** pygamma test_gammas.py: 2by1000 has 1085 unitary alignments (α = 3, β = 1). */
        @Test
        void twoBy1000HasPygammasNumberOfUnitaryAlignments() throws IOException {
            Gamma.Alignment best = Gamma.bestAlignment(csv("2by1000.csv"), weights(3, 1, 1));
            assertEquals(1085, best.unitaryAlignments());
        }

        /** pygamma test_edge_case.py: two annotators, one unit: the unit is aligned with nothing, γ ≤ 0. */
        @Test
        void oneUnitAlignsWithTheEmptyUnit() {
            Gamma.Continuum c = Gamma.Continuum.of(2, new double[] {0}, new double[] {10}, new int[] {0},
                    new int[] {0});
            Gamma.Alignment best = Gamma.bestAlignment(c, DEFAULT);
            assertEquals(1, best.unitaryAlignments());
            assertEquals(2.0, best.disorder(), 1e-12); // Δ∅ over 0.5 units per annotator
            assertTrue(Gamma.compute(List.of(c), DEFAULT).gamma() <= 0);
        }

        /**
         * The windowed approximation (used for groups too large to search exactly) is never below the optimum and, as
         * pygamma's documentation reports for fast-gamma on real data, finds it on pygamma's 3by100 continuum.
         */
        @Test
        void windowedApproximationFindsTheOptimumOn3by100() throws IOException {
            Gamma.Continuum c = csv("3by100.csv");
            double exact = Gamma.bestAlignment(c, weights(3, 1, 1)).disorder();
            double windowed = Gamma.windowedAlignment(c, weights(3, 1, 1)).disorder();
            assertTrue(windowed >= exact - 1e-9);
            assertEquals(exact, windowed, 1e-9);
        }

        /** The exact search against a literal enumeration of every partition into unitary alignments. */
        @Test
        void exactSearchEqualsBruteForceOnRandomContinua() {
            SplittableRandom rnd = new SplittableRandom(2015);
            for (int t = 0; t < 40; t++) {
                int n = 2 + rnd.nextInt(2);
                int units = 5 + rnd.nextInt(7);
                double[] s = new double[units];
                double[] e = new double[units];
                int[] c = new int[units];
                int[] a = new int[units];
                for (int u = 0; u < units; u++) {
                    s[u] = rnd.nextInt(60);
                    e[u] = s[u] + 1 + rnd.nextInt(15);
                    c[u] = rnd.nextInt(2);
                    a[u] = rnd.nextInt(n);
                }
                Gamma.Continuum cont = Gamma.Continuum.of(n, s, e, c, a);
                double exact = Gamma.bestAlignment(cont, DEFAULT).disorder();
                double brute = BruteForce.bestDisorder(cont, DEFAULT);
                assertEquals(brute, exact, 1e-9, "data set " + t);
                assertTrue(Gamma.windowedAlignment(cont, DEFAULT).disorder() >= exact - 1e-9);
            }
        }
    }

    @Nested
    class GammaValue {

        /**
         * pygamma test_gammas.py test_gamma_alexpaulsuzan: α = 3, β = 1, the shuffle sampler: 6 unitary alignments,
         * best disorder ≈ 0.96 (to 1%), 0.44 ≤ γ ≤ 0.47. Our shuffles are seeded differently, so γ is checked with
         * enough samples (300) for the estimate to sit inside pygamma's bracket.
         */
        @Test
        void alexPaulSuzanAsPygamma() throws IOException {
            Gamma.Continuum c = csv("AlexPaulSuzan.csv");
            Gamma.Parameters p = Gamma.Parameters.of(3, 1, 1, 300, 4772, null);
            Gamma.Alignment best = Gamma.bestAlignment(c, p);
            assertEquals(6, best.unitaryAlignments());
            assertEquals(0.96, best.disorder(), 0.0096);
            double gamma = Gamma.compute(List.of(c), p).gamma();
            assertTrue(gamma >= 0.44 && gamma <= 0.47, "γ = " + gamma);
        }

        @Test
        void sameSeedSameGammaOtherSeedCloseBy() throws IOException {
            Gamma.Continuum c = csv("AlexPaulSuzan.csv");
            Gamma.Result one = Gamma.compute(List.of(c), DEFAULT);
            assertEquals(one.gamma(), Gamma.compute(List.of(c), DEFAULT).gamma());
            assertEquals(30, one.samples());
            assertFalse(Double.isNaN(one.gamma()));
        }

        @Test
        void identicalAnnotationsGiveOne() {
            Gamma.Continuum c = Gamma.Continuum.of(2, 0, 100, new double[] {3, 3, 40, 40},
                    new double[] {9, 9, 55, 55}, new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1});
            assertEquals(1.0, Gamma.compute(List.of(c), DEFAULT).gamma(), 1e-12);
        }

        @Test
        void noUnitOrOneAnnotatorIsUndefined() {
            Gamma.Continuum empty = Gamma.Continuum.of(2, 0, 100, new double[0], new double[0], new int[0],
                    new int[0]);
            assertTrue(Double.isNaN(Gamma.compute(List.of(empty), DEFAULT).gamma()));
            assertTrue(Double.isNaN(Gamma.compute(List.of(), DEFAULT).gamma()));
        }

        /** Documents are pooled: two copies of one document give that document's observed disorder. */
        @Test
        void documentsArePooled() throws IOException {
            Gamma.Continuum c = csv("AlexPaulSuzan.csv");
            Gamma.Result one = Gamma.compute(List.of(c), DEFAULT);
            Gamma.Result two = Gamma.compute(List.of(c, c), DEFAULT);
            assertEquals(one.observedDisorder(), two.observedDisorder(), 1e-12);
        }

        /** Above sampledDocuments, each sample shuffles that many documents; the estimate stays close. */
        @Test
        void manyDocumentsAreSubsampledForTheExpectedDisorder() throws IOException {
            Gamma.Continuum c = csv("AlexPaulSuzan.csv");
            List<Gamma.Continuum> ten = java.util.Collections.nCopies(10, c);
            Gamma.Parameters all = Gamma.Parameters.of(3, 1, 1, 60, 9, null);
            Gamma.Parameters three = new Gamma.Parameters(3, 1, 1, 60, 9, null, 3);
            Gamma.Documents sampled = Gamma.documents(ten, three);
            for (double[] sample : sampled.expectedPerAnnotator()) {
                assertEquals(3, java.util.Arrays.stream(sample).filter(v -> v > 0).count());
            }
            assertEquals(Gamma.compute(ten, all).gamma(), sampled.result().gamma(), 0.05);
            assertEquals(Gamma.compute(ten, all).observedDisorder(), sampled.result().observedDisorder(), 1e-12);
        }

        /** Spans become one continuum per item over the annotators who did it. */
        @Test
        void spansGiveOneContinuumPerItem() {
            Spans.Builder b = Spans.builder(3, 2);
            int i0 = b.item(50);
            int i1 = b.item(30);
            b.done(i0, 0).done(i0, 1).done(i1, 1).done(i1, 2);
            b.span(i0, 2, 9, 0, 0).span(i0, 2, 9, 0, 1).span(i1, 5, 12, 1, 1).span(i1, 5, 12, 1, 2);
            List<Gamma.Continuum> docs = Gamma.continua(b.build());
            assertEquals(2, docs.size());
            assertEquals(2, docs.get(0).annotators());
            assertEquals(1.0, Gamma.compute(b.build(), DEFAULT).gamma(), 1e-12);
        }
    }

    /** Literal search over every partition into unitary alignments (tiny inputs only). */
    static final class BruteForce {
        static double bestDisorder(Gamma.Continuum c, Gamma.Parameters p) {
            int m = c.units();
            double pairs = c.annotators * (c.annotators - 1) / 2.0;
            double best = search(c, p, new boolean[m], pairs);
            return best / pairs / ((double) m / c.annotators);
        }

        private static double search(Gamma.Continuum c, Gamma.Parameters p, boolean[] used, double pairs) {
            int first = -1;
            for (int u = 0; u < used.length; u++) {
                if (!used[u]) {
                    first = u;
                    break;
                }
            }
            if (first < 0) {
                return 0;
            }
            used[first] = true;
            double best = tuples(c, p, used, pairs, new ArrayList<>(List.of(first)), 0);
            used[first] = false;
            return best;
        }

        private static double tuples(Gamma.Continuum c, Gamma.Parameters p, boolean[] used, double pairs,
                List<Integer> tuple, int from) {
            int k = tuple.size();
            double real = 0;
            for (int x = 0; x < k; x++) {
                for (int y = x + 1; y < k; y++) {
                    real += Gamma.dissimilarity(c, tuple.get(x), tuple.get(y), p);
                }
            }
            double cost = real + (pairs - k * (k - 1) / 2.0) * p.deltaEmpty();
            double best = cost + search(c, p, used, pairs);
            for (int v = from; v < used.length; v++) {
                if (used[v]) {
                    continue;
                }
                boolean distinct = true;
                for (int u : tuple) {
                    distinct &= c.annotator[u] != c.annotator[v];
                }
                if (!distinct) {
                    continue;
                }
                used[v] = true;
                tuple.add(v);
                best = Math.min(best, tuples(c, p, used, pairs, tuple, v + 1));
                tuple.remove(tuple.size() - 1);
                used[v] = false;
            }
            return best;
        }
    }
}
