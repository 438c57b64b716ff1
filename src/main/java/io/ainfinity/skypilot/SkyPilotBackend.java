package io.ainfinity.skypilot;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.ainfinity.backend.LogMetrics;
import io.ainfinity.errors.ServiceUnavailableException;
import io.ainfinity.job.Backend;
import io.ainfinity.job.Job;
import io.ainfinity.job.JobEventRecorded;
import io.ainfinity.job.JobLifecycle;
import io.ainfinity.job.LaunchReservation;
import io.ainfinity.job.store.JobStore;
import io.ainfinity.leader.LeaderElection;
import io.ainfinity.leader.NotLeader;
import io.ainfinity.leader.ReplicaRegistry;
import io.ainfinity.logs.LogTail;
import io.ainfinity.logs.LogUpstream;
import io.ainfinity.process.ProcessTree;
import io.ainfinity.process.WorkerPool;
import io.ainfinity.store.Database;
import io.ainfinity.task.Backends;

/**
 * Runs jobs through SkyPilot's {@code sky} CLI, in cluster or managed mode. Launches, stops and teardowns wait in one
 * first-come-first-served line ({@link SkyOps}), never two for the same job at once; what happens to a job after its
 * launch is observed by the {@link Reconciler}. The task handed to {@code sky} is the job's stored YAML.
 */
@ApplicationScoped
public class SkyPilotBackend implements Backend {

    private static final Logger LOG = Logger.getLogger(SkyPilotBackend.class);
    /** A launch takes minutes; by then a few of those ahead in line have usually gone through. */
    private static final Duration LINE_FULL_RETRY = Duration.ofSeconds(30);

    private final SkyOps ops;
    private final SkyFiles files;
    private final SkyLauncher launcher;
    private final SkyStopper stopper;
    private final SkyLogs logs;
    private final SkyLogFollowers followers;
    private final SkyMetrics metrics;
    private final CleanupRows cleanups;
    private final Teardowns teardowns;
    private final StrayManagedJobs strays;
    private final String replica;
    private final JobStore store;
    private final SkyCli cli;
    private volatile Predicate<String> replicaAlive = other -> false;
    private final ReconcilePacer pacer;
    private final WorkerPool pool;
    private final SkyAvailability availability;
    private final Clock clock;

    public SkyPilotBackend(
            JobStore store,
            JobLifecycle lifecycle,
            SkyCli cli,
            SkyOps ops,
            SkyFiles files,
            ReconcilePacer pacer,
            WorkerPool pool,
            SkyAvailability availability,
            Database database,
            LeaderElection election,
            Clock clock,
            Event<JobEventRecorded.Metrics> recorded,
            @ConfigProperty(name = "ainfinity.skypilot.max-log-followers", defaultValue = "32") int maxLogFollowers,
            @ConfigProperty(name = "ainfinity.skypilot.metrics-interval", defaultValue = "1S")
                    Duration metricsInterval) {
        this.ops = ops;
        this.store = store;
        this.cli = cli;
        this.pacer = pacer;
        this.pool = pool;
        this.availability = availability;
        this.clock = clock;
        this.files = files;
        this.replica = election.replica();
        this.cleanups = new CleanupRows(database.dataSource(), database.pool());
        this.teardowns = new Teardowns(cleanups, clock);
        this.strays = new StrayManagedJobs(cleanups, clock);
        this.logs = new SkyLogs(cli, files, pool, clock);
        this.followers = new SkyLogFollowers(cli, files, maxLogFollowers);
        this.metrics = new SkyMetrics(followers, new LogMetrics(store, recorded, pool, clock, metricsInterval), pool);
        this.launcher = new SkyLauncher(store, lifecycle, cli, files, teardowns, strays, replica, clock);
        this.stopper = new SkyStopper(store, lifecycle, cli, logs, teardowns, metrics);
        // Clusters are named after their jobs, so a teardown waits in line behind the job's own operations.
        teardowns.downWith(cluster -> ops.submit(
                        cluster, "down", () -> cli.change(cli.commands().down(cluster)))
                .map(SkyCall::ok));
        // Behind the job's own operations too; skipped when a new launch of the name came first and owns it now.
        strays.cancelWith(name -> ops.submit(
                name,
                "cancel",
                () -> strays.watched(name)
                        .flatMap(watched -> watched
                                ? cli.change(cli.commands().jobsCancelByName(name))
                                        .map(SkyCall::ok)
                                : Uni.createFrom().item(false))));
    }

    // At shutdown, when the backend was ever used: an observer of ShutdownEvent would build it just to stop nothing.
    @PreDestroy
    void stopFollowers() {
        followers.stopAll();
    }

    @Override
    public String name() {
        return Backends.SKYPILOT;
    }

    @Override
    public LaunchReservation reserveLaunch() {
        return ops.reserve()
                .orElseThrow(() -> new ServiceUnavailableException(
                        "%d SkyPilot operations are waiting already, the most that may".formatted(ops.maxWaiting())
                                + " (ainfinity.skypilot.max-queued-operations); try again later",
                        LINE_FULL_RETRY));
    }

    @Override
    public Uni<Void> launch(Job job) {
        pacer.hurry(clock.instant());
        return ops.submit(job.name(), "launch", () -> launcher.launch(job));
    }

    @Override
    public Optional<String> refusesLaunches() {
        return availability.unavailable();
    }

    @Override
    public boolean disabled() {
        return availability.check().state() == SkyAvailability.State.DISABLED;
    }

    @Override
    public Uni<Void> stop(Job before) {
        pacer.hurry(clock.instant());
        if (ops.withdraw(before.name(), "launch")) {
            LOG.debugf("job=%s launch withdrawn before it started", before.name());
        }
        return ops.submit(before.name(), "stop", () -> stopper.stop(before.name()))
                .invoke(() -> pacer.hurry(clock.instant()));
    }

    @Override
    public Path logFile(Job job) {
        return followers.spool(job.name());
    }

    @Override
    public Optional<LogUpstream> followLog(Job job) {
        return followers.start(job).map(LogUpstream.class::cast);
    }

    @Override
    public Uni<LogTail> logs(Job job, int tail) {
        return logs.logs(job, tail);
    }

    @Override
    public Uni<Void> cleanup(Job job) {
        return pool.submit(() -> {
            files.delete(job.name());
            return null;
        });
    }

    SkyLogFollowers followers() {
        return followers;
    }

    /** Whether an operation of the job is waiting or running; the reconciler leaves such a job alone. */
    boolean busy(String job) {
        return ops.busy(job);
    }

    /**
     * Launches again a job whose launch never happened or left no trace in SkyPilot, unless that launch may still be
     * under way: on another replica that is alive, or as a request the SkyPilot API server is still running.
     */
    void relaunch(Job job) {
        SkyRef marker = SkyRef.parse(job.runRef()).filter(SkyRef::isLaunching).orElse(null);
        String other = marker == null || replica.equals(marker.replica()) ? null : marker.replica();
        if (other != null && replicaAlive.test(other)) {
            LOG.debugf("job=%s its launch is under way on replica %s", job.name(), other);
            return;
        }
        if (marker != null && marker.requestId() != null) {
            ops.submit(job.name(), "launch-request", () -> afterRequest(job, marker))
                    .subscribe()
                    .with(ok -> {}, e -> LOG.warnf("job=%s launch request not checked: %s", job.name(), e.toString()));
            return;
        }
        if (other != null
                && clock.instant()
                        .isBefore(marker.startedAt().plus(cli.settings().launchTimeout()))) {
            // Its submit may still be under way there: it has no request id yet, and it is not over its time limit.
            LOG.debugf("job=%s waiting for the launch submitted by replica %s", job.name(), other);
            return;
        }
        // A launch started before a crash of this service may still be running (sky runs in a session of its own):
        // SkyPilot lists the job only once it is through, so until then nothing may be launched again.
        List<ProcessHandle> earlier = earlierLaunches(job.name());
        if (!earlier.isEmpty()) {
            LOG.infof(
                    "job=%s an earlier launch is still running (pid %d); waiting for it",
                    job.name(), earlier.get(0).pid());
            return;
        }
        launchAgain(job);
    }

    /** Asks the API server what became of the launch request of a launch whose replica did not see it through. */
    private Uni<Void> afterRequest(Job job, SkyRef marker) {
        String id = marker.requestId();
        return cli.read(cli.commands().apiStatus(List.of(id))).map(call -> {
            if (!call.ok()) {
                LOG.warnf("job=%s launch request %s not read: %s", job.name(), id, call.failure());
                return null;
            }
            String status = SkyOutput.requestStatuses(call.stdout()).get(id);
            if ("PENDING".equals(status) || "RUNNING".equals(status)) {
                LOG.debugf("job=%s launch request %s is %s on the API server", job.name(), id, status);
            } else if ("SUCCEEDED".equals(status)) {
                // Through, though no status read listed it yet: followed by name from now on, like any launch.
                SkyRef launched = SkyRef.recorded(job.spec().skyMode(), null);
                store.compareAndSetRunRef(job.name(), marker.toString(), launched.toString())
                        .subscribe()
                        .with(ok -> LOG.infof("job=%s launch request %s had succeeded", job.name(), id), e -> {});
            } else {
                LOG.infof("job=%s launch request %s is %s", job.name(), id, status == null ? "unknown" : status);
                launchAgain(job);
            }
            return null;
        });
    }

    private void launchAgain(Job job) {
        LOG.infof("job=%s launching (again): SkyPilot knows nothing of it", job.name());
        pacer.hurry(clock.instant());
        ops.submit(job.name(), "launch", () -> launcher.relaunch(job.name(), job.runRef()))
                .subscribe()
                .with(ok -> {}, e -> LOG.warnf("job=%s launch failed: %s", job.name(), e.getMessage()));
    }

    /** How this replica tells whether another replica is alive; on one replica none other is. */
    void replicasAlive(Predicate<String> alive) {
        this.replicaAlive = alive;
    }

    @Inject
    void replicas(ReplicaRegistry registry) {
        replicasAlive(registry::alive);
    }

    private List<ProcessHandle> earlierLaunches(String name) {
        Path task = files.task(name);
        List<ProcessHandle> found = new ArrayList<>(ProcessTree.withArguments(List.of("launch", task.toString())));
        if (!task.isAbsolute()) {
            found.addAll(ProcessTree.withArguments(
                    List.of("launch", task.toAbsolutePath().toString())));
        }
        return found;
    }

    /** Runs the stop of a job again (SkyPilot still runs it, or the service restarted during a stop). */
    void restop(Job job) {
        ops.submit(job.name(), "stop", () -> stopper.stop(job.name()))
                .subscribe()
                .with(ok -> {}, e -> LOG.warnf("job=%s stop failed: %s", job.name(), e.getMessage()));
    }

    /** The reconciler saw the job running: its metrics are read from its log while it runs. */
    void running(Job job) {
        metrics.running(job);
    }

    /**
     * Reads the logs of running jobs for new metrics, and starts following those not followed yet. The jobs are those
     * the reconciler saw running, so only the leader has any; a replica that stopped leading stops writing them.
     */
    @Scheduled(
            every = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = NotLeader.class)
    Uni<Void> harvestMetrics() {
        return metrics.poll();
    }

    /**
     * After the job's terminal status is recorded: its final metrics and, when {@code tearDown}, its log kept and its
     * cluster torn down. The log kept is also the final log its metrics fall back on, so it is read only once.
     */
    void ended(Job job, Long jobId, boolean tearDown) {
        if (!tearDown) {
            metrics.ended(job, () -> logs.finalLog(job, jobId));
            return;
        }
        String cluster = SkyLauncher.cluster(job);
        LOG.debugf("job=%s cluster=%s tearing down", job.name(), cluster);
        Uni<List<String>> keepLog =
                jobId == null ? Uni.createFrom().item(List.of()) : logs.snapshot(job, cluster, jobId);
        ops.submit(job.name(), "keep-log", () -> keepLog)
                .onFailure()
                .recoverWithItem(List.of())
                .subscribe()
                .with(kept -> {
                    teardowns.tearDown(cluster, job.name()).subscribe().with(ok -> {}, e -> {});
                    metrics.ended(job, () -> Uni.createFrom().item(kept == null ? List.of() : kept));
                });
    }

    /** Teardowns and strays still to finish, as the store has them. */
    Uni<List<CleanupRows.Row>> cleanups() {
        return cleanups.all();
    }

    Teardowns teardowns() {
        return teardowns;
    }

    StrayManagedJobs strays() {
        return strays;
    }
}
