package io.ainfinity.backend.local;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import io.ainfinity.job.Job;
import io.ainfinity.job.JobLifecycle;
import io.ainfinity.job.JobStatus;
import io.ainfinity.job.store.JobStore;
import io.ainfinity.leader.ReplicaRegistry;
import io.ainfinity.process.ProcessTree;
import io.ainfinity.task.Backends;

/**
 * Follows local tasks between their start and their exit: picks up jobs left unfinished by a previous run of the
 * service on this host, taking them over in the store as this replica's (re-attaching to a task that still runs, failing one whose process is gone), and notices when a task's
 * setup has finished, and has the metrics of running tasks read from their logs. Only tasks followed by this process
 * are looked at, so the cost is a file read or two per running task.
 */
@ApplicationScoped
public class LocalMonitor {

    private static final Logger LOG = Logger.getLogger(LocalMonitor.class);

    private final LocalBackend backend;
    private final JobStore store;
    private final JobLifecycle lifecycle;
    private final ReplicaRegistry registry;
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    public LocalMonitor(LocalBackend backend, JobStore store, JobLifecycle lifecycle, ReplicaRegistry registry) {
        this.backend = backend;
        this.store = store;
        this.lifecycle = lifecycle;
        this.registry = registry;
    }

    void recover(@Observes StartupEvent started) {
        store.active(Backends.LOCAL)
                .toMulti()
                .flatMap(jobs -> Multi.createFrom().iterable(jobs))
                .select()
                .where(this::ours)
                .onItem()
                .transformToUniAndConcatenate(this::adopt)
                .collect()
                .asList()
                .await()
                .atMost(Duration.ofMinutes(1));
        // Only now is every task that still has a job followed again: whatever else runs under a run directory has
        // none.
        backend.sweep();
    }

    @Scheduled(every = "${ainfinity.local.poll-interval:1S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> checkRunning() {
        Set<String> followed = backend.runs().followed();
        running.retainAll(followed);
        return Multi.createFrom()
                .iterable(followed)
                .onItem()
                .transformToUniAndConcatenate(
                        name -> checkPhase(name).chain(() -> backend.metrics().poll(name)))
                .collect()
                .last()
                .replaceWithVoid();
    }

    private Uni<Void> checkPhase(String name) {
        if (running.contains(name)) {
            return Uni.createFrom().voidItem();
        }
        return backend.checkPhase(name)
                .invoke(moved -> {
                    if (moved) {
                        running.add(name);
                    }
                })
                .replaceWithVoid();
    }

    /**
     * Whether an unfinished job is this replica's to pick up: every one on a store of its own; on a shared store those
     * it owns, and those whose run directory is in this data directory (what a previous run of this replica, under
     * another replica id, started here). The rest belong to other replicas, or to the leader once theirs are gone.
     */
    boolean ours(Job job) {
        return !registry.shared()
                || registry.replica().equals(job.replica())
                || Files.isDirectory(backend.runDir(job.name()).path());
    }

    /**
     * Takes a job over from the replica that ran it before (this one before a restart) and picks it up. The owner
     * changes only if nobody changed it meanwhile: a job the leader has just ended as orphaned is left alone, and the
     * start-up sweep then ends its task.
     */
    Uni<Job> adopt(Job job) {
        String self = registry.replica();
        if (self.equals(job.replica())) {
            return recover(job);
        }
        return store.compareAndSetReplica(job.name(), job.replica(), self).flatMap(taken -> {
            if (!taken) {
                LOG.infof("job=%s ended or taken over meanwhile; not adopted", job.name());
                return Uni.createFrom().item(job);
            }
            return recover(job.toBuilder().replica(self).build());
        });
    }

    Uni<Job> recover(Job job) {
        RunDir dir = backend.runDir(job.name());
        Optional<ProcessHandle> alive = RunRef.parse(job.runRef())
                .or(() -> dir.pid().map(pid -> new RunRef(pid, 0)))
                .flatMap(RunRef::findAlive);
        if (alive.isPresent()) {
            LOG.infof(
                    "job=%s re-attached to pid %d after restart",
                    job.name(), alive.get().pid());
            if (job.status() == JobStatus.STOPPING) {
                ProcessTree.terminate(alive.get(), Duration.ofSeconds(5));
            }
            backend.follow(job.name(), alive.get());
            return Uni.createFrom().item(job);
        }
        // The leader is gone, but what it started may not be (a crash during a stop, or a leader killed while this
        // service was down): that is ended first, so the job never ends while processes of its task still run.
        Optional<Long> group = RunRef.parse(job.runRef()).map(RunRef::pid).or(dir::pid);
        CompletableFuture<Void> reaped = group.map(
                        pgid -> ProcessTree.reapAsync(pgid, backend.runDirEnv(job.name()), backend.stopGrace()))
                .orElseGet(() -> CompletableFuture.completedFuture(null));
        Uni<Job> settled = Uni.createFrom().completionStage(reaped).flatMap(done -> settle(job, dir));
        if (reaped.isDone()) {
            return settled;
        }
        // Start-up does not wait out the grace period; the outcome is recorded once the group is gone.
        settled.subscribe().with(ok -> {}, e -> LOG.warnf(e, "job=%s outcome could not be recorded", job.name()));
        return Uni.createFrom().item(job);
    }

    private Uni<Job> settle(Job job, RunDir dir) {
        if (dir.exitCode().isPresent()) {
            return backend.finish(job.name());
        }
        String reason = job.runRef() == null && job.status() == JobStatus.PENDING
                ? "the service restarted before the task started; launch it again"
                : "the service restarted and the task's process was gone";
        JobStatus next = job.status() == JobStatus.STOPPING ? JobStatus.STOPPED : JobStatus.FAILED;
        return lifecycle.transition(job.name(), next, reason);
    }
}
