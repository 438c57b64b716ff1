package io.ainfinity.security.tokens;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Revoked token ids, held in memory so that checking a request costs a set lookup. A revocation made here applies at
 * once; one made by another replica is picked up at the next refresh ({@code ainfinity.security.revocation-refresh}).
 */
@ApplicationScoped
public class TokenRevocations {

    private final TokenStore store;
    private final Clock clock;
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();

    public TokenRevocations(TokenStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    void load(@Observes StartupEvent started) {
        refresh().await().atMost(Duration.ofMinutes(1));
    }

    @Scheduled(
            every = "${ainfinity.security.revocation-refresh:10S}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return store.revokedIds(clock.instant())
                .invoke(ids -> {
                    revoked.addAll(ids);
                    revoked.retainAll(ids);
                })
                .replaceWithVoid();
    }

    public boolean isRevoked(String tokenId) {
        return tokenId != null && revoked.contains(tokenId);
    }

    public void add(String tokenId) {
        revoked.add(tokenId);
    }
}
