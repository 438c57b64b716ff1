package io.ainfinity.store;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.ainfinity.config.AinfinityConfig;
import io.ainfinity.config.StoreKind;

/**
 * The deployment's store signals ({@link PgSignals}) on PostgreSQL, where several replicas may share the store, unless
 * {@code ainfinity.store.signals} is off; on SQLite there is one replica, which learns of its own changes directly, so
 * signalling does nothing.
 */
@ApplicationScoped
public class StoreSignals {

    private final PgSignals signals;

    public StoreSignals(Database database, AinfinityConfig config) {
        this.signals =
                config.store().kind() == StoreKind.postgresql && config.store().signals()
                        ? new PgSignals(database.dataSource(), database.pool())
                        : null;
    }

    /** Tells every replica listening on {@code channel} to read again; fire and forget. */
    public void signal(String channel) {
        if (signals != null) {
            signals.signal(channel).subscribe().with(done -> {});
        }
    }

    /** Runs {@code wake} whenever any replica signals {@code channel}; keep it short (it runs on the listener). */
    public void listen(String channel, Runnable wake) {
        if (signals != null) {
            signals.listen(channel, wake);
        }
    }

    @PreDestroy
    void close() {
        if (signals != null) {
            signals.close();
        }
    }
}
