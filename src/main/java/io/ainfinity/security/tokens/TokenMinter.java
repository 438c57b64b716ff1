package io.ainfinity.security.tokens;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.jwt.build.Jwt;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.ainfinity.config.AinfinityConfig;
import io.ainfinity.errors.ServiceUnavailableException;

/** Signs tokens with the configured key ({@code smallrye.jwt.sign.key.location}), with this service's iss and aud. */
@ApplicationScoped
public class TokenMinter {

    private final String issuer;
    private final String audience;
    private final boolean canSign;
    private final Clock clock;

    public TokenMinter(
            AinfinityConfig config,
            Clock clock,
            @ConfigProperty(name = "smallrye.jwt.sign.key.location") Optional<String> signingKey,
            @ConfigProperty(name = "smallrye.jwt.sign.key") Optional<String> inlineKey) {
        this.issuer = config.security().issuer();
        this.audience = config.security().audience();
        this.canSign = signingKey.filter(s -> !s.isBlank()).isPresent()
                || inlineKey.filter(s -> !s.isBlank()).isPresent();
        this.clock = clock;
    }

    public boolean canSign() {
        return canSign;
    }

    /** A signed token for {@code subject} with {@code roles} in its groups claim. */
    public String mint(String id, String subject, String name, List<String> roles, Duration lifetime) {
        if (!canSign) {
            throw new ServiceUnavailableException(
                    "no signing key is configured: set smallrye.jwt.sign.key.location to mint tokens",
                    Duration.ofMinutes(5));
        }
        Instant now = clock.instant();
        return Jwt.issuer(issuer)
                .audience(audience)
                .subject(subject)
                .upn(subject)
                .claim("name", name)
                .claim("jti", id)
                .groups(new HashSet<>(roles))
                .issuedAt(now)
                .expiresAt(now.plus(lifetime))
                .sign();
    }
}
