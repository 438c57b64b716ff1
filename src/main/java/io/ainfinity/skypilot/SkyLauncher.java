package io.ainfinity.skypilot;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import io.ainfinity.job.IllegalTransitionException;
import io.ainfinity.job.Job;
import io.ainfinity.job.JobLifecycle;
import io.ainfinity.job.JobStatus;
import io.ainfinity.job.store.JobStore;
import io.ainfinity.process.CommandNotFoundException;
import io.ainfinity.task.SkyMode;

/**
 * One launch of a job, run as a {@link SkyOps} operation. Records a "launch started" marker before {@code sky} is
 * invoked (compare-and-set, so only one launch per job can ever be under way), and the SkyPilot job id once it returns.
 * SkyPilot always runs detached; from then on the reconciler follows the job.
 */
final class SkyLauncher {

    private static final Logger LOG = Logger.getLogger(SkyLauncher.class);

    private final JobStore store;
    private final JobLifecycle lifecycle;
    private final SkyCli cli;
    private final SkyFiles files;
    private final Teardowns teardowns;
    private final StrayManagedJobs strays;
    private final Clock clock;

    SkyLauncher(
            JobStore store,
            JobLifecycle lifecycle,
            SkyCli cli,
            SkyFiles files,
            Teardowns teardowns,
            StrayManagedJobs strays,
            Clock clock) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.cli = cli;
        this.files = files;
        this.teardowns = teardowns;
        this.strays = strays;
        this.clock = clock;
    }

    /**
     * The first launch of a job just recorded: the job as the service stored it, not read back. A stop that came
     * meanwhile withdrew this launch from the line or made the move to {@code provisioning} fail.
     */
    Uni<Void> launch(Job job) {
        return start(job, null, lifecycle.transition(job, JobStatus.PROVISIONING, provisioning(job)));
    }

    /**
     * Launches again a job whose earlier launch was lost, reading it first: it may have changed since.
     *
     * @param expectedRef the run handle the job must still have (the lost launch's marker)
     */
    Uni<Void> relaunch(String name, String expectedRef) {
        return store.find(name).flatMap(found -> {
            Job job = found.orElse(null);
            if (job == null || job.status().isTerminal() || job.status() == JobStatus.STOPPING) {
                return Uni.createFrom().voidItem();
            }
            if (!Objects.equals(job.runRef(), expectedRef)) {
                LOG.debugf("job=%s launch skipped: run_ref is %s, not %s", name, job.runRef(), expectedRef);
                return Uni.createFrom().voidItem();
            }
            return start(job, expectedRef, lifecycle.transition(name, JobStatus.PROVISIONING, provisioning(job)));
        });
    }

    private static String provisioning(Job job) {
        return "launching on SkyPilot (%s mode)".formatted(job.spec().skyMode().wireName());
    }

    private Uni<Void> start(Job job, String expectedRef, Uni<Job> provisioning) {
        return provisioning
                .flatMap(moved -> mark(job, expectedRef))
                .onFailure(IllegalTransitionException.class)
                .recoverWithNull()
                .flatMap(marker -> marker != null
                        ? run(job, job.spec().skyMode(), marker)
                        : Uni.createFrom().voidItem());
    }

    /** The marker written, or null when another launch got there first. */
    private Uni<String> mark(Job job, String expectedRef) {
        String marker = SkyRef.launching(clock.instant()).toString();
        return store.compareAndSetRunRef(job.name(), expectedRef, marker).map(won -> won ? marker : null);
    }

    private Uni<Void> run(Job job, SkyMode mode, String marker) {
        String name = job.name();
        Path task;
        try {
            task = files.writeTask(name, job.taskYaml());
        } catch (IOException e) {
            return fail(name, "the task file could not be written: " + e.getMessage());
        }
        // This launch owns the name now, should an earlier job of the same name have left a stray behind.
        strays.forget(name);
        List<String> argv = mode == SkyMode.MANAGED
                ? cli.commands().jobsLaunch(name, task, cli.secretNames())
                : cli.commands()
                        .launch(
                                cluster(job),
                                task,
                                job.spec().down(),
                                cli.settings().idleMinutesToDown(),
                                cli.secretNames());
        return cli.launch(argv)
                .flatMap(call -> call.ok() ? recorded(job, mode, marker, call) : failed(job, mode, call))
                .onFailure(CommandNotFoundException.class)
                .recoverWithUni(missing -> fail(name, "the SkyPilot CLI is not available: " + missing.getMessage()));
    }

    private Uni<Void> recorded(Job job, SkyMode mode, String marker, SkyCall call) {
        OptionalLong id = mode == SkyMode.MANAGED
                ? SkyOutput.managedJobId(call.stdout())
                : SkyOutput.launchedJobId(call.stdout());
        SkyRef ref = SkyRef.recorded(mode, id.isPresent() ? id.getAsLong() : null);
        LOG.debugf("job=%s launched on SkyPilot: %s", job.name(), ref);
        return store.compareAndSetRunRef(job.name(), marker, ref.toString())
                .replaceWithVoid()
                // The marker stays; the next reconcile finds the cluster or managed job by name and adopts it.
                .onFailure()
                .recoverWithItem(e -> {
                    LOG.warnf("job=%s launch result not recorded (%s); it will be adopted", job.name(), e.getMessage());
                    return null;
                });
    }

    private Uni<Void> failed(Job job, SkyMode mode, SkyCall call) {
        if (mode == SkyMode.CLUSTER) {
            // A failed or killed launch may have left a partial cluster: tear it down if status lists it.
            teardowns.watch(cluster(job), job.name());
        } else {
            // Or a submitted managed job, which would run (and bill) for ever: cancel it if the jobs queue lists it.
            strays.watch(job.name(), call.timedOut());
        }
        return fail(job.name(), call.failure());
    }

    private Uni<Void> fail(String name, String reason) {
        return lifecycle
                .transition(name, JobStatus.FAILED, reason)
                .replaceWithVoid()
                .onFailure(IllegalTransitionException.class)
                .recoverWithNull();
    }

    static String cluster(Job job) {
        return job.clusterName() != null ? job.clusterName() : job.name();
    }
}
