package io.ainfinity.security;

import java.time.Clock;
import java.time.Duration;
import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.ainfinity.security.tokens.TokenRevocations;

/**
 * Rules a verified token must still meet: not revoked, a subject to own jobs, issued in the past, and at least one
 * known role. A token
 * that breaks one is treated as no token at all (401), so a caller cannot tell a revoked token from a forged one.
 */
@ApplicationScoped
public class TokenPolicyAugmentor implements SecurityIdentityAugmentor {

    /** The same allowance the verifier gives exp and nbf ({@code mp.jwt.verify.clock.skew}). */
    private static final Duration SKEW = Duration.ofSeconds(30);

    private final TokenRevocations revocations;
    private final Clock clock;

    public TokenPolicyAugmentor(TokenRevocations revocations, Clock clock) {
        this.revocations = revocations;
        this.clock = clock;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous()) {
            return Uni.createFrom().item(identity);
        }
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            if (revocations.isRevoked(jwt.getTokenID())) {
                return reject("token revoked");
            }
            if (jwt.getSubject() == null || jwt.getSubject().isBlank()) {
                return reject("token has no subject");
            }
            // The verifier accepts an iat in the future; a token from the future was not issued by us.
            if (jwt.getIssuedAtTime() > clock.instant().plus(SKEW).getEpochSecond()) {
                return reject("token issued in the future");
            }
        }
        if (identity.getRoles().stream().noneMatch(Roles.ALL::contains)) {
            return reject("token carries none of the roles " + Roles.ALL);
        }
        return Uni.createFrom().item(identity);
    }

    private static Uni<SecurityIdentity> reject(String why) {
        return Uni.createFrom().failure(new AuthenticationFailedException(why));
    }
}
