package io.ainfinity.security;

import java.util.Set;

/** The roles a token's {@code groups} claim may carry. */
public final class Roles {

    /** Everything, on every owner's jobs; mints and revokes service tokens. */
    public static final String ADMIN = "admin";

    /** Launches, stops and deletes their own jobs. */
    public static final String USER = "user";

    /** Reads their own jobs. */
    public static final String VIEWER = "viewer";

    public static final Set<String> ALL = Set.of(ADMIN, USER, VIEWER);

    private Roles() {}
}
