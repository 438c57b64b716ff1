package io.ainfinity.skypilot;

import java.util.Optional;

import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import io.ainfinity.job.IllegalTransitionException;
import io.ainfinity.job.Job;
import io.ainfinity.job.JobLifecycle;
import io.ainfinity.job.JobStatus;
import io.ainfinity.job.store.JobStore;
import io.ainfinity.task.SkyMode;

/**
 * One stop of a job, run as a {@link SkyOps} operation (so after any launch of the same job). Cluster mode: cancel
 * the SkyPilot job, keep its log (the final log its metrics fall back on), tear the cluster down, and record
 * {@code stopped}. Managed mode: ask SkyPilot to cancel; the reconciler records {@code stopped} when SkyPilot reports
 * CANCELLED. A stop that fails leaves the job {@code stopping}, and the reconciler runs it again.
 */
final class SkyStopper {

    private static final Logger LOG = Logger.getLogger(SkyStopper.class);

    private final JobStore store;
    private final JobLifecycle lifecycle;
    private final SkyCli cli;
    private final SkyLogs logs;
    private final Teardowns teardowns;
    private final SkyMetrics metrics;

    /** @param metrics told when a cluster job is cancelled here, since the reconciler does not see it end */
    SkyStopper(
            JobStore store, JobLifecycle lifecycle, SkyCli cli, SkyLogs logs, Teardowns teardowns, SkyMetrics metrics) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.cli = cli;
        this.logs = logs;
        this.teardowns = teardowns;
        this.metrics = metrics;
    }

    Uni<Void> stop(String name) {
        return store.find(name).flatMap(found -> {
            Job job = found.orElse(null);
            if (job == null || job.status().isTerminal()) {
                return Uni.createFrom().voidItem();
            }
            Optional<SkyRef> ref = SkyRef.parse(job.runRef());
            if (ref.isEmpty()) {
                return stopped(name, "stopped before the launch started");
            }
            return job.spec().skyMode() == SkyMode.MANAGED ? managed(job, ref.get()) : cluster(job, ref.get());
        });
    }

    private Uni<Void> cluster(Job job, SkyRef ref) {
        String cluster = SkyLauncher.cluster(job);
        Uni<Void> cancel = ref.jobId() == null
                ? Uni.createFrom().voidItem()
                : cli.change(cli.commands().cancel(cluster, ref.jobId()))
                        .flatMap(call -> logs.snapshot(job, cluster, ref.jobId()))
                        .invoke(kept ->
                                metrics.ended(job, () -> Uni.createFrom().item(kept)))
                        .replaceWithVoid();
        return cancel.flatMap(cancelled -> cli.change(cli.commands().down(cluster)))
                .flatMap(down -> {
                    if (!down.ok()) {
                        LOG.warnf("job=%s cluster=%s stop incomplete: %s", job.name(), cluster, down.failure());
                        return Uni.createFrom().voidItem();
                    }
                    return teardowns
                            .downed(cluster, job.name())
                            .onFailure()
                            .recoverWithNull()
                            .flatMap(x -> stopped(job.name(), "stopped; cluster '%s' torn down".formatted(cluster)));
                });
    }

    private Uni<Void> managed(Job job, SkyRef ref) {
        var argv = ref.jobId() == null
                ? cli.commands().jobsCancelByName(job.name())
                : cli.commands().jobsCancel(ref.jobId());
        return cli.change(argv).flatMap(call -> {
            if (call.ok()) {
                return Uni.createFrom().voidItem();
            }
            if (call.exitCode() == 1 && SkyOutput.noManagedJobs(call.stdout(), call.stderr())) {
                return stopped(job.name(), "stopped; SkyPilot has no such managed job");
            }
            LOG.warnf("job=%s stop incomplete: %s", job.name(), call.failure());
            return Uni.createFrom().voidItem();
        });
    }

    private Uni<Void> stopped(String name, String message) {
        return lifecycle
                .transition(name, JobStatus.STOPPED, message)
                .replaceWithVoid()
                .onFailure(IllegalTransitionException.class)
                .recoverWithNull();
    }
}
