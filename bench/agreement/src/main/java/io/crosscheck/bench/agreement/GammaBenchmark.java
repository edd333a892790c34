package io.crosscheck.bench.agreement;

import java.util.concurrent.TimeUnit;

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

import io.crosscheck.agreement.core.Gamma;
import io.crosscheck.agreement.core.Spans;
import io.crosscheck.agreement.core.UnitizingAlpha;

/**
 * γ's own scaling (no second Java implementation exists in DKPro 2.2.1): documents of 2,000 code points × 3
 * annotators × ~30 spans (UnitizingBenchmark's shape), 1, 12 and 123 documents ≈ 100, 1,000 and 10,000 units,
 * with the default 30 shuffled samples. α_U on the same spans is the in-run reference for the ratios.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
@Fork(1)
public class GammaBenchmark {

    @Param({"1", "12", "123"})
    public int docs;

    BenchData.SpanTable table;

    @Setup
    public void setUp() {
        table = BenchData.spans(docs, UnitizingBenchmark.DOC_LENGTH, UnitizingBenchmark.ANNOTATORS,
                UnitizingBenchmark.LABELS, UnitizingBenchmark.SPANS_PER_DOC, 1995L);
    }

    private Spans spans() {
        BenchData.SpanTable t = table;
        return Spans.of(t.lengths(), UnitizingBenchmark.ANNOTATORS, UnitizingBenchmark.LABELS, null, t.item(),
                t.start(), t.end(), t.label(), t.annotator());
    }

    @Benchmark
    public double crosscheckGamma() {
        return Gamma.compute(spans(), Gamma.Parameters.DEFAULT).gamma();
    }

    @Benchmark
    public double crosscheckGammaObservedOnly() {
        // The best alignment of the annotations alone: D_o, without the 30 shuffled samples of D_e.
        return Gamma.compute(spans(), new Gamma.Parameters(1, 1, 1, 0, 1, null, 200)).observedDisorder();
    }

    @Benchmark
    public double crosscheckAlphaU() {
        return UnitizingAlpha.compute(spans()).alpha();
    }
}
