package io.crosscheck.agreement.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The sweeps against literal quadratic transcriptions of the definitions, on random data DKPro cannot take:
 * annotators who did different subsets of the items, overlapping and duplicate spans.
 */
class ReferenceImplementationTest {

    record Span(int item, int start, int end, int label, int annotator) {
    }

    record Data(int[] lengths, boolean[][] did, List<Span> spans, int annotators, int labels) {
        Spans toSpans() {
            Spans.Builder b = Spans.builder(annotators, labels);
            for (int len : lengths) {
                b.item(len);
            }
            for (int i = 0; i < lengths.length; i++) {
                for (int a = 0; a < annotators; a++) {
                    if (did[i][a]) {
                        b.done(i, a);
                    }
                }
            }
            for (Span s : spans) {
                b.span(s.item, s.start, s.end, s.label, s.annotator);
            }
            return b.build();
        }
    }

    /** Random coverage; spans of one annotator and label never overlap unless overlapping is allowed. */
    static Data random(SplittableRandom rnd, boolean allowOverlap) {
        int annotators = 2 + rnd.nextInt(3);
        int labels = 1 + rnd.nextInt(3);
        int items = 1 + rnd.nextInt(5);
        int[] lengths = new int[items];
        boolean[][] did = new boolean[items][annotators];
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            lengths[i] = 10 + rnd.nextInt(120);
            for (int a = 0; a < annotators; a++) {
                did[i][a] = rnd.nextInt(4) != 0;
                if (!did[i][a]) {
                    continue;
                }
                for (int c = 0; c < labels; c++) {
                    int pos = rnd.nextInt(8);
                    while (true) {
                        int s = pos + rnd.nextInt(12);
                        int e = s + 1 + rnd.nextInt(20);
                        if (e > lengths[i]) {
                            break;
                        }
                        spans.add(new Span(i, s, e, c, a));
                        pos = allowOverlap && rnd.nextBoolean() ? s + rnd.nextInt(e - s) : e + 1 + rnd.nextInt(6);
                    }
                }
            }
        }
        return new Data(lengths, did, spans, annotators, labels);
    }

    static double bruteAlphaU(Data d) {
        int r = d.annotators;
        boolean[] kept = new boolean[d.lengths.length];
        double l = 0;
        double pairs = 0;
        double values = 0;
        for (int i = 0; i < d.lengths.length; i++) {
            int ri = 0;
            for (int a = 0; a < r; a++) {
                ri += d.did[i][a] ? 1 : 0;
            }
            kept[i] = ri >= 2;
            if (kept[i]) {
                l += d.lengths[i];
                pairs += (double) ri * (ri - 1) * d.lengths[i];
                values += (double) ri * d.lengths[i];
            }
        }
        double sumO = 0;
        double sumE = 0;
        for (int c = 0; c < d.labels; c++) {
            List<Span> units = new ArrayList<>();
            for (Span s : d.spans) {
                if (s.label == c && kept[s.item]) {
                    units.add(s);
                }
            }
            double observed = 0;
            for (int a = 0; a < r; a++) {
                for (int b = a + 1; b < r; b++) {
                    for (Span u : units) {
                        if (u.annotator != a || !d.did[u.item][b]) {
                            continue;
                        }
                        boolean overlapped = false;
                        for (Span v : units) {
                            if (v.annotator == b && v.item == u.item && u.start < v.end && v.start < u.end) {
                                observed += sq(u.start - v.start) + sq(u.end - v.end);
                                overlapped = true;
                            }
                        }
                        if (!overlapped) {
                            observed += sq(u.end - u.start);
                        }
                    }
                    for (Span v : units) {
                        if (v.annotator != b || !d.did[v.item][a]) {
                            continue;
                        }
                        boolean overlapped = false;
                        for (Span u : units) {
                            overlapped |= u.annotator == a && u.item == v.item && u.start < v.end && v.start < u.end;
                        }
                        if (!overlapped) {
                            observed += sq(v.end - v.start);
                        }
                    }
                }
            }
            List<Long> gaps = new ArrayList<>();
            double squared = 0;
            for (Span u : units) {
                squared += (double) (u.end - u.start) * (u.end - u.start - 1);
            }
            for (int a = 0; a < r; a++) {
                boolean[] covered = new boolean[(int) l];
                int local = 0;
                int total = 0;
                for (int i = 0; i < d.lengths.length; i++) {
                    if (kept[i] && d.did[i][a]) {
                        for (Span u : units) {
                            if (u.annotator == a && u.item == i) {
                                for (int p = u.start; p < u.end; p++) {
                                    covered[local + p] = true;
                                }
                            }
                        }
                        local += d.lengths[i];
                    }
                }
                total = local;
                int run = 0;
                for (int p = 0; p < total; p++) {
                    if (covered[p]) {
                        if (run > 0) {
                            gaps.add((long) run);
                        }
                        run = 0;
                    } else {
                        run++;
                    }
                }
                if (run > 0) {
                    gaps.add((long) run);
                }
            }
            double e = 0;
            int nc = units.size();
            for (Span u : units) {
                long len = u.end - u.start;
                double fits = 0;
                for (long g : gaps) {
                    fits += Math.max(0, g - len + 1);
                }
                e += (nc - 1.0) * len * (len - 1) * (2 * len - 1) / 3.0 + (double) len * len * fits;
            }
            sumO += 2 * observed / (pairs * l);
            sumE += nc == 0 ? 0 : e * (2 / l) / (values * (values - 1) - squared);
        }
        return sumE == 0 ? Double.NaN : 1 - sumO / sumE;
    }

    static double sq(double x) {
        return x * x;
    }

    @Test
    void unitizingAlphaSweepMatchesTheLiteralDefinitionWithPartialCoverage() {
        SplittableRandom rnd = new SplittableRandom(2004);
        int compared = 0;
        for (int n = 0; n < 300; n++) {
            Data d = random(rnd, false);
            double expected = bruteAlphaU(d);
            double actual = UnitizingAlpha.compute(d.toSpans()).alpha();
            if (Double.isNaN(expected)) {
                assertTrue(Double.isNaN(actual), "#" + n);
            } else {
                assertEquals(expected, actual, 1e-9, "#" + n);
                compared++;
            }
        }
        assertTrue(compared > 200, "compared " + compared);
    }

    @Test
    void spanF1MatchesPairwiseEnumerationWithPartialCoverageAndOverlaps() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int n = 0; n < 300; n++) {
            Data d = random(rnd, true);
            SpanF1.Result result = SpanF1.compute(d.toSpans());
            int p = 0;
            double sumExact = 0;
            double sumOverlap = 0;
            int defExact = 0;
            int defOverlap = 0;
            for (int a = 0; a < d.annotators; a++) {
                for (int b = a + 1; b < d.annotators; b++) {
                    Set<Span> sa = new HashSet<>();
                    Set<Span> sb = new HashSet<>();
                    for (Span s : d.spans) {
                        if (s.annotator == a && d.did[s.item][b]) {
                            sa.add(new Span(s.item, s.start, s.end, s.label, 0));
                        }
                        if (s.annotator == b && d.did[s.item][a]) {
                            sb.add(new Span(s.item, s.start, s.end, s.label, 0));
                        }
                    }
                    Set<Span> both = new HashSet<>(sa);
                    both.retainAll(sb);
                    long ma = sa.stream().filter(x -> sb.stream().anyMatch(y -> overlap(x, y))).count();
                    long mb = sb.stream().filter(y -> sa.stream().anyMatch(x -> overlap(x, y))).count();
                    SpanF1.Pair pair = result.pairs().get(p++);
                    assertEquals(sa.size(), pair.spansA());
                    assertEquals(sb.size(), pair.spansB());
                    assertEquals(both.size(), pair.exactMatches());
                    assertEquals(ma, pair.matchedA());
                    assertEquals(mb, pair.matchedB());
                    if (sa.size() + sb.size() > 0) {
                        sumExact += 2.0 * both.size() / (sa.size() + sb.size());
                        defExact++;
                        double prec = sb.isEmpty() ? 0 : (double) mb / sb.size();
                        double rec = sa.isEmpty() ? 0 : (double) ma / sa.size();
                        sumOverlap += prec + rec == 0 ? 0 : 2 * prec * rec / (prec + rec);
                        defOverlap++;
                    }
                }
            }
            assertEquals(defExact == 0 ? Double.NaN : sumExact / defExact, result.exactF1(), 1e-12, "#" + n);
            assertEquals(defOverlap == 0 ? Double.NaN : sumOverlap / defOverlap, result.overlapF1(), 1e-12, "#" + n);
        }
    }

    static boolean overlap(Span x, Span y) {
        return x.item == y.item && x.label == y.label && x.start < y.end && y.start < x.end;
    }
}
