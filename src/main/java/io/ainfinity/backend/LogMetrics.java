package io.ainfinity.backend;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import jakarta.enterprise.event.Event;

import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import io.ainfinity.job.JobEventRecorded;
import io.ainfinity.job.store.JobStore;
import io.ainfinity.logs.LogFollower;
import io.ainfinity.metrics.LatestMetrics;
import io.ainfinity.metrics.MetricLine;
import io.ainfinity.metrics.MetricLineParser;
import io.ainfinity.process.WorkerPool;

/**
 * Keeps the metrics of running jobs up to date from their logs, whichever backend runs them. Each job's log is
 * followed by offset, read on the worker pool, and its newest values are written to the job at most once per interval,
 * and once more, whatever the interval, when the job has ended. Updates of one job run one after another, so an older
 * snapshot can never land after a newer one.
 */
public final class LogMetrics {

    private static final Logger LOG = Logger.getLogger(LogMetrics.class);

    /** Bytes read per job and update: a log that grew by gigabytes is caught up over several updates. */
    private static final long READ_BUDGET = 8L * 1024 * 1024;

    private final JobStore store;
    private final Event<JobEventRecorded.Metrics> recorded;
    private final WorkerPool pool;
    private final Clock clock;
    private final Duration interval;
    private final Map<String, Follower> followers = new ConcurrentHashMap<>();

    /** @param interval the shortest time between two updates of a running job */
    public LogMetrics(
            JobStore store, Event<JobEventRecorded.Metrics> recorded, WorkerPool pool, Clock clock, Duration interval) {
        this.store = store;
        this.recorded = recorded;
        this.pool = pool;
        this.clock = clock;
        this.interval = interval;
    }

    /** Starts following a job's log file, read from its first line. */
    public void start(String job, Path log) {
        followers.putIfAbsent(job, new Follower(log));
    }

    /** Reads what the job wrote since the last update and records it, unless the last update is too recent. */
    public Uni<Void> poll(String job) {
        Follower follower = followers.get(job);
        if (follower == null || !follower.due(clock.instant(), interval)) {
            return Uni.createFrom().voidItem();
        }
        return follower.enqueue(() -> update(job, follower, () -> follower.readFile(false), false));
    }

    /** Reads the log of an ended job to its end and records the final values; completes once they are stored. */
    public Uni<Void> finish(String job, Path log) {
        Follower follower = followers.computeIfAbsent(job, name -> new Follower(log));
        return follower.enqueue(() -> update(job, follower, () -> follower.readFile(true), true))
                .eventually(() -> followers.remove(job, follower));
    }

    /**
     * Records the final values of an ended job from its final log, read by other means than its file (which is left
     * alone): taken in after whatever the file gave before, as the later part of the same log.
     */
    public Uni<Void> finish(String job, List<String> lines) {
        Follower follower = followers.computeIfAbsent(job, name -> new Follower(null));
        return follower.enqueue(() -> update(job, follower, () -> follower.take(lines, true), true))
                .eventually(() -> followers.remove(job, follower));
    }

    public void forget(String job) {
        followers.remove(job);
    }

    private Uni<Void> update(String job, Follower follower, Read read, boolean last) {
        return pool.submit(read::values)
                .flatMap(values -> values == null ? Uni.createFrom().voidItem() : write(job, values))
                .onFailure()
                .recoverWithUni(failure -> {
                    LOG.debugf("job=%s metrics not updated: %s", job, failure.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    /** Stores the values with a metrics event, which subscribers to the job's events receive at once. */
    private Uni<Void> write(String job, Values values) {
        return store.recordMetrics(job, values.training(), values.evaluation(), values.gpu(), clock.instant())
                .invoke(event -> event.ifPresent(stored -> recorded.fire(new JobEventRecorded.Metrics(job))))
                .replaceWithVoid();
    }

    /** What a job shows, taken at one point of its log. */
    private record Values(Map<String, Object> training, Map<String, Object> evaluation, Map<String, Object> gpu) {}

    @FunctionalInterface
    private interface Read {
        Values values() throws IOException;
    }

    /** One job's log position and newest values, and the tail of its chain of updates. */
    private static final class Follower {

        /** Null when the log is handed over only at the job's end. */
        private final LogFollower log;

        private final LatestMetrics latest = new LatestMetrics();
        private boolean seen;
        private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
        private Instant lastStart = Instant.MIN;

        Follower(Path log) {
            this.log = log == null ? null : new LogFollower(log, MetricLineParser.MAX_LINE);
        }

        /** True, and the interval restarts, when no update is running and the last one began an interval ago. */
        synchronized boolean due(Instant now, Duration interval) {
            if (!tail.isDone() || now.isBefore(lastStart.plus(interval))) {
                return false;
            }
            lastStart = now;
            return true;
        }

        synchronized Uni<Void> enqueue(Supplier<Uni<Void>> work) {
            tail = tail.handle((ok, failure) -> null)
                    .thenCompose(ignored -> work.get().subscribeAsCompletionStage());
            return Uni.createFrom().completionStage(tail);
        }

        synchronized Values readFile(boolean last) throws IOException {
            if (log == null) {
                return take(List.of(), last);
            }
            return take(last ? log.readRest() : log.readNew(READ_BUDGET), last);
        }

        /**
         * Takes in lines that follow those taken before; returns the values to store, or null when nothing changed.
         * The last read returns them whenever any metric was seen: a status change written meanwhile may have carried
         * older metrics, and the final values must win.
         */
        synchronized Values take(List<String> lines, boolean last) {
            boolean changed = false;
            for (String line : lines) {
                Optional<MetricLine> metric = MetricLineParser.parse(line);
                metric.ifPresent(latest::apply);
                changed |= metric.isPresent();
            }
            seen |= changed;
            if (!changed && !(last && seen)) {
                return null;
            }
            return new Values(latest.training(), latest.evaluation(), latest.gpus());
        }
    }
}
