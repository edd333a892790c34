package io.crosscheck.common;

import jakarta.ws.rs.QueryParam;

import java.util.List;

/**
 * A bootstrap confidence interval asked for: level in (0, 1), replicates, seed. The one request record of every
 * endpoint that takes {@code ci}, {@code replicates} and {@code seed} (agreement, source report); a resource binds the
 * three query parameters with {@code @BeanParam IntervalRequest.Query} and parses them with {@link Query#optional} (no
 * interval unless {@code ci} is given) or {@link Query#orDefaults} (always an interval). One validation, one 400
 * problem with the field for every bad value (docs/agreement.md, "Errors").
 */
public record IntervalRequest(double level, int replicates, long seed) {

    /** Bootstrap replicates when the client asks for an interval without saying how many. */
    public static final int DEFAULT_REPLICATES = 1000;
    /** Upper bound on replicates: each one is a pass over the items' statistics. */
    public static final int MAX_REPLICATES = 10_000;

    private static final String LEVEL = "must be a number between 0 and 1 (exclusive), e.g. 0.95";
    private static final String REPLICATES = "must be a whole number from 1 to " + MAX_REPLICATES;

    /**
     * The query parameters as sent. Strings, so that a malformed value is a 400 problem naming the field rather than
     * JAX-RS's 404; the OpenAPI description gives the types a client must send (ApiDescriptionFilter).
     */
    public static class Query {
        @QueryParam("ci")
        String ci;
        @QueryParam("replicates")
        String replicates;
        @QueryParam("seed")
        String seed;

        /**
         * For an endpoint whose interval is asked for: null when {@code ci} is absent (400 when {@code replicates}
         * or {@code seed} come without it), else the level with {@link #DEFAULT_REPLICATES} and {@code defaultSeed}
         * for the parameters not given.
         */
        public IntervalRequest optional(long defaultSeed) {
            if (ci == null) {
                if (replicates != null || seed != null) {
                    throw bad("ci", "replicates and seed need ci (e.g. ci=0.95)");
                }
                return null;
            }
            return orDefaults(new IntervalRequest(Double.NaN, DEFAULT_REPLICATES, defaultSeed));
        }

        /** For an endpoint that always gives intervals: each parameter absent takes the value of {@code defaults}. */
        public IntervalRequest orDefaults(IntervalRequest defaults) {
            double level = ci == null ? defaults.level() : level(ci);
            int reps = replicates == null ? defaults.replicates() : replicates(replicates);
            long s = defaults.seed();
            if (seed != null) {
                try {
                    s = Long.parseLong(seed.strip());
                } catch (NumberFormatException e) {
                    throw bad("seed", "must be a whole number");
                }
            }
            return new IntervalRequest(level, reps, s);
        }
    }

    private static double level(String ci) {
        double level;
        try {
            level = Double.parseDouble(ci.strip());
        } catch (NumberFormatException e) {
            throw bad("ci", LEVEL);
        }
        if (!(level > 0 && level < 1)) {
            throw bad("ci", LEVEL);
        }
        return level;
    }

    private static int replicates(String replicates) {
        int reps;
        try {
            reps = Integer.parseInt(replicates.strip());
        } catch (NumberFormatException e) {
            throw bad("replicates", REPLICATES);
        }
        if (reps < 1 || reps > MAX_REPLICATES) {
            throw bad("replicates", REPLICATES);
        }
        return reps;
    }

    private static ProblemException bad(String field, String message) {
        return new ProblemException(400, "Bad Request", field + " " + message,
                List.of(new Problem.FieldError(field, message)));
    }
}
