package io.crosscheck.agreement.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpanF1Test {

    static final int X = 0;
    static final int Y = 1;

    @Test
    void handWorkedPairExactTwoSeventhsOverlapFourSevenths() {
        Spans.Builder b = Spans.builder(2, 2);
        int i = b.item(100);
        b.span(i, 0, 5, X, 0).span(i, 10, 15, X, 0).span(i, 20, 25, Y, 0);
        b.span(i, 0, 5, X, 1).span(i, 12, 18, X, 1).span(i, 15, 20, Y, 1).span(i, 30, 35, X, 1);
        SpanF1.Result r = SpanF1.compute(b.allDone().build());
        SpanF1.Pair p = r.pairs().get(0);
        assertEquals(1, p.exactMatches());
        assertEquals(2, p.matchedA());
        assertEquals(2, p.matchedB());
        assertEquals(2.0 / 7, r.exactF1(), 1e-12);
        // P = 2/4, R = 2/3: F1 = 2PR/(P+R) = 4/7; [15,20) only touches [20,25), which is no overlap.
        assertEquals(4.0 / 7, r.overlapF1(), 1e-12);
    }

    @Test
    void overlapNeedsTheSameLabel() {
        Spans.Builder b = Spans.builder(2, 2);
        int i = b.item(50);
        b.span(i, 0, 10, X, 0).span(i, 0, 10, Y, 1);
        SpanF1.Result r = SpanF1.compute(b.allDone().build());
        assertEquals(0, r.exactF1(), 0);
        assertEquals(0, r.overlapF1(), 0);
    }

    @Test
    void overlapMatchingIsNotOneToOne() {
        Spans.Builder b = Spans.builder(2, 1);
        int i = b.item(200);
        b.span(i, 0, 100, X, 0).span(i, 5, 10, X, 1).span(i, 20, 30, X, 1).span(i, 99, 120, X, 1);
        SpanF1.Result r = SpanF1.compute(b.allDone().build());
        assertEquals(1.0, r.overlapF1(), 1e-12);
        assertEquals(0.0, r.exactF1(), 0);
    }

    @Test
    void countsArePooledOverItemsBothDid() {
        Spans.Builder b = Spans.builder(2, 1);
        b.item(50);
        b.item(50);
        b.span(0, 0, 10, X, 0).span(0, 0, 10, X, 1).span(1, 0, 10, X, 0).span(1, 20, 30, X, 0);
        b.done(0, 1);
        SpanF1.Result r = SpanF1.compute(b.build());
        assertEquals(1.0, r.exactF1(), 1e-12);
        assertEquals(1, r.pairs().get(0).spansA());
    }

    @Test
    void meanIsUnweightedOverPairsAndSkipsUndefinedPairs() {
        Spans.Builder b = Spans.builder(3, 1);
        b.item(50);
        b.item(50);
        b.span(0, 0, 10, X, 0).span(0, 0, 10, X, 1).span(0, 0, 10, X, 2).span(0, 20, 30, X, 2);
        b.done(0, 0).done(0, 1).done(0, 2);
        SpanF1.Result r = SpanF1.compute(b.build());
        // pairs: (0,1) = 1, (0,2) = 2/3, (1,2) = 2/3
        assertEquals((1 + 2.0 / 3 + 2.0 / 3) / 3, r.exactF1(), 1e-12);
        Spans.Builder quiet = Spans.builder(4, 1);
        quiet.item(50);
        quiet.span(0, 0, 10, X, 0).span(0, 0, 10, X, 1).allDone();
        SpanF1.Result r2 = SpanF1.compute(quiet.build());
        // (0,1) = 1; (0,2), (0,3), (1,2), (1,3) = 0; (2,3) has no span at all: undefined, left out.
        assertTrue(Double.isNaN(r2.pairs().get(5).exactF1()));
        assertEquals(1.0 / 5, r2.exactF1(), 1e-12);
    }

    @Test
    void emptySpanSetsAreUndefinedAndOneSidedOnesScoreZero() {
        Spans.Builder empty = Spans.builder(2, 1);
        empty.item(10);
        SpanF1.Result r = SpanF1.compute(empty.allDone().build());
        assertTrue(Double.isNaN(r.exactF1()));
        assertTrue(Double.isNaN(r.overlapF1()));
        Spans.Builder oneSided = Spans.builder(2, 1);
        int i = oneSided.item(10);
        oneSided.span(i, 0, 5, X, 0).allDone();
        SpanF1.Result r2 = SpanF1.compute(oneSided.build());
        assertEquals(0, r2.exactF1(), 0);
        assertEquals(0, r2.overlapF1(), 0);
    }

    @Test
    void identicalSpansOfOneAnnotatorCountOnce() {
        Spans.Builder b = Spans.builder(2, 1);
        int i = b.item(10);
        b.span(i, 0, 5, X, 0).span(i, 0, 5, X, 0).span(i, 0, 5, X, 1).allDone();
        assertEquals(1.0, SpanF1.compute(b.build()).exactF1(), 1e-12);
    }
}
