package io.crosscheck.agreement;

import io.crosscheck.agreement.core.AgreementWeights;
import io.crosscheck.agreement.core.Bootstrap;
import io.crosscheck.agreement.core.BrennanPrediger;
import io.crosscheck.agreement.core.CohenKappa;
import io.crosscheck.agreement.core.Gamma;
import io.crosscheck.agreement.core.GwetAc;
import io.crosscheck.agreement.core.GwetSums;
import io.crosscheck.agreement.core.ItemProfiles;
import io.crosscheck.agreement.core.AlphaSums;
import io.crosscheck.agreement.core.Level;
import io.crosscheck.agreement.core.Ratings;
import io.crosscheck.agreement.core.ScottPi;
import io.crosscheck.agreement.core.Spans;
import io.crosscheck.agreement.core.Undefined;
import io.crosscheck.common.IntervalRequest;

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
     * Brennan–Prediger over the layer's k declared labels, with the intervals of {@link #intervals} when asked.
     */
    static Document document(Ratings ratings, Level level, double[] values, AgreementReport.Interval[] cis) {
        double[][] weights = weights(ratings, level, values);
        double ac1 = GwetAc.ac1(ratings).coefficient();
        double ac2 = weights == null ? Double.NaN : GwetAc.compute(ratings, weights).coefficient();
        double bp = BrennanPrediger.compute(ratings);
        return new Document(Undefined.orNull(ac1), cis == null ? null : cis[1],
                weights == null ? null : Undefined.orNull(ac2), cis == null ? null : cis[2], Undefined.orNull(bp),
                cis == null ? null : cis[3]);
    }

    private static double[][] weights(Ratings ratings, Level level, double[] values) {
        return level == Level.NOMINAL ? null : AgreementWeights.forLevel(level, ratings.categories(), values);
    }

    /**
     * The document layer's intervals {α, AC1, AC2 (null on nominal layers), Brennan–Prediger}, one bootstrap over
     * items: a replicate counts how often each item profile was drawn ({@link ItemProfiles}) and takes every figure
     * from the profiles' summed sufficient statistics ({@link AlphaSums}, {@link GwetSums}) — the figures of the
     * resampled ratings, without rebuilding them or visiting an item.
     */
    static AgreementReport.Interval[] intervals(Ratings ratings, Level level, double[] values,
                                                IntervalRequest ci) {
        double[][] weights = weights(ratings, level, values);
        ItemProfiles profiles = ItemProfiles.of(ratings);
        AlphaSums alpha = AlphaSums.of(profiles.ratings());
        GwetSums ac1 = GwetSums.of(profiles.ratings(), null);
        GwetSums ac2 = weights == null ? null : GwetSums.of(profiles.ratings(), weights);
        Bootstrap.Interval[] b = profiles.percentiles(4, (times, out) -> {
            out[0] = alpha.alphaOfTimes(times, level, values);
            out[1] = ac1.resultOfTimes(times).coefficient();
            out[2] = ac2 == null ? Double.NaN : ac2.resultOfTimes(times).coefficient();
            out[3] = ac1.brennanPredigerOfTimes(times);
        }, ci.level(), ci.replicates(), ci.seed());
        return new AgreementReport.Interval[] {AgreementReport.Interval.from(b[0], ci.seed()),
            AgreementReport.Interval.from(b[1], ci.seed()),
            ac2 == null ? null : AgreementReport.Interval.from(b[2], ci.seed()),
            AgreementReport.Interval.from(b[3], ci.seed())};
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

    static SpanGamma gamma(Spans spans, IntervalRequest ci) {
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
                                                     IntervalRequest ci) {
        return AgreementReport.Interval.from(Bootstrap.percentile(items, statistic, ci.level(), ci.replicates(),
                ci.seed()), ci.seed());
    }
}
