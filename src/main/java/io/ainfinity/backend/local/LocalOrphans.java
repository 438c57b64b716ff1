package io.ainfinity.backend.local;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import io.ainfinity.job.Job;
import io.ainfinity.job.JobLifecycle;
import io.ainfinity.job.JobStatus;
import io.ainfinity.job.store.JobStore;
import io.ainfinity.leader.LeaderElection;
import io.ainfinity.leader.NotLeader;
import io.ainfinity.leader.ReplicaRegistry;
import io.ainfinity.task.Backends;

/**
 * Ends the local jobs of replicas that are gone, on the leader only: a local task is followed by the replica that
 * started it, so once that replica has not been seen for a lease duration nobody will ever record its outcome. Each
 * job is moved on only while the gone replica still owns it, so a replica that restarted and adopted the task
 * meanwhile keeps it, and of two leaders in a hand-over only one moves it.
 */
@ApplicationScoped
public class LocalOrphans {

    private static final Logger LOG = Logger.getLogger(LocalOrphans.class);

    private final LeaderElection election;
    private final ReplicaRegistry registry;
    private final JobStore store;
    private final JobLifecycle lifecycle;
    private final Clock clock;

    public LocalOrphans(
            LeaderElection election, ReplicaRegistry registry, JobStore store, JobLifecycle lifecycle, Clock clock) {
        this.election = election;
        this.registry = registry;
        this.store = store;
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    @Scheduled(
            every = "${ainfinity.leader.lease-duration:15S}",
            skipExecutionIf = NotLeader.class,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> check() {
        return endOrphans().replaceWithVoid();
    }

    /** Ends every orphaned local job this leader finds; the answer is those it moved. */
    public Uni<List<Job>> endOrphans() {
        Instant now = clock.instant();
        if (!registry.shared() || !registry.settled(now) || !election.leads()) {
            return Uni.createFrom().item(List.of());
        }
        return store.orphaned(Backends.LOCAL, registry.replica(), registry.aliveSince(now))
                .toMulti()
                .flatMap(jobs -> Multi.createFrom().iterable(jobs))
                .onItem()
                .transformToUniAndConcatenate(this::end)
                .filter(Optional::isPresent)
                .map(Optional::get)
                .collect()
                .asList();
    }

    private Uni<Optional<Job>> end(Job orphan) {
        String gone = orphan.replica();
        LOG.warnf("job=%s replica=%s its replica is gone; ending the job", orphan.name(), gone);
        return lifecycle.transitionOwned(orphan, gone, outcome(orphan.status()), reason(gone));
    }

    /** A stop under way ends stopped, as it would have; anything else failed. */
    static JobStatus outcome(JobStatus status) {
        return status == JobStatus.STOPPING ? JobStatus.STOPPED : JobStatus.FAILED;
    }

    static String reason(String replica) {
        return "the replica that ran it (%s) stopped".formatted(replica);
    }
}
