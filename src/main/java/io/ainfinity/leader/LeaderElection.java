package io.ainfinity.leader;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import io.ainfinity.config.AinfinityConfig;
import io.ainfinity.config.StoreKind;
import io.ainfinity.metrics.Meters;
import io.ainfinity.store.Database;

/**
 * Decides which replica runs the once-per-cluster duties: the one holding the {@code cluster} lease in the store,
 * renewed every {@code ainfinity.leader.renew-interval}. On SQLite there is only one replica, so it always leads and
 * nothing is written. A leader whose lease runs out unrenewed stops leading at that instant, whatever the store says
 * later; at shutdown it gives the lease up so that another replica takes over at its next claim.
 */
@ApplicationScoped
public class LeaderElection {

    private static final Logger LOG = Logger.getLogger(LeaderElection.class);
    static final String LEASE = "cluster";
    private static final Duration RELEASE_WAIT = Duration.ofSeconds(5);

    private final String replica;
    private final LeaseStore leases; // null: the only replica (SQLite), which always leads
    private final Term term;
    private final Clock clock;
    private volatile boolean closed;
    private volatile boolean settled;

    @Inject
    LeaderElection(AinfinityConfig config, Database database, Clock clock) {
        this(
                replicaId(config.leader().replicaId(), System.getenv("HOSTNAME")),
                checkedLease(config.leader()),
                config.store().kind() == StoreKind.postgresql
                        ? new JdbcLeases(database.dataSource(), database.pool())
                        : null,
                clock);
    }

    /** An election on {@code leases}, or with {@code leases} null the sole replica's, which always leads. */
    public LeaderElection(String replica, Duration lease, LeaseStore leases, Clock clock) {
        this.replica = replica;
        this.leases = leases;
        this.term = new Term(replica, lease);
        this.clock = clock;
    }

    /** Whether this replica may act for the cluster now. */
    public boolean leads() {
        if (closed) {
            return false;
        }
        if (leases == null) {
            return true;
        }
        synchronized (term) {
            return term.leads(clock.instant());
        }
    }

    public String replica() {
        return replica;
    }

    /** False on SQLite, where the only replica leads without a lease. */
    public boolean elected() {
        return leases != null;
    }

    /** Whether the store has answered a claim since start, whatever it said: the holder is known. True on SQLite. */
    public boolean settled() {
        return leases == null || settled;
    }

    /** Whether this replica has given its lease up at shutdown; it never leads again. */
    public boolean closed() {
        return closed;
    }

    /** The term this replica holds, or -1. */
    public long fence() {
        synchronized (term) {
            return term.fence();
        }
    }

    /** The holder seen at the last claim (this replica or another), empty when none or nothing is known yet. */
    public Optional<String> holder() {
        synchronized (term) {
            return Optional.ofNullable(term.holder());
        }
    }

    void bind(@Observes StartupEvent started, Meters meters) {
        meters.gauge(Meters.LEADER, "1 while this replica runs the once-per-cluster duties", () -> leads() ? 1 : 0);
    }

    @Scheduled(
            every = "${ainfinity.leader.renew-interval:3S}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> renew() {
        return claim().replaceWithVoid();
    }

    /** Claims or renews the lease once; the answer is whether this replica leads afterwards. */
    public Uni<Boolean> claim() {
        if (leases == null || closed) {
            return Uni.createFrom().item(this::leads);
        }
        Instant started = clock.instant();
        long fence;
        Instant until;
        synchronized (term) {
            fence = term.fence();
            until = term.until(started);
        }
        return leases.claim(LEASE, replica, fence, started, until)
                .map(claim -> {
                    Term.Change change;
                    synchronized (term) {
                        if (closed) {
                            // Shut down while this claim was under way: what it won is given back at once.
                            giveBack(claim);
                            return false;
                        }
                        change = term.record(started, claim);
                        settled = true;
                    }
                    logChange(change, claim.lease());
                    return leads();
                })
                .onFailure()
                .recoverWithItem(e -> {
                    LOG.warnf("replica=%s lease not renewed: %s", replica, e.toString());
                    return leads();
                });
    }

    /** Gives the lease up; from then on this replica never leads. */
    public Uni<Boolean> release() {
        long fence;
        synchronized (term) {
            closed = true;
            fence = term.fence();
            term.released();
        }
        if (leases == null || fence == Term.NO_TERM) {
            return Uni.createFrom().item(false);
        }
        return leases.release(LEASE, replica, fence).invoke(released -> {
            if (released) {
                LOG.infof("replica=%s gave up the lease (fence %d)", replica, fence);
            }
        });
    }

    // On the main thread at shutdown, before the store's pool is closed; never on the event loop.
    void stop(@Observes ShutdownEvent stopping) {
        try {
            release().await().atMost(RELEASE_WAIT);
        } catch (RuntimeException e) {
            LOG.warnf("replica=%s lease not given up, it expires by itself: %s", replica, e.toString());
        }
    }

    private void giveBack(LeaseStore.Claim claim) {
        if (claim.granted()) {
            leases.release(LEASE, replica, claim.lease().fence()).subscribe().with(ok -> {}, e -> {});
        }
    }

    private void logChange(Term.Change change, Lease lease) {
        switch (change) {
            case GAINED -> LOG.infof("replica=%s leads the cluster (fence %d)", replica, lease.fence());
            case LOST -> LOG.infof("replica=%s no longer leads; holder=%s", replica, lease.holder());
            default -> {}
        }
    }

    static String replicaId(Optional<String> configured, String hostname) {
        if (configured.isPresent() && !configured.get().isBlank()) {
            return configured.get();
        }
        String base = hostname == null || hostname.isBlank() ? "replica" : hostname;
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Duration checkedLease(AinfinityConfig.Leader leader) {
        Duration lease = leader.leaseDuration();
        Duration renew = leader.renewInterval();
        if (renew.isNegative() || renew.isZero() || renew.compareTo(lease) >= 0) {
            throw new IllegalArgumentException(
                    "ainfinity.leader.renew-interval (%s) must be positive and shorter than ainfinity.leader.lease-duration (%s)"
                            .formatted(renew, lease));
        }
        return lease;
    }
}
