package io.crosscheck.bench.agreement;

import java.util.SplittableRandom;

/** Seeded synthetic data shared by the benchmarks, so both libraries see the same input. */
final class BenchData {

    private BenchData() {
    }

    /** items × annotators codes in 0..categories−1, −1 for the missing share, correlated with a hidden truth. */
    static int[] codes(int items, int annotators, int categories, double missing, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] codes = new int[items * annotators];
        for (int i = 0; i < items; i++) {
            int truth = rnd.nextInt(categories);
            for (int a = 0; a < annotators; a++) {
                int c = rnd.nextInt(4) == 0 ? rnd.nextInt(categories) : truth;
                codes[i * annotators + a] = rnd.nextDouble() < missing ? -1 : c;
            }
        }
        return codes;
    }

    /** Span columns: item, start, end (item-relative), label, annotator. */
    record SpanTable(int[] lengths, int[] item, int[] start, int[] end, int[] label, int[] annotator) {
        int size() {
            return item.length;
        }
    }

    /**
     * docs × docLength code points, each annotator marking jittered copies of ~spansPerDoc true spans (90% kept)
     * with one of the labels; one annotator's spans of a label never overlap, as DKPro's algorithm assumes.
     */
    static SpanTable spans(int docs, int docLength, int annotators, int labels, int spansPerDoc, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int cap = docs * annotators * spansPerDoc;
        int[] item = new int[cap];
        int[] start = new int[cap];
        int[] end = new int[cap];
        int[] label = new int[cap];
        int[] annotator = new int[cap];
        int[] lengths = new int[docs];
        int slot = docLength / spansPerDoc;
        int n = 0;
        for (int d = 0; d < docs; d++) {
            lengths[d] = docLength;
            for (int k = 0; k < spansPerDoc; k++) {
                int s = k * slot + 4 + rnd.nextInt(slot / 3);
                int e = Math.min(s + 5 + rnd.nextInt(slot / 2), (k + 1) * slot - 4);
                int c = rnd.nextInt(labels);
                for (int a = 0; a < annotators; a++) {
                    if (rnd.nextInt(10) == 0) {
                        continue;
                    }
                    item[n] = d;
                    start[n] = s + rnd.nextInt(7) - 3;
                    end[n] = Math.max(start[n] + 1, e + rnd.nextInt(7) - 3);
                    label[n] = c;
                    annotator[n] = a;
                    n++;
                }
            }
        }
        return new SpanTable(lengths, java.util.Arrays.copyOf(item, n), java.util.Arrays.copyOf(start, n),
                java.util.Arrays.copyOf(end, n), java.util.Arrays.copyOf(label, n),
                java.util.Arrays.copyOf(annotator, n));
    }
}
