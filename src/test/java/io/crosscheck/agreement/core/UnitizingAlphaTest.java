package io.crosscheck.agreement.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class UnitizingAlphaTest {

    static final int C = 0;
    static final int K = 1;

    /** Krippendorff (2004, p. 254): continuum 150..450, two observers, categories c and k (offsets − 150). */
    static Spans krippendorff2004() {
        Spans.Builder b = Spans.builder(2, 2);
        int item = b.item(300);
        b.span(item, 75, 145, C, 0).span(item, 220, 250, C, 0);
        b.span(item, 70, 150, C, 1).span(item, 205, 225, C, 1).span(item, 250, 270, C, 1);
        b.span(item, 30, 90, K, 0).span(item, 150, 200, K, 0);
        b.span(item, 30, 90, K, 1).span(item, 150, 200, K, 1);
        return b.allDone().build();
    }

    /** Krippendorff (1995, p. 57) as encoded in DKPro's tests: four pairs of coders A–D on 24 positions. */
    static Spans krippendorff1995(int stretch) {
        int[][] units = { // offset, length, coder, category
                {2, 8, 0, 0}, {14, 6, 0, 0}, {4, 4, 1, 0}, {15, 2, 1, 0},
                {0, 18, 0, 1}, {0, 2, 1, 1}, {2, 1, 1, 1}, {3, 1, 1, 1}, {4, 1, 1, 1}, {5, 1, 1, 1}, {6, 3, 1, 1},
                {9, 1, 1, 1},
                {2, 6, 0, 2}, {10, 2, 0, 2}, {14, 4, 0, 2}, {20, 2, 0, 2}, {0, 2, 1, 2}, {4, 4, 1, 2}, {10, 4, 1, 2},
                {16, 2, 1, 2}, {20, 2, 1, 2},
                {0, 2, 0, 3}, {2, 8, 0, 3}, {10, 4, 0, 3}, {14, 6, 0, 3}, {20, 4, 0, 3}, {0, 4, 1, 3}, {4, 4, 1, 3},
                {8, 7, 1, 3}, {15, 2, 1, 3}, {17, 7, 1, 3},
        };
        Spans.Builder b = Spans.builder(2, 4);
        int item = b.item(24 * stretch);
        for (int[] u : units) {
            b.span(item, u[0] * stretch, (u[0] + u[1]) * stretch, u[3], u[2]);
        }
        return b.allDone().build();
    }

    @Nested
    class PublishedExamples {

        @Test
        void krippendorff2004AlphaIs08591() {
            assertEquals(0.8591, UnitizingAlpha.compute(krippendorff2004()).alpha(), 0.0005);
        }

        @Test
        void krippendorff2004CategoryCHasObserved00144Expected00532Alpha07286() {
            UnitizingAlpha.Result r = UnitizingAlpha.compute(krippendorff2004());
            assertEquals(0.0144, r.observedByLabel()[C], 0.0001);
            assertEquals(0.0532, r.expectedByLabel()[C], 0.0001);
            assertEquals(0.7286, r.alphaByLabel()[C], 0.0001);
        }

        @Test
        void krippendorff2004CategoryKAgreesPerfectly() {
            UnitizingAlpha.Result r = UnitizingAlpha.compute(krippendorff2004());
            assertEquals(0.0, r.observedByLabel()[K], 0.0);
            assertEquals(0.0490, r.expectedByLabel()[K], 0.0001);
            assertEquals(1.0, r.alphaByLabel()[K], 1e-12);
        }

        @Test
        void krippendorff1995ObservedDisagreementPerCategory() {
            UnitizingAlpha.Result r = UnitizingAlpha.compute(krippendorff1995(1));
            assertEquals(0.03125, r.observedByLabel()[0], 0.00001);
            assertEquals(2.26736, r.observedByLabel()[1], 0.00001);
            assertEquals(0.02777, r.observedByLabel()[2], 0.00001);
            assertEquals(0.38715, r.observedByLabel()[3], 0.00001);
        }

        @Test
        void krippendorff1995StretchedTowardsAContinuumGivesThePapersAlphas() {
            UnitizingAlpha.Result r = UnitizingAlpha.compute(krippendorff1995(50_000));
            assertEquals(0.06990, r.expectedByLabel()[0], 0.005);
            assertEquals(1.17731, r.expectedByLabel()[1], 0.005);
            assertEquals(0.08642, r.expectedByLabel()[2], 0.005);
            assertEquals(0.41445, r.expectedByLabel()[3], 0.005);
            assertEquals(0.553, r.alphaByLabel()[0], 0.02);
            assertEquals(-0.926, r.alphaByLabel()[1], 0.02);
            assertEquals(0.679, r.alphaByLabel()[2], 0.02);
            assertEquals(0.066, r.alphaByLabel()[3], 0.02);
        }
    }

    @Nested
    class EdgeCases {

        @Test
        void identicalSpansAreAlphaOne() {
            Spans.Builder b = Spans.builder(3, 1);
            int i = b.item(100);
            for (int a = 0; a < 3; a++) {
                b.span(i, 10, 20, 0, a).span(i, 50, 70, 0, a);
            }
            assertEquals(1.0, UnitizingAlpha.compute(b.allDone().build()).alpha(), 1e-12);
        }

        @Test
        void noSpansAtAllIsUndefined() {
            Spans.Builder b = Spans.builder(2, 2);
            b.item(100);
            UnitizingAlpha.Result r = UnitizingAlpha.compute(b.allDone().build());
            assertNull(Undefined.orNull(r.alpha()));
            assertTrue(Double.isNaN(r.alphaByLabel()[0]));
        }

        @Test
        void singleAnnotatorIsUndefined() {
            Spans.Builder b = Spans.builder(1, 1);
            int i = b.item(100);
            b.span(i, 0, 10, 0, 0);
            assertTrue(Double.isNaN(UnitizingAlpha.compute(b.allDone().build()).alpha()));
        }

        @Test
        void unusedLabelIsUndefinedButLeavesTheOverallFigure() {
            Spans.Builder b = Spans.builder(2, 3);
            int i = b.item(100);
            b.span(i, 0, 10, 0, 0).span(i, 2, 10, 0, 1).span(i, 40, 60, 1, 0).span(i, 40, 60, 1, 1);
            UnitizingAlpha.Result r = UnitizingAlpha.compute(b.allDone().build());
            assertTrue(Double.isNaN(r.alphaByLabel()[2]));
            assertEquals(0, r.expectedByLabel()[2], 0);
            assertTrue(r.alpha() > 0 && r.alpha() < 1);
        }

        @Test
        void annotatorWithoutSpansStillCounts() {
            Spans.Builder two = Spans.builder(2, 1);
            Spans.Builder three = Spans.builder(3, 1);
            for (Spans.Builder b : new Spans.Builder[] {two, three}) {
                int i = b.item(200);
                b.span(i, 10, 50, 0, 0).span(i, 12, 50, 0, 1).span(i, 100, 120, 0, 0).span(i, 100, 125, 0, 1);
                b.allDone();
            }
            double withTwo = UnitizingAlpha.compute(two.build()).alpha();
            double withThree = UnitizingAlpha.compute(three.build()).alpha();
            assertNotEquals(withTwo, withThree, 1e-3);
            assertTrue(withThree < withTwo);
        }

        @Test
        void overlappingSpansOfOneAnnotatorAndLabelAreMergedAndDuplicatesCountOnce() {
            Spans.Builder raw = Spans.builder(2, 1);
            int i = raw.item(100);
            raw.span(i, 10, 30, 0, 0).span(i, 20, 40, 0, 0).span(i, 60, 70, 0, 0).span(i, 60, 70, 0, 0);
            raw.span(i, 12, 40, 0, 1).span(i, 65, 70, 0, 1);
            Spans.Builder union = Spans.builder(2, 1);
            i = union.item(100);
            union.span(i, 10, 40, 0, 0).span(i, 60, 70, 0, 0).span(i, 12, 40, 0, 1).span(i, 65, 70, 0, 1);
            assertEquals(UnitizingAlpha.compute(union.allDone().build()).alpha(),
                    UnitizingAlpha.compute(raw.allDone().build()).alpha(), 1e-15);
        }

        @Test
        void spansAreClampedToTheirItemAndEmptyOnesDropped() {
            Spans.Builder b = Spans.builder(2, 1);
            int i = b.item(10);
            b.span(i, 5, 99, 0, 0).span(i, 5, 10, 0, 1).span(i, 3, 3, 0, 1);
            Spans s = b.allDone().build();
            assertEquals(2, s.size());
            assertEquals(1.0, UnitizingAlpha.compute(s).alpha(), 1e-12);
        }
    }

    @Nested
    class AnnotatorsOnDifferentItems {

        static Spans.Builder twoDocs(int annotators) {
            Spans.Builder b = Spans.builder(annotators, 2);
            b.item(120);
            b.item(80);
            return b;
        }

        static void fill(Spans.Builder b, boolean thirdDidSecond) {
            b.span(0, 10, 30, 0, 0).span(0, 12, 30, 0, 1).span(0, 12, 28, 0, 2);
            b.span(0, 60, 90, 1, 0).span(0, 60, 95, 1, 1);
            b.span(1, 0, 20, 1, 0).span(1, 5, 20, 1, 1);
            b.span(1, 40, 50, 0, 1);
            for (int a = 0; a < 3; a++) {
                b.done(0, a);
            }
            b.done(1, 0).done(1, 1);
            if (thirdDidSecond) {
                b.done(1, 2);
            }
        }

        @Test
        void explicitFullCoverageEqualsTheStandardFigure() {
            Spans.Builder b = twoDocs(3);
            fill(b, true);
            Spans s = b.build();
            assertTrue(s.complete());
            Spans.Builder all = twoDocs(3);
            fill(all, true);
            all.allDone();
            assertEquals(UnitizingAlpha.compute(all.build()).alpha(), UnitizingAlpha.compute(s).alpha(), 0);
        }

        @Test
        void missingWorkIsNotCountedAsAnEmptyAnnotation() {
            Spans.Builder partial = twoDocs(3);
            fill(partial, false);
            Spans.Builder emptyInstead = twoDocs(3);
            fill(emptyInstead, true);
            double partialAlpha = UnitizingAlpha.compute(partial.build()).alpha();
            double emptyAlpha = UnitizingAlpha.compute(emptyInstead.build()).alpha();
            assertTrue(partialAlpha > emptyAlpha, partialAlpha + " vs " + emptyAlpha);
        }

        @Test
        void anItemOnlyOneAnnotatorDidIsLeftOutLikeAnUnpairableUnit() {
            Spans.Builder withSolo = Spans.builder(2, 1);
            withSolo.item(100);
            withSolo.item(50);
            withSolo.span(0, 10, 20, 0, 0).span(0, 12, 20, 0, 1).span(0, 40, 45, 0, 0);
            withSolo.span(1, 0, 30, 0, 0).done(0, 0).done(0, 1);
            Spans.Builder without = Spans.builder(2, 1);
            without.item(100);
            without.span(0, 10, 20, 0, 0).span(0, 12, 20, 0, 1).span(0, 40, 45, 0, 0).allDone();
            assertEquals(UnitizingAlpha.compute(without.build()).alpha(),
                    UnitizingAlpha.compute(withSolo.build()).alpha(), 1e-15);
        }

        @Test
        void pairsAreComparedOnlyOnItemsBothDid() {
            // Annotator 2 skipped item 1; on item 0 everyone agrees, on item 1 annotators 0 and 1 agree.
            Spans.Builder b = twoDocs(3);
            for (int a = 0; a < 3; a++) {
                b.span(0, 10, 30, 0, a).done(0, a);
            }
            b.span(1, 5, 25, 1, 0).span(1, 5, 25, 1, 1).done(1, 0).done(1, 1);
            UnitizingAlpha.Result r = UnitizingAlpha.compute(b.build());
            assertEquals(1.0, r.alpha(), 1e-12);
            assertEquals(0.0, r.observedByLabel()[1], 0);
        }
    }
}
