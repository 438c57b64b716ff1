package io.ainfinity.job;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Gauge;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

import io.ainfinity.job.store.JobStore;
import io.ainfinity.metrics.Meters;
import io.ainfinity.process.WorkerPool;

/**
 * Binds the job and pool meters: launch outcomes and durations from transitions as they happen, the number of jobs
 * per status from one grouped count every 15 seconds (whatever the traffic), pool occupancy as live gauges.
 */
@ApplicationScoped
public class JobMetrics {

    private final Meters meters;
    private final JobStore store;
    private final WorkerPool pool;
    private final Map<JobStatus, AtomicLong> counts = new EnumMap<>(JobStatus.class);

    public JobMetrics(Meters meters, JobStore store, WorkerPool pool) {
        this.meters = meters;
        this.store = store;
        this.pool = pool;
        // Created here, not at start-up: recovery at start-up may report transitions before the gauges are bound.
        for (JobStatus status : JobStatus.values()) {
            counts.put(status, new AtomicLong());
        }
    }

    void bind(@Observes StartupEvent started) {
        for (JobStatus status : JobStatus.values()) {
            AtomicLong count = counts.get(status);
            Gauge.builder(Meters.JOBS, count, AtomicLong::get)
                    .description("Jobs in each status")
                    .tag("status", status.wireName())
                    .register(meters.registry());
        }
        meters.workerPool(pool.name(), pool::active, pool.size(), pool::queued, pool.queueCapacity());
        refreshCounts().await().atMost(Duration.ofSeconds(30));
    }

    @Scheduled(every = "15S", delayed = "15S", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshCounts() {
        return store.countByStatus()
                .invoke(byStatus -> counts.forEach((status, count) -> count.set(byStatus.getOrDefault(status, 0L))))
                .replaceWithVoid();
    }

    void onTransition(@Observes JobTransitioned event) {
        String backend = event.after().backend();
        JobStatus from = event.before().status();
        JobStatus to = event.after().status();
        if (from == JobStatus.PENDING) {
            String outcome = switch (to) {
                case FAILED -> "failed";
                case STOPPING, STOPPED -> "cancelled";
                default -> "started";
            };
            meters.jobLaunched(backend, outcome);
        }
        if (to.isTerminal()) {
            meters.jobEnded(
                    backend,
                    to.wireName(),
                    Duration.between(event.after().createdAt(), event.after().updatedAt()));
        }
        counts.get(from).decrementAndGet();
        counts.get(to).incrementAndGet();
    }
}
