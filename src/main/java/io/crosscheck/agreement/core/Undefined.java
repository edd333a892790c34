package io.crosscheck.agreement.core;

/** The one place where the core's NaN ("undefined") becomes the edge's null. */
public final class Undefined {

    private Undefined() {
    }

    /** Null for NaN or infinite values, the boxed value otherwise. */
    public static Double orNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /** True when the value is NaN or infinite, i.e. the statistic is undefined for the data. */
    public static boolean is(double value) {
        return !Double.isFinite(value);
    }
}
