package io.crosscheck.agreement.core;

/** Measurement level of a coded variable; selects Krippendorff's difference function δ². */
public enum Level {
    /** δ² = 0 if c = k, else 1. */
    NOMINAL,
    /** δ² = (Σ_{g=c..k} n_g − (n_c + n_k)/2)², n_g the coincidence marginals of the ordered categories. */
    ORDINAL,
    /** δ² = (c − k)² on the numeric values of the categories. */
    INTERVAL,
    /** δ² = ((c − k)/(c + k))² on the numeric values; 0 where c = k (also for c = k = 0). */
    RATIO
}
