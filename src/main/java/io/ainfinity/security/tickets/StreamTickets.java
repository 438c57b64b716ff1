package io.ainfinity.security.tickets;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.Startup;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.ainfinity.config.AinfinityConfig;
import io.ainfinity.security.Roles;
import io.ainfinity.security.tokens.TokenRevocations;

/**
 * Mints and checks stream tickets. A ticket never outlives the token it was minted with, and dies with it when that
 * token is revoked. Without {@code ainfinity.security.stream-ticket-key} each process draws its own key at start, so
 * its tickets die with it and no other replica accepts them; replicas behind one Service share a key.
 */
// Built at start, so that a key too short to sign with stops the service then, not at the first ticket.
@Startup
@ApplicationScoped
public class StreamTickets {

    private final StreamTicketCodec codec;
    private final Duration lifetime;
    private final TokenRevocations revocations;
    private final Clock clock;

    public StreamTickets(AinfinityConfig config, TokenRevocations revocations, Clock clock) {
        this.codec = new StreamTicketCodec(config.security()
                .streamTicketKey()
                .map(key -> key.getBytes(StandardCharsets.UTF_8))
                .orElseGet(StreamTickets::randomKey));
        this.lifetime = config.security().streamTicketLifetime();
        this.revocations = revocations;
        this.clock = clock;
    }

    /** A ticket for {@code path}, which must be a stream ({@link StreamPaths}), in the name of {@code identity}. */
    public Minted mint(SecurityIdentity identity, String subject, String path) {
        Instant expires = clock.instant().plus(lifetime);
        String tokenId = null;
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            tokenId = jwt.getTokenID();
            Instant tokenExpires = Instant.ofEpochSecond(jwt.getExpirationTime());
            expires = tokenExpires.isBefore(expires) ? tokenExpires : expires;
        }
        Set<String> roles =
                identity.getRoles().stream().filter(Roles.ALL::contains).collect(Collectors.toSet());
        StreamTicket ticket = new StreamTicket(subject, roles, path, expires, tokenId);
        return new Minted(codec.encode(ticket), ticket);
    }

    /** The ticket {@code text} stands for, if it is ours, unexpired, for exactly {@code path}, and its token stands. */
    public Optional<StreamTicket> verify(String text, String path) {
        return codec.decode(text, clock.instant())
                .filter(ticket -> ticket.path().equals(path))
                .filter(ticket -> !revocations.isRevoked(ticket.tokenId()));
    }

    public record Minted(String text, StreamTicket ticket) {}

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
