package io.crosscheck.common;

/** The three roles of the API (fixed names). Used in {@code @RolesAllowed}. */
public final class Roles {
    public static final String ANNOTATOR = "annotator";
    public static final String SUPERVISOR = "supervisor";
    public static final String ADMIN = "admin";

    private Roles() {
    }

    public static boolean isValid(String role) {
        return ANNOTATOR.equals(role) || SUPERVISOR.equals(role) || ADMIN.equals(role);
    }
}
