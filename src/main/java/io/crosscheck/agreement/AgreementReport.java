package io.crosscheck.agreement;

import io.crosscheck.agreement.core.Bootstrap;
import io.crosscheck.agreement.core.Undefined;

import java.util.List;

/**
 * The agreement of one layer as the API returns it. Every field is always present: null where the statistic is
 * undefined for the data (never NaN) or does not apply to the layer's scope (coded-data measures on span layers,
 * span measures on document layers). See docs/agreement.md.
 */
public record AgreementReport(String layer, String scope, String measurement, int items, int annotators,
                              Double krippendorffAlpha, Interval krippendorffAlphaCi, Double fleissKappa,
                              Double percentAgreement, Double meanPairwiseCohenKappa,
                              Double unitizingAlpha, Interval unitizingAlphaCi, Double spanF1Exact,
                              Double spanF1Overlap, List<Pair> pairs, List<BySource> bySource,
                              List<ByLabel> byLabel,
                              Double gwetAc1, Interval gwetAc1Ci, Double gwetAc2, Interval gwetAc2Ci,
                              Double brennanPrediger, Interval brennanPredigerCi, Double gamma, Interval gammaCi) {

    /**
     * One annotator pair on the items both did; {@code scottPi} and {@code weightedKappa} on document layers only,
     * the latter null on nominal layers.
     */
    public record Pair(String a, String b, int items, Double cohenKappa, Double spanF1Exact, Double spanF1Overlap,
                       Double scottPi, WeightedKappa weightedKappa) {
    }

    /** Cohen's (1968) κ_w with weights by category rank over the layer's declared labels. */
    public record WeightedKappa(Double linear, Double quadratic) {
    }

    /** The layer's agreement on the items of one source. */
    public record BySource(long sourceId, String source, int items, Double krippendorffAlpha, Double unitizingAlpha,
                           Double spanF1Exact, Double spanF1Overlap) {
    }

    /**
     * One label: {@code values} is how often it was given (document layers) or how many spans carry it; document
     * layers give α, AC1 and Brennan–Prediger of the binary recoding "this label vs any other", span layers α_U^c,
     * F1 and γ on that label's spans only.
     */
    public record ByLabel(String label, long values, Double krippendorffAlpha, Double unitizingAlpha,
                          Double spanF1Exact, Double spanF1Overlap,
                          Double gwetAc1, Double gwetAc2, Double brennanPrediger, Double gamma) {
    }

    /** A percentile bootstrap interval over items; bounds null where no resample gave a defined value. */
    public record Interval(Double lower, Double upper, double level, int replicates, long seed) {
        static Interval from(Bootstrap.Interval i, long seed) {
            return new Interval(Undefined.orNull(i.lower()), Undefined.orNull(i.upper()), i.level(), i.replicates(),
                    seed);
        }
    }
}
