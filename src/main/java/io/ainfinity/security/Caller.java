package io.ainfinity.security;

/**
 * Who is asking: the token's subject, which owns the jobs it launches, and whether it may see every owner's jobs.
 */
public record Caller(String subject, boolean admin) {

    /** True when this caller may see (and, with the right role, act on) a job of {@code owner}. */
    public boolean mayAccess(String owner) {
        return admin || subject.equals(owner);
    }

    /** The owner to filter listings by: null for an admin, who sees all. */
    public String ownerFilter() {
        return admin ? null : subject;
    }
}
