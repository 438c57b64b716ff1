package io.ainfinity.security.tokens;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import io.ainfinity.config.AinfinityConfig;
import io.ainfinity.errors.InvalidRequestException;
import io.ainfinity.errors.ResourceNotFoundException;

/** Mints, lists and revokes service tokens. Only ids and metadata are stored; a token is shown once. */
@ApplicationScoped
public class TokenService {

    /** A minted token and what is kept of it. */
    public record Minted(String token, ServiceToken info) {}

    private final TokenStore store;
    private final TokenMinter minter;
    private final TokenRevocations revocations;
    private final Clock clock;
    private final Duration maxLifetime;

    public TokenService(
            TokenStore store, TokenMinter minter, TokenRevocations revocations, Clock clock, AinfinityConfig config) {
        this.store = store;
        this.minter = minter;
        this.revocations = revocations;
        this.clock = clock;
        this.maxLifetime = config.security().maxTokenLifetime();
    }

    public Uni<Minted> mint(String name, List<String> roles, Duration lifetime, String createdBy) {
        if (lifetime.compareTo(maxLifetime) > 0) {
            return Uni.createFrom()
                    .failure(InvalidRequestException.of(
                            "expires_in_days", "at most %d days".formatted(maxLifetime.toDays())));
        }
        String id = UUID.randomUUID().toString();
        String subject = "service:" + name;
        String token = minter.mint(id, subject, name, roles, lifetime);
        Instant now = clock.instant();
        ServiceToken info =
                new ServiceToken(id, name, subject, List.copyOf(roles), createdBy, now, now.plus(lifetime), null);
        return store.insert(info).replaceWith(new Minted(token, info));
    }

    public Uni<List<ServiceToken>> list() {
        return store.list();
    }

    public Uni<ServiceToken> get(String id) {
        return store.find(id).map(found -> found.orElseThrow(() -> new ResourceNotFoundException("token", id)));
    }

    public Uni<ServiceToken> revoke(String id) {
        return store.revoke(id, clock.instant()).flatMap(done -> {
            if (!done) {
                return Uni.createFrom().failure(new ResourceNotFoundException("token", id));
            }
            revocations.add(id);
            return get(id);
        });
    }
}
