package io.ainfinity.security;

import java.util.Set;

/**
 * Who is asking: the token's subject, which owns the jobs it launches, whether it may see every owner's jobs, and the
 * roles its token carries.
 */
public record Caller(String subject, boolean admin, Set<String> roles) {

    public Caller {
        roles = Set.copyOf(roles);
    }

    /** True when this caller may see (and, with the right role, act on) a job of {@code owner}. */
    public boolean mayAccess(String owner) {
        return admin || subject.equals(owner);
    }

    /** The owner to filter listings by: null for an admin, who sees all. */
    public String ownerFilter() {
        return admin ? null : subject;
    }

    /** True when the caller holds at least one of {@code wanted}. */
    public boolean hasAnyRole(Set<String> wanted) {
        return roles.stream().anyMatch(wanted::contains);
    }
}
