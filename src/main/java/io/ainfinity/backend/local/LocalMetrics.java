package io.ainfinity.backend.local;

import java.nio.file.Path;
import java.time.Clock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import io.smallrye.mutiny.Uni;

import io.ainfinity.backend.LogMetrics;
import io.ainfinity.config.AinfinityConfig;
import io.ainfinity.job.JobEventRecorded;
import io.ainfinity.job.store.JobStore;
import io.ainfinity.process.WorkerPool;

/**
 * Keeps the metrics of running local tasks up to date from their logs ({@link LogMetrics}), at most once per
 * {@code ainfinity.local.metrics-interval} while a task runs and once more when it has ended.
 */
@ApplicationScoped
public class LocalMetrics {

    private final LogMetrics metrics;

    public LocalMetrics(
            JobStore store,
            Event<JobEventRecorded.Metrics> recorded,
            WorkerPool pool,
            Clock clock,
            AinfinityConfig config) {
        this.metrics =
                new LogMetrics(store, recorded, pool, clock, config.local().metricsInterval());
    }

    /** Starts following a task that has been started or re-attached. */
    void start(String job, Path log) {
        metrics.start(job, log);
    }

    /** Reads what the task wrote since the last update and records it, unless the last update is too recent. */
    Uni<Void> poll(String job) {
        return metrics.poll(job);
    }

    /** Reads the log of an ended task to its end and records the final values; completes once they are stored. */
    Uni<Void> finish(String job, Path log) {
        return metrics.finish(job, log);
    }

    void forget(String job) {
        metrics.forget(job);
    }
}
