package io.ainfinity.skypilot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import io.ainfinity.config.AinfinityConfig;
import io.ainfinity.job.IllegalTransitionException;
import io.ainfinity.job.Job;
import io.ainfinity.job.JobLifecycle;
import io.ainfinity.job.JobStatus;
import io.ainfinity.job.store.JobStore;
import io.ainfinity.leader.LeaderElection;
import io.ainfinity.leader.NotLeader;
import io.ainfinity.skypilot.ReconcilePlanner.Decision;
import io.ainfinity.skypilot.SkyStatusMapper.Observation;
import io.ainfinity.task.Backends;
import io.ainfinity.task.SkyMode;

/**
 * Follows SkyPilot jobs: each cycle reads SkyPilot's state with a constant number of {@code sky} calls, whatever the
 * number of jobs ({@link SkyReader}: at most one status, one queue, one managed-jobs queue), and moves each job through
 * {@link JobLifecycle} as {@link ReconcilePlanner} decides. Jobs with an operation in flight are left alone. The first
 * cycle after start-up also picks up what a previous run of the service left: launches never started, and launches
 * whose outcome was lost (adopted by name, or launched again when SkyPilot knows nothing of them).
 */
@ApplicationScoped
public class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);
    private static final Duration STOP_RETRY = Duration.ofMinutes(1);

    /** What a cycle did, for tests and the debug log. */
    public record Cycle(int jobs, int skyCalls, Duration took) {}

    private final boolean enabled;
    private final JobStore store;
    private final JobLifecycle lifecycle;
    private final SkyPilotBackend backend;
    private final SkyReader reader;
    private final ReconcilePacer pacer;
    private final Clock clock;
    private final BooleanSupplier leads;
    private final Set<String> unknownValues = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> lastStop = new ConcurrentHashMap<>();
    private final AtomicLong cycles = new AtomicLong();
    private volatile boolean recovering = true;

    @Inject
    public Reconciler(
            AinfinityConfig config,
            JobStore store,
            JobLifecycle lifecycle,
            SkyPilotBackend backend,
            SkyCli cli,
            ReconcilePacer pacer,
            Clock clock,
            LeaderElection election) {
        this(config.skypilot().enabled(), store, lifecycle, backend, cli, pacer, clock, election::leads);
    }

    /** A reconciler that always leads, as the only replica does. */
    public Reconciler(
            boolean enabled,
            JobStore store,
            JobLifecycle lifecycle,
            SkyPilotBackend backend,
            SkyCli cli,
            ReconcilePacer pacer,
            Clock clock) {
        this(enabled, store, lifecycle, backend, cli, pacer, clock, () -> true);
    }

    public Reconciler(
            boolean enabled,
            JobStore store,
            JobLifecycle lifecycle,
            SkyPilotBackend backend,
            SkyCli cli,
            ReconcilePacer pacer,
            Clock clock,
            BooleanSupplier leads) {
        this.enabled = enabled;
        this.store = store;
        this.lifecycle = lifecycle;
        this.backend = backend;
        this.reader = new SkyReader(cli, clock);
        this.pacer = pacer;
        this.clock = clock;
        this.leads = leads;
    }

    // Skipped before the pacer is asked, so a replica that becomes leader runs its first cycle at once.
    @Scheduled(
            every = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = NotLeader.class)
    Uni<Void> tick() {
        if (!enabled || !pacer.startIfDue(clock.instant())) {
            return Uni.createFrom().voidItem();
        }
        return cycle().invoke(c -> LOG.debugf(
                        "reconcile jobs=%d skyCalls=%d tookMs=%d",
                        c.jobs(), c.skyCalls(), c.took().toMillis()))
                .onFailure()
                .invoke(e -> LOG.warnf("reconcile cycle failed: %s", e.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** One cycle: read SkyPilot once, then record what changed, job by job. */
    public Uni<Cycle> cycle() {
        Instant started = clock.instant();
        AtomicInteger calls = new AtomicInteger();
        return store.active(Backends.SKYPILOT).flatMap(all -> {
            List<Job> jobs = all.stream().filter(j -> !backend.busy(j.name())).toList();
            List<Job> clusterJobs = jobs.stream()
                    .filter(j -> j.spec().skyMode() == SkyMode.CLUSTER)
                    .toList();
            List<Job> managedJobs = jobs.stream()
                    .filter(j -> j.spec().skyMode() == SkyMode.MANAGED)
                    .toList();
            return backend.cleanups()
                    .flatMap(cleanups -> read(clusterJobs, managedJobs, cleanups, calls)
                            .flatMap(snapshot -> {
                                // The read may have taken minutes; a leader whose lease ran out meanwhile acts no more.
                                if (!leads.getAsBoolean()) {
                                    return Uni.createFrom()
                                            .item(new Cycle(
                                                    0, calls.get(), Duration.between(started, clock.instant())));
                                }
                                Uni<Void> teardowns = snapshot.clustersKnown()
                                        ? backend.teardowns()
                                                .review(
                                                        cleanups,
                                                        snapshot.clusters().keySet(),
                                                        snapshot.statusStartedAt())
                                        : Uni.createFrom().voidItem();
                                Uni<Void> strays = snapshot.managedKnown()
                                        ? backend.strays()
                                                .review(cleanups, snapshot.managed(), snapshot.statusStartedAt())
                                        : Uni.createFrom().voidItem();
                                return teardowns
                                        .flatMap(x -> strays)
                                        .onFailure()
                                        .invoke(e -> LOG.warnf("clean-ups not reviewed: %s", e.toString()))
                                        .onFailure()
                                        .recoverWithNull()
                                        .flatMap(x -> jobs(jobs, snapshot, started, calls));
                            }));
        });
    }

    private Uni<SkySnapshot> read(
            List<Job> clusterJobs, List<Job> managedJobs, List<CleanupRows.Row> cleanups, AtomicInteger calls) {
        Set<String> teardowns = names(cleanups, CleanupRows.Kind.DOWN);
        Set<String> strays = names(cleanups, CleanupRows.Kind.CANCEL);
        return reader.read(clusterJobs, managedJobs, teardowns, strays, calls);
    }

    private static Set<String> names(List<CleanupRows.Row> rows, CleanupRows.Kind kind) {
        return rows.stream()
                .filter(r -> r.kind() == kind)
                .map(CleanupRows.Row::name)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    private Uni<Cycle> jobs(List<Job> jobs, SkySnapshot snapshot, Instant started, AtomicInteger calls) {
        boolean recover = recovering;
        return Multi.createFrom()
                .iterable(jobs)
                .onItem()
                .transformToUniAndConcatenate(job -> (leads.getAsBoolean()
                                ? apply(job, snapshot, recover)
                                : Uni.createFrom().voidItem())
                        .onFailure()
                        .recoverWithItem(e -> {
                            LOG.warnf("job=%s not reconciled: %s", job.name(), e.toString());
                            return null;
                        }))
                .collect()
                .last()
                .map(last -> {
                    recovering = false;
                    cycles.incrementAndGet();
                    return new Cycle(jobs.size(), calls.get(), Duration.between(started, clock.instant()));
                });
    }

    /** Cycles completed since start-up. */
    public long completedCycles() {
        return cycles.get();
    }

    private Uni<Void> apply(Job job, SkySnapshot snapshot, boolean recover) {
        Decision d = ReconcilePlanner.decide(job, snapshot, recover);
        Uni<Void> adopt = d.adoptRef() == null
                ? Uni.createFrom().voidItem()
                : store.compareAndSetRunRef(
                                job.name(), job.runRef(), d.adoptRef().toString())
                        .invoke(done -> {
                            if (done
                                    && SkyRef.parse(job.runRef())
                                            .map(SkyRef::isLaunching)
                                            .orElse(false)) {
                                LOG.infof("job=%s adopted %s found in SkyPilot by name", job.name(), d.adoptRef());
                            }
                        })
                        .replaceWithVoid();
        return adopt.flatMap(x -> record(job, d)).invoke(() -> act(job, d));
    }

    private Uni<Void> record(Job job, Decision d) {
        Observation o = d.observation();
        if (o == null) {
            return Uni.createFrom().voidItem();
        }
        if (o.unknownValue() != null && unknownValues.add(o.unknownValue())) {
            LOG.warnf(
                    "SkyPilot reported '%s', which this service does not know; job=%s is unknown",
                    o.unknownValue(), job.name());
        }
        Uni<Void> sky = Objects.equals(o.skyStatus(), job.skyStatus())
                ? Uni.createFrom().voidItem()
                : store.updateSkyStatus(job.name(), o.skyStatus());
        JobStatus next = o.status();
        if (next == JobStatus.RUNNING && (job.status() == next || job.status().canTransitionTo(next))) {
            // Kept in memory only: the job's log follower starts on the metrics harvest's own schedule.
            backend.running(job);
        }
        if (next == null || next == job.status() || !job.status().canTransitionTo(next)) {
            return sky;
        }
        return sky.flatMap(x -> lifecycle.transition(job.name(), next, o.message()))
                .invoke(moved -> {
                    if (next.isTerminal()) {
                        SkyRef ref = d.adoptRef() != null
                                ? d.adoptRef()
                                : SkyRef.parse(job.runRef()).orElse(null);
                        backend.ended(job, ref == null ? null : ref.jobId(), d.teardown());
                        lastStop.remove(job.name());
                    }
                })
                .replaceWithVoid()
                .onFailure(IllegalTransitionException.class)
                .recoverWithNull();
    }

    private void act(Job job, Decision d) {
        if (d.relaunch()) {
            backend.relaunch(job);
        }
        if (d.restop()) {
            Instant now = clock.instant();
            Instant last = lastStop.get(job.name());
            if (last == null || !now.isBefore(last.plus(STOP_RETRY))) {
                lastStop.put(job.name(), now);
                backend.restop(job);
            }
        }
    }
}
