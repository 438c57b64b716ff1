package io.ainfinity.skypilot;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * One launch of a job, run as a {@link SkyOps} operation. Records a "launch started" marker naming this replica before
 * {@code sky} is invoked (compare-and-set, so only one launch per job can ever be under way), submits the launch with
 * {@code --async}, adds the API server's request id to the marker, waits for the request ({@code sky api logs}), and
 * records the SkyPilot job id once it is through. A launch that outlives its time limit is cancelled on the API server
 * ({@code sky api cancel}), not only in the CLI. SkyPilot always runs detached; from then on the reconciler follows
 * the job.
 */
final class SkyLauncher {

    private static final Logger LOG = Logger.getLogger(SkyLauncher.class);

    private final JobStore store;
    private final JobLifecycle lifecycle;
    private final SkyCli cli;
    private final SkyFiles files;
    private final Teardowns teardowns;
    private final StrayManagedJobs strays;
    private final String replica;
    private final Clock clock;

    SkyLauncher(
            JobStore store,
            JobLifecycle lifecycle,
            SkyCli cli,
            SkyFiles files,
            Teardowns teardowns,
            StrayManagedJobs strays,
            String replica,
            Clock clock) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.cli = cli;
        this.files = files;
        this.teardowns = teardowns;
        this.strays = strays;
        // '@' and '#' delimit the marker's parts; pod names never hold them, a configured id might.
        this.replica = replica.replaceAll("[@#\\s]", "_");
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
    private Uni<SkyRef> mark(Job job, String expectedRef) {
        SkyRef marker = SkyRef.launching(clock.instant(), replica);
        return store.compareAndSetRunRef(job.name(), expectedRef, marker.toString())
                .map(won -> won ? marker : null);
    }

    private Uni<Void> run(Job job, SkyMode mode, SkyRef marker) {
        String name = job.name();
        Path task;
        try {
            task = files.writeTask(name, job.taskYaml());
        } catch (IOException e) {
            return fail(name, "the task file could not be written: " + e.getMessage());
        }
        List<String> argv = mode == SkyMode.MANAGED
                ? cli.commands().jobsLaunch(name, task, cli.secretNames())
                : cli.commands()
                        .launch(
                                cluster(job),
                                task,
                                job.spec().down(),
                                cli.settings().idleMinutesToDown(),
                                cli.secretNames());
        // This launch owns the name now, should an earlier job of the same name have left a stray behind.
        return strays.forget(name)
                .flatMap(x -> cli.launch(argv))
                .flatMap(call -> {
                    if (call.ok()) {
                        return submitted(job, mode, marker, call);
                    }
                    Optional<String> request = SkyOutput.requestId(call.stdout());
                    if (call.timedOut() && request.isPresent()) {
                        // Killed after the API server took the request: cancel it there.
                        return cancelled(job, mode, request.get(), call.timeout());
                    }
                    // A submit killed at its time limit may have reached the API server: its id is unknown.
                    return failed(job, mode, call.failure(), call.timedOut());
                })
                .onFailure(CommandNotFoundException.class)
                .recoverWithUni(missing -> fail(name, "the SkyPilot CLI is not available: " + missing.getMessage()));
    }

    /** The API server took the request: its id goes into the marker, then the launch waits for the request. */
    private Uni<Void> submitted(Job job, SkyMode mode, SkyRef marker, SkyCall submit) {
        Optional<String> request = SkyOutput.requestId(submit.stdout());
        if (request.isEmpty()) {
            LOG.warnf("job=%s `sky` printed no request id for the launch; it is followed by name", job.name());
            return recorded(job, mode, marker.toString(), submit);
        }
        String id = request.get();
        SkyRef withRequest = marker.withRequest(id);
        return store.compareAndSetRunRef(job.name(), marker.toString(), withRequest.toString())
                .onFailure()
                .recoverWithItem(e -> {
                    LOG.warnf("job=%s launch request %s not recorded: %s", job.name(), id, e.toString());
                    return false;
                })
                .flatMap(ok -> {
                    String current = ok ? withRequest.toString() : marker.toString();
                    return cli.launch(cli.commands().apiLogs(id)).flatMap(wait -> {
                        if (wait.ok()) {
                            return recorded(job, mode, current, wait);
                        }
                        return wait.timedOut()
                                ? cancelled(job, mode, id, wait.timeout())
                                : failed(job, mode, wait.failure(), false);
                    });
                });
    }

    /** A launch over its time limit: killing the CLI leaves the request running on the server, so it is cancelled. */
    private Uni<Void> cancelled(Job job, SkyMode mode, String id, Duration limit) {
        String launch = mode == SkyMode.MANAGED ? "sky jobs launch" : "sky launch";
        String over = "`%s` did not finish within %s"
                .formatted(launch, limit.toString().substring(2).toLowerCase());
        return cli.change(cli.commands().apiCancel(id)).flatMap(cancel -> {
            if (cancel.ok() && SkyOutput.nothingToCancel(cancel.stdout())) {
                // Through on the server after all: what it made is watched, and torn down or cancelled if listed.
                return failed(job, mode, over + "; its request had already finished on the SkyPilot API server", false);
            }
            if (cancel.ok()) {
                return failed(job, mode, over + "; its request was cancelled on the SkyPilot API server", false);
            }
            LOG.warnf("job=%s launch request %s not cancelled on the API server: %s", job.name(), id, cancel.failure());
            return failed(job, mode, over + "; its request could not be cancelled: " + cancel.failure(), true);
        });
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

    /** @param requestLive the launch request may still be running on the API server (it could not be cancelled) */
    private Uni<Void> failed(Job job, SkyMode mode, String reason, boolean requestLive) {
        Uni<Void> watch = mode == SkyMode.CLUSTER
                // A failed or killed launch may have left a partial cluster: tear it down if status lists it.
                ? teardowns.watch(cluster(job), job.name())
                // Or a submitted managed job, which would run (and bill) for ever: cancel it if the jobs queue lists
                // it.
                : strays.watch(job.name(), job.name(), requestLive);
        return watch.onFailure()
                .invoke(e -> LOG.warnf("job=%s clean-up watch not recorded: %s", job.name(), e.toString()))
                .onFailure()
                .recoverWithNull()
                .flatMap(x -> fail(job.name(), reason));
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
