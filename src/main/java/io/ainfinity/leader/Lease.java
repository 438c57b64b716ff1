package io.ainfinity.leader;

import java.time.Instant;

/**
 * A lease as the store holds it: {@code holder} (null when nobody does) acts for the cluster until {@code expiresAt},
 * in the term numbered {@code fence}.
 */
public record Lease(String name, String holder, long fence, Instant expiresAt) {}
