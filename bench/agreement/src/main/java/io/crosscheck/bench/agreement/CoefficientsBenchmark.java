package io.crosscheck.bench.agreement;

import java.util.concurrent.TimeUnit;

import org.dkpro.statistics.agreement.coding.CodingAnnotationStudy;
import org.dkpro.statistics.agreement.coding.RandolphKappaAgreement;
import org.dkpro.statistics.agreement.coding.ScottPiAgreement;
import org.dkpro.statistics.agreement.coding.WeightedKappaAgreement;
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

import io.crosscheck.agreement.core.AgreementWeights;
import io.crosscheck.agreement.core.BrennanPrediger;
import io.crosscheck.agreement.core.CohenKappa;
import io.crosscheck.agreement.core.GwetAc;
import io.crosscheck.agreement.core.Ratings;
import io.crosscheck.agreement.core.ScottPi;

/**
 * The coefficients people compare against on AlphaBenchmark's data (100,000 items × 5 annotators, 6 categories,
 * 10% missing), build + compute: Gwet's AC1/AC2 and Brennan–Prediger over all raters (DKPro 2.2.1 has Randolph's
 * κ, the same free-marginal κ, and no Gwet), Scott's π and quadratic κ_w of annotators 0 and 1 on the items both
 * coded (DKPro's ScottPiAgreement and WeightedKappaAgreement).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
@Fork(1)
public class CoefficientsBenchmark {

    static final int ITEMS = AlphaBenchmark.ITEMS;
    static final int ANNOTATORS = AlphaBenchmark.ANNOTATORS;
    static final int CATEGORIES = AlphaBenchmark.CATEGORIES;

    int[] codes;
    double[][] ordinalWeights;

    @Setup
    public void setUp() {
        codes = BenchData.codes(ITEMS, ANNOTATORS, CATEGORIES, 0.10, 20261123L);
        ordinalWeights = AgreementWeights.ordinal(CATEGORIES);
    }

    @Benchmark
    public double crosscheckGwetAc1() {
        return GwetAc.ac1(Ratings.of(ITEMS, ANNOTATORS, CATEGORIES, codes)).coefficient();
    }

    @Benchmark
    public double crosscheckGwetAc2Ordinal() {
        return GwetAc.compute(Ratings.of(ITEMS, ANNOTATORS, CATEGORIES, codes), ordinalWeights).coefficient();
    }

    @Benchmark
    public double crosscheckBrennanPrediger() {
        return BrennanPrediger.compute(Ratings.of(ITEMS, ANNOTATORS, CATEGORIES, codes));
    }

    @Benchmark
    public double dkproRandolphKappa() {
        CodingAnnotationStudy study = new CodingAnnotationStudy(ANNOTATORS);
        for (int c = 0; c < CATEGORIES; c++) {
            study.addCategory(c);
        }
        for (int i = 0; i < ITEMS; i++) {
            Object[] row = new Object[ANNOTATORS];
            for (int a = 0; a < ANNOTATORS; a++) {
                int c = codes[i * ANNOTATORS + a];
                row[a] = c < 0 ? null : Integer.valueOf(c);
            }
            study.addItemAsArray(row);
        }
        return new RandolphKappaAgreement(study).calculateAgreement();
    }

    @Benchmark
    public double crosscheckScottPi() {
        Ratings r = Ratings.of(ITEMS, ANNOTATORS, CATEGORIES, codes);
        return ScottPi.compute(r, 0, 1);
    }

    @Benchmark
    public double dkproScottPi() {
        return new ScottPiAgreement(pairStudy()).calculateAgreement();
    }

    @Benchmark
    public double crosscheckQuadraticKappa() {
        Ratings r = Ratings.of(ITEMS, ANNOTATORS, CATEGORIES, codes);
        return CohenKappa.compute(r, 0, 1, CohenKappa.Weighting.QUADRATIC);
    }

    @Benchmark
    public double dkproQuadraticKappa() {
        return new WeightedKappaAgreement(pairStudy(), (study, c1, c2) -> {
            double d = ((Integer) c1 - (Integer) c2) / (double) (CATEGORIES - 1);
            return d * d;
        }).calculateAgreement();
    }

    private CodingAnnotationStudy pairStudy() {
        CodingAnnotationStudy study = new CodingAnnotationStudy(2);
        for (int i = 0; i < ITEMS; i++) {
            int a = codes[i * ANNOTATORS];
            int b = codes[i * ANNOTATORS + 1];
            if (a >= 0 && b >= 0) {
                study.addItem(a, b);
            }
        }
        return study;
    }
}
