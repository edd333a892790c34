package io.crosscheck.agreement;

import io.crosscheck.agreement.core.AgreementWeights;
import io.crosscheck.agreement.core.Bootstrap;
import io.crosscheck.agreement.core.BrennanPrediger;
import io.crosscheck.agreement.core.CohenKappa;
import io.crosscheck.agreement.core.Gamma;
import io.crosscheck.agreement.core.GwetAc;
import io.crosscheck.agreement.core.GwetSums;
import io.crosscheck.agreement.core.Level;
import io.crosscheck.agreement.core.Ratings;
import io.crosscheck.agreement.core.ScottPi;
import io.crosscheck.agreement.core.Spans;
import io.crosscheck.agreement.core.Undefined;

/**
 * The coefficients people compare against (SPEC §2, issue #15) beside the fixed ones: Gwet's AC1/AC2 and
 * Brennan–Prediger on document layers, Scott's π and weighted κ per pair, γ on span layers. Only arranges the
 * core's results for {@link DocumentAgreement} and {@link SpanAgreement}; the maths is in agreement/core.
 */
final class ComparedCoefficients {

    private ComparedCoefficients() {
    }

    /** Layer-wide figures of a document layer and their intervals. */
    record Document(Double gwetAc1, AgreementReport.Interval gwetAc1Ci, Double gwetAc2,
                    AgreementReport.Interval gwetAc2Ci, Double brennanPrediger,
                    AgreementReport.Interval brennanPredigerCi) {
    }

    /**
     * AC1 (categories as nominal, any level), AC2 with the level's weights (null on nominal layers) and
     * Brennan–Prediger over the layer's k declared labels, each with a bootstrap interval over items when asked.
     */
    static Document document(Ratings ratings, Level level, double[] values, AgreementService.CiRequest ci) {
        double[][] weights = level == Level.NOMINAL ? null
                : AgreementWeights.forLevel(level, ratings.categories(), values);
        double ac1 = GwetAc.ac1(ratings).coefficient();
        double ac2 = weights == null ? Double.NaN : GwetAc.compute(ratings, weights).coefficient();
        double bp = BrennanPrediger.compute(ratings);
        AgreementReport.Interval ac1Ci = null;
        AgreementReport.Interval ac2Ci = null;
        AgreementReport.Interval bpCi = null;
        if (ci != null) {
            // Replicates sum per-item sufficient statistics (GwetSums): the figures of the resampled ratings,
            // without rebuilding them.
            int n = ratings.items();
            GwetSums ac1Sums = GwetSums.of(ratings, null);
            ac1Ci = interval(n, ac1Sums.coefficientStatistic(), ci);
            if (weights != null) {
                ac2Ci = interval(n, GwetSums.of(ratings, weights).coefficientStatistic(), ci);
            }
            bpCi = interval(n, ac1Sums.brennanPredigerStatistic(), ci);
        }
        return new Document(Undefined.orNull(ac1), ac1Ci, weights == null ? null : Undefined.orNull(ac2), ac2Ci,
                Undefined.orNull(bp), bpCi);
    }

    /** Per-label AC1 and Brennan–Prediger of the binary recoding "c vs any other" (2 categories). */
    static Double[] binary(Ratings binary) {
        return new Double[] {Undefined.orNull(GwetAc.ac1(binary).coefficient()),
                Undefined.orNull(BrennanPrediger.compute(binary))};
    }

    /** Scott's π of one pair's code columns on the items both did. */
    static Double scottPi(int[] a, int[] b, int k) {
        return Undefined.orNull(ScottPi.compute(a, b, k));
    }

    /** Linear and quadratic κ_w by label rank; null on nominal layers. */
    static AgreementReport.WeightedKappa weightedKappa(int[] a, int[] b, int k, Level level) {
        if (level == Level.NOMINAL) {
            return null;
        }
        return new AgreementReport.WeightedKappa(
                Undefined.orNull(CohenKappa.compute(a, b, k, CohenKappa.Weighting.LINEAR)),
                Undefined.orNull(CohenKappa.compute(a, b, k, CohenKappa.Weighting.QUADRATIC)));
    }

    /** γ of a span layer and its interval: a bootstrap over items of the per-item observed and shuffled totals. */
    record SpanGamma(Double gamma, AgreementReport.Interval gammaCi) {
    }

    static SpanGamma gamma(Spans spans, AgreementService.CiRequest ci) {
        Gamma.Documents docs = Gamma.documents(spans, Gamma.Parameters.DEFAULT);
        AgreementReport.Interval gammaCi = null;
        if (ci != null) {
            gammaCi = interval(docs.size(), docs::gamma, ci);
        }
        return new SpanGamma(Undefined.orNull(docs.result().gamma()), gammaCi);
    }

    /** γ on one label's spans. */
    static Double gammaOf(Spans spans) {
        return Undefined.orNull(Gamma.compute(spans, Gamma.Parameters.DEFAULT).gamma());
    }

    private static AgreementReport.Interval interval(int items, java.util.function.ToDoubleFunction<int[]> statistic,
                                                     AgreementService.CiRequest ci) {
        return AgreementReport.Interval.from(Bootstrap.percentile(items, statistic, ci.level(), ci.replicates(),
                ci.seed()), ci.seed());
    }
}
