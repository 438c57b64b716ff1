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
import org.jboss.logging.Logger;

import io.ainfinity.store.StoreSignals;

/**
 * Revoked token ids, held in memory so that checking a request costs a set lookup. A revocation made here applies at
 * once; one made by another replica is picked up when it signals the revocation (PostgreSQL), or at the latest at the
 * next refresh ({@code ainfinity.security.revocation-refresh}).
 */
@ApplicationScoped
public class TokenRevocations {

    /** Signalled by the replica that revokes a token, so that the others refresh at once. */
    static final String CHANNEL = "ainfinity_revocations";

    private static final Logger LOG = Logger.getLogger(TokenRevocations.class);

    private final TokenStore store;
    private final Clock clock;
    private final StoreSignals signals;
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();

    public TokenRevocations(TokenStore store, Clock clock, StoreSignals signals) {
        this.store = store;
        this.clock = clock;
        this.signals = signals;
    }

    void load(@Observes StartupEvent started) {
        refresh().await().atMost(Duration.ofMinutes(1));
        signals.listen(
                CHANNEL,
                () -> refresh()
                        .subscribe()
                        .with(done -> {}, failure -> LOG.warnf("revocations not refreshed: %s", failure.getMessage())));
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
        signals.signal(CHANNEL);
    }
}
