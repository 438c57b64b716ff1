package io.ainfinity.security.tokens;

import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A minted service token as stored: its id ({@code jti}) and metadata. The token itself is shown once, at minting,
 * and never stored.
 *
 * @param subject the token's {@code sub}: {@code service:<name>}, which owns the jobs it launches
 * @param revokedAt null while the token is valid
 */
@RegisterForReflection
public record ServiceToken(
        @Schema(required = true) String id,
        @Schema(required = true) String name,
        @Schema(required = true) String subject,
        @Schema(required = true) List<String> roles,
        @Schema(required = true) String createdBy,
        @Schema(required = true) Instant createdAt,
        @Schema(required = true) Instant expiresAt,
        Instant revokedAt) {}
