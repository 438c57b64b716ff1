package io.ainfinity.security.tokens;

import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A minted service token as stored: its id ({@code jti}) and metadata. The token itself is shown once, at minting,
 * and never stored.
 *
 * @param subject the token's {@code sub}: {@code service:<name>}, which owns the jobs it launches
 * @param revokedAt null while the token is valid
 */
@RegisterForReflection
public record ServiceToken(
        String id,
        String name,
        String subject,
        List<String> roles,
        String createdBy,
        Instant createdAt,
        Instant expiresAt,
        Instant revokedAt) {}
