package io.crosscheck.bench.agreement;

import java.util.concurrent.TimeUnit;

import org.dkpro.statistics.agreement.coding.CodingAnnotationStudy;
import org.dkpro.statistics.agreement.coding.KrippendorffAlphaAgreement;
import org.dkpro.statistics.agreement.distance.IntervalDistanceFunction;
import org.dkpro.statistics.agreement.distance.NominalDistanceFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.crosscheck.agreement.core.KrippendorffAlpha;
import io.crosscheck.agreement.core.Level;
import io.crosscheck.agreement.core.Ratings;

/** Krippendorff's α on 100,000 items × 5 annotators, 6 categories, 10% missing: build + compute, both libraries. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
@Fork(1)
public class AlphaBenchmark {

    static final int ITEMS = 100_000;
    static final int ANNOTATORS = 5;
    static final int CATEGORIES = 6;

    int[] codes;

    @Setup
    public void setUp() {
        codes = BenchData.codes(ITEMS, ANNOTATORS, CATEGORIES, 0.10, 20261123L);
    }

    @Benchmark
    public double crosscheckNominal() {
        return KrippendorffAlpha.compute(Ratings.of(ITEMS, ANNOTATORS, CATEGORIES, codes), Level.NOMINAL).alpha();
    }

    @Benchmark
    public double dkproNominal() {
        return new KrippendorffAlphaAgreement(dkproStudy(), new NominalDistanceFunction()).calculateAgreement();
    }

    @Benchmark
    public double crosscheckInterval() {
        return KrippendorffAlpha.compute(Ratings.of(ITEMS, ANNOTATORS, CATEGORIES, codes), Level.INTERVAL).alpha();
    }

    @Benchmark
    public double dkproInterval() {
        return new KrippendorffAlphaAgreement(dkproStudy(), new IntervalDistanceFunction()).calculateAgreement();
    }

    private CodingAnnotationStudy dkproStudy() {
        CodingAnnotationStudy study = new CodingAnnotationStudy(ANNOTATORS);
        for (int i = 0; i < ITEMS; i++) {
            Object[] row = new Object[ANNOTATORS];
            for (int a = 0; a < ANNOTATORS; a++) {
                int c = codes[i * ANNOTATORS + a];
                row[a] = c < 0 ? null : Integer.valueOf(c);
            }
            study.addItemAsArray(row);
        }
        return study;
    }
}
