package io.crosscheck.common;

import java.util.ArrayList;
import java.util.List;

/** The answer to an NDJSON import: `{"created", "duplicates", "failed", "errors": [{"line", "detail"}]}`. */
public class ImportReport {

    /** Report at most this many line errors; the count in {@code failed} stays exact. */
    static final int MAX_ERRORS = 1000;

    private int created;
    private int duplicates;
    private int failed;
    private final List<LineError> errors = new ArrayList<>();

    public record LineError(int line, String detail) {
    }

    public void created() {
        created++;
    }

    public void created(int n) {
        created += n;
    }

    public void duplicate() {
        duplicates++;
    }

    public void fail(int line, String detail) {
        failed++;
        if (errors.size() < MAX_ERRORS) {
            errors.add(new LineError(line, detail));
        }
    }

    public int getCreated() {
        return created;
    }

    public int getDuplicates() {
        return duplicates;
    }

    public int getFailed() {
        return failed;
    }

    /** In line order: lines are checked in phases (parse, then store), each phase reporting its own failures. */
    public List<LineError> getErrors() {
        return errors.stream().sorted(java.util.Comparator.comparingInt(LineError::line)).toList();
    }
}
