package io.ainfinity.leader;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import io.ainfinity.config.AinfinityConfig;
import io.ainfinity.config.StoreKind;
import io.ainfinity.store.Database;

/**
 * Tells the other replicas that this one is alive: on PostgreSQL it records itself in the {@code replicas} table at
 * start-up and every {@code ainfinity.leader.renew-interval}, and the leader forgets replicas gone for an hour. A
 * replica not seen for a lease duration counts as gone, and so do the local tasks it ran. On SQLite there is only one
 * replica and nothing is written.
 */
@ApplicationScoped
public class ReplicaRegistry {

    private static final Logger LOG = Logger.getLogger(ReplicaRegistry.class);
    /** Long past the lease: the rows of gone replicas say which ran lately, for operators, then go. */
    static final Duration FORGET_AFTER = Duration.ofHours(1);

    private static final Duration START_WAIT = Duration.ofSeconds(10);

    private final LeaderElection election;
    private final Duration lease;
    private final JdbcReplicas replicas; // null: the only replica (SQLite)
    private final Clock clock;
    private final Instant startedAt;
    private volatile Set<String> alive = Set.of();

    @Inject
    ReplicaRegistry(AinfinityConfig config, LeaderElection election, Database database, Clock clock) {
        this(
                election,
                config.leader().leaseDuration(),
                config.store().kind() == StoreKind.postgresql
                        ? new JdbcReplicas(database.dataSource(), database.pool())
                        : null,
                clock);
    }

    /** A registry on {@code replicas}, or with {@code replicas} null the sole replica's, which records nothing. */
    public ReplicaRegistry(LeaderElection election, Duration lease, JdbcReplicas replicas, Clock clock) {
        this.election = election;
        this.lease = lease;
        this.replicas = replicas;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    public String replica() {
        return election.replica();
    }

    /** Whether other replicas may share the store, and so whether their liveness is recorded at all. */
    public boolean shared() {
        return replicas != null;
    }

    /** The moment before which a replica not seen since counts as gone. */
    public Instant aliveSince(Instant now) {
        return now.minus(lease);
    }

    /**
     * Whether this replica has been up for a lease duration: before that, replicas restarted with it may still be
     * adopting the tasks they find on their hosts, and what looks orphaned may not be.
     */
    public boolean settled(Instant now) {
        return !now.isBefore(startedAt.plus(lease));
    }

    // Before the API takes launches: a job's owner is on record as alive from its first launch on.
    void start(@Observes StartupEvent started) {
        try {
            beat().await().atMost(START_WAIT);
        } catch (RuntimeException e) {
            LOG.warnf("replica=%s not recorded at start-up: %s", replica(), e.toString());
        }
    }

    @Scheduled(
            every = "${ainfinity.leader.renew-interval:3S}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> renew() {
        return beat().onFailure().recoverWithUni(e -> {
            LOG.warnf("replica=%s not recorded as alive: %s", replica(), e.toString());
            return Uni.createFrom().voidItem();
        });
    }

    /**
     * Whether {@code replica} was seen alive within a lease duration, as of this replica's last beat. This replica
     * always is; on SQLite no other is.
     */
    public boolean alive(String replica) {
        return replica().equals(replica) || alive.contains(replica);
    }

    /**
     * Records this replica as seen now and reads which others are; the leader also forgets the replicas gone long
     * ago.
     */
    public Uni<Void> beat() {
        if (replicas == null) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        Uni<Void> seen = replicas.seen(replica(), startedAt, now)
                .flatMap(x -> replicas.seenSince(aliveSince(now)))
                .invoke(seenSince -> alive = seenSince)
                .replaceWithVoid();
        if (!election.leads()) {
            return seen;
        }
        return seen.flatMap(done -> replicas.forget(now.minus(FORGET_AFTER))).replaceWithVoid();
    }
}
