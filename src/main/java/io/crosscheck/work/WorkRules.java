package io.crosscheck.work;

/**
 * The SQL spellings of "what counts", for queries written in Java. The rules themselves are defined once, as SQL
 * functions in db-migrations/R__queue_functions.sql (lease_is_live, lease_is_overdue, assignment_state, work_counts,
 * item_is_complete, item_stage, controls_served), on the item counters and the database clock; docs/work.md says which work counts where. These
 * helpers only name the columns to pass, so no query spells a rule out again.
 */
public final class WorkRules {

    private WorkRules() {
    }

    /** "The item is complete", on a project_item alias: k submitted, or imported work with no live lease. */
    public static String itemIsComplete(String item) {
        return "item_is_complete(" + item + ".id, " + item + ".capacity, " + item + ".active_count, "
                + item + ".submitted_count, " + item + ".imported_count)";
    }

    /**
     * "The assignment's work counts" (submitted through the queue, or imported), on an assignment alias: round 1, the
     * independent judgements, which is what every figure counts unless it asks for a round (two-round projects, V49).
     */
    public static String workCounts(String assignment) {
        return workCounts(assignment, "1");
    }

    /**
     * "The assignment's work counts in round {@code round}", on an assignment alias; {@code round} is SQL (a literal
     * or a parameter marker). A revision of round 2 is an assignment of its own beside the round-1 one.
     */
    public static String workCounts(String assignment, String round) {
        return "work_counts(" + assignment + ".status, " + assignment + ".round, " + round + ")";
    }

    /**
     * "The annotations that count", as a FROM item: the annotations (alias {@code annotation}) of assignments (alias
     * {@code assignment}) whose work counts in round 1. Every reader of submitted rows joins them so; the agreement
     * reader's compact scan applies the same rule as its complement (it drops the annotations of the few assignments
     * that do not count instead of joining every one).
     */
    public static String countedAnnotations(String assignment, String annotation) {
        return "assignment " + assignment + " join annotation " + annotation + " on " + annotation + ".assignment_id = "
                + assignment + ".id and " + workCounts(assignment);
    }

    /** The dashboard stage of an item (control, complete, in_progress, untouched), on a project_item alias. */
    public static String itemStage(String item) {
        return "item_stage(" + item + ".is_control, " + item + ".id, " + item + ".capacity, " + item + ".active_count, "
                + item + ".submitted_count, " + item + ".imported_count)";
    }

    /** "The assignment is a live lease", on an assignment alias, on the database clock. */
    public static String leaseIsLive(String assignment) {
        return "lease_is_live(" + assignment + ".status, " + assignment + ".lease_expires_at)";
    }

    /**
     * "Control items are served", given the project's control rate and whether regular work remains for the rater
     * (both SQL): the rule queue_claim serves controls by, for counts that must agree with the queue.
     */
    public static String controlsServed(String controlRate, String regularRemains) {
        return "controls_served(" + controlRate + ", " + regularRemains + ")";
    }
}
