package io.ainfinity.skypilot;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import io.ainfinity.backend.LogMetrics;
import io.ainfinity.job.Job;
import io.ainfinity.process.WorkerPool;

/**
 * The training metrics of SkyPilot jobs, taken from the log the service follows anyway: the job's one follower
 * process ({@link SkyLogFollowers}), shared with its log streams. The reconciler tells what it saw (a job running, a
 * job ended); followers start on this class's own schedule, so a reconcile cycle runs no more {@code sky} processes.
 * While a job runs, the spool's new lines are read by offset ({@link LogMetrics}). Once it ended, the final values
 * come from the rest of the spool when its follower has exited with the job, or else (no follower could run, or it
 * failed) from the job's final log, which the service reads anyway or reads once. No {@code sky exec}: nothing here
 * waits in the cluster's job queue behind the training.
 */
final class SkyMetrics {

    private static final Logger LOG = Logger.getLogger(SkyMetrics.class);

    /** How long a follower may go on after its job ended before the final log is read instead of the spool. */
    private static final Duration EXIT_WAIT = Duration.ofSeconds(30);

    private final SkyLogFollowers followers;
    private final LogMetrics metrics;
    private final WorkerPool pool;
    private final Map<String, Harvest> harvests = new ConcurrentHashMap<>();

    SkyMetrics(SkyLogFollowers followers, LogMetrics metrics, WorkerPool pool) {
        this.followers = followers;
        this.metrics = metrics;
        this.pool = pool;
    }

    /** The reconciler saw the job running: its log is followed from the next poll that finds a follower slot. */
    void running(Job job) {
        harvests.computeIfAbsent(job.name(), name -> new Harvest()).seen(job);
    }

    /** Starts the followers of running jobs that have none yet (on the worker pool), then reads every followed log. */
    Uni<Void> poll() {
        List<Harvest> waiting =
                harvests.values().stream().filter(h -> !h.following()).toList();
        Uni<Void> started = waiting.isEmpty()
                ? Uni.createFrom().voidItem()
                : pool.<Void>submit(() -> {
                            waiting.forEach(harvest -> harvest.follow(followers, metrics));
                            return null;
                        })
                        // A full pool: the next poll tries again.
                        .onFailure()
                        .recoverWithNull();
        return started.flatMap(x -> Multi.createFrom()
                        .iterable(List.copyOf(harvests.entrySet()))
                        .filter(entry -> entry.getValue().following())
                        .onItem()
                        .transformToUniAndConcatenate(entry -> metrics.poll(entry.getKey()))
                        .collect()
                        .last())
                .replaceWithVoid();
    }

    /**
     * The job reached a terminal status: records its final values, from the spool once its follower has exited, or
     * from {@code finalLog} (read only then) when it had no follower or the follower did not end with the job.
     */
    void ended(Job job, Supplier<Uni<List<String>>> finalLog) {
        finish(job, finalLog)
                .subscribe()
                .with(ok -> {}, e -> LOG.debugf("job=%s final metrics not recorded: %s", job.name(), e.getMessage()));
    }

    private Uni<Void> finish(Job job, Supplier<Uni<List<String>>> finalLog) {
        String name = job.name();
        Harvest harvest = harvests.remove(name);
        SkyLogFollowers.Handle handle = harvest == null ? null : harvest.end();
        if (handle == null) {
            return finalLog.get().flatMap(lines -> metrics.finish(name, lines));
        }
        return Uni.createFrom()
                .completionStage(handle.finished())
                .ifNoItem()
                .after(EXIT_WAIT)
                .recoverWithItem(false)
                .flatMap(clean -> pool.submit(() -> {
                            handle.close();
                            return clean;
                        })
                        .onFailure()
                        .recoverWithItem(() -> {
                            handle.close();
                            return clean;
                        }))
                .flatMap(clean -> clean
                        ? metrics.finish(name, followers.spool(name))
                        : finalLog.get().flatMap(lines -> metrics.finish(name, lines)));
    }

    /** One running job: the job as last seen, and its handle on a follower once one started. */
    private static final class Harvest {

        private Job job;
        private SkyLogFollowers.Handle handle;
        private boolean ended;

        synchronized void seen(Job latest) {
            job = latest;
        }

        synchronized boolean following() {
            return handle != null;
        }

        /** Gets a handle on the job's follower (starting one if a slot is free) and starts reading its spool. */
        synchronized void follow(SkyLogFollowers followers, LogMetrics metrics) {
            if (ended || handle != null) {
                return;
            }
            followers.start(job).ifPresent(started -> {
                handle = started;
                metrics.start(job.name(), followers.spool(job.name()));
            });
        }

        /** No more following: the handle to finish with, if a follower was started. */
        synchronized SkyLogFollowers.Handle end() {
            ended = true;
            return handle;
        }
    }
}
