package io.crosscheck.bench.agreement;

import java.util.concurrent.TimeUnit;

import org.dkpro.statistics.agreement.unitizing.KrippendorffAlphaUnitizingAgreement;
import org.dkpro.statistics.agreement.unitizing.UnitizingAnnotationStudy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.crosscheck.agreement.core.Spans;
import io.crosscheck.agreement.core.UnitizingAlpha;

/**
 * Krippendorff's α_U on docs × 2,000 code points × 3 annotators × ~30 spans per doc and annotator, 3 labels:
 * build + compute. DKPro runs single-shot (one op takes minutes at 1,000 docs); ours is sampled.
 */
@Fork(1)
public class UnitizingBenchmark {

    static final int DOC_LENGTH = 2_000;
    static final int ANNOTATORS = 3;
    static final int LABELS = 3;
    static final int SPANS_PER_DOC = 30;

    @State(Scope.Benchmark)
    public static class Data {
        @Param({"1000", "10000"})
        public int docs;

        BenchData.SpanTable table;

        @Setup
        public void setUp() {
            table = BenchData.spans(docs, DOC_LENGTH, ANNOTATORS, LABELS, SPANS_PER_DOC, 1995L);
        }
    }

    @State(Scope.Benchmark)
    public static class DkproData {
        @Param({"1000"})
        public int docs;

        BenchData.SpanTable table;

        @Setup
        public void setUp() {
            table = BenchData.spans(docs, DOC_LENGTH, ANNOTATORS, LABELS, SPANS_PER_DOC, 1995L);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2, time = 3)
    @Measurement(iterations = 3, time = 4)
    public double crosscheckAlphaU(Data d) {
        BenchData.SpanTable t = d.table;
        Spans spans = Spans.of(t.lengths(), ANNOTATORS, LABELS, null, t.item(), t.start(), t.end(), t.label(),
                t.annotator());
        return UnitizingAlpha.compute(spans).alpha();
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    public double dkproAlphaU(DkproData d) {
        BenchData.SpanTable t = d.table;
        UnitizingAnnotationStudy study = new UnitizingAnnotationStudy(ANNOTATORS, 0,
                (long) t.lengths().length * DOC_LENGTH);
        for (int s = 0; s < t.size(); s++) {
            long base = (long) t.item()[s] * DOC_LENGTH;
            study.addUnit(base + t.start()[s], t.end()[s] - t.start()[s], t.annotator()[s], t.label()[s]);
        }
        return new KrippendorffAlphaUnitizingAgreement(study).calculateAgreement();
    }
}
