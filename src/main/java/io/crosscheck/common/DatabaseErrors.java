package io.crosscheck.common;

import java.sql.SQLException;
import java.util.List;

/**
 * Database refusals that are the client's doing, not ours, found by SQLSTATE anywhere in an exception's causes
 * (Hibernate's ConstraintViolationException, a bare PSQLException, either wrapped by a transaction):
 * a unique or exclusion key another request took first → 409; text the database cannot hold → 422.
 * Everything else stays a 500 in {@link ProblemMapper}.
 */
public final class DatabaseErrors {

    private DatabaseErrors() {
    }

    /** The problem for a refusal the client caused, or null when the failure is ours. */
    public static Problem problemFor(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String state = t instanceof SQLException sql ? sql.getSQLState()
                    : t instanceof org.hibernate.JDBCException jdbc ? jdbc.getSQLState() : null;
            if (state == null) {
                continue;
            }
            switch (state) {
                case "23505", "23P01" -> {
                    return new Problem(ProblemMapper.typeFor(409), "Conflict", 409,
                            "Another request stored the same unique value first" + constraint(t)
                                    + "; read the current state and retry", null, null);
                }
                case "22021", "22P05" -> {
                    String message = "contains a character the database cannot store (NUL or a lone surrogate)";
                    return new Problem(ProblemMapper.typeFor(422), "Unprocessable Content", 422, "The request " + message,
                            List.of(new Problem.FieldError("body", message)), null);
                }
                default -> {
                }
            }
        }
        return null;
    }

    private static String constraint(Throwable t) {
        String name = t instanceof org.hibernate.exception.ConstraintViolationException c ? c.getConstraintName()
                : t instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null
                ? p.getServerErrorMessage().getConstraint() : null;
        return name == null ? "" : " (" + name + ")";
    }
}
