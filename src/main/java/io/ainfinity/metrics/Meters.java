package io.ainfinity.metrics;

import java.time.Duration;
import java.util.function.Supplier;
import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Every meter the service defines, by name, in one place. Names carry the {@code ainfinity_} prefix once exported;
 * tags are low-cardinality only (backend, status, outcome, command, budget, stream), never a job or user name.
 */
@ApplicationScoped
public class Meters {

    public static final String JOBS_LAUNCHED = "ainfinity.jobs.launched";
    public static final String JOBS = "ainfinity.jobs";
    public static final String JOB_DURATION = "ainfinity.job.duration";
    public static final String SKY_COMMAND = "ainfinity.sky.command";
    public static final String WORKER_POOL_ACTIVE = "ainfinity.worker.pool.active";
    public static final String WORKER_POOL_QUEUED = "ainfinity.worker.pool.queued";
    /** SkyPilot operations (launch, stop, teardown) by {@code state}: waiting in line or running. */
    public static final String SKY_OPERATIONS = "ainfinity.sky.operations";
    /** {@code sky logs --follow} processes copying logs for streams. */
    public static final String SKY_LOG_FOLLOWERS = "ainfinity.sky.log.followers";
    /** Connections of the JDBC pool by {@code state}: active (lent out), idle, and requests waiting for one. */
    public static final String STORE_CONNECTIONS = "ainfinity.store.connections";
    /** 1 on the replica that runs the once-per-cluster duties (the reconciler among them), 0 on the others. */
    public static final String LEADER = "ainfinity.leader";
    /** Appended to a gauge's name for the gauge of its bound, with the same tags. */
    public static final String LIMIT = ".limit";

    public static final String SSE_SUBSCRIBERS = "ainfinity.sse.subscribers";
    public static final String RATE_LIMITED = "ainfinity.rate.limited";

    // The caches MeteredCaches meters, by the value of their "cache" tag (the binder names the meters cache_*).
    public static final String CACHE_JOB_JSON = "ainfinity.job-json";
    public static final String CACHE_JOB_SPEC = "ainfinity.job-spec";
    public static final String CACHE_JOB_METRICS = "ainfinity.job-metrics";

    private final MeterRegistry registry;

    public Meters(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** A launch left {@code pending}: {@code outcome} is started, failed or cancelled. */
    public void jobLaunched(String backend, String outcome) {
        Counter.builder(JOBS_LAUNCHED)
                .description("Jobs whose launch was attempted, by how it went")
                .tags("backend", backend, "outcome", outcome)
                .register(registry)
                .increment();
    }

    /** A job ended; {@code outcome} is its final status. */
    public void jobEnded(String backend, String outcome, Duration duration) {
        Timer.builder(JOB_DURATION)
                .description("Time from submission to the end of a job")
                .tags("backend", backend, "outcome", outcome)
                .register(registry)
                .record(duration);
    }

    /** One run of the {@code sky} CLI; {@code command} is its subcommand (launch, status, queue, down, ...). */
    public void skyCommand(String command, String outcome, Duration duration) {
        Timer.builder(SKY_COMMAND)
                .description("Runs of the SkyPilot CLI")
                .tags("command", command, "outcome", outcome)
                .register(registry)
                .record(duration);
    }

    /** A gauge read at each scrape; {@code tags} are key, value pairs. */
    public void gauge(String name, String description, Supplier<Number> value, String... tags) {
        Gauge.builder(name, value).description(description).tags(tags).register(registry);
    }

    /** A gauge and, under {@code name + LIMIT}, the bound it cannot pass, so a dashboard can show how full it is. */
    public void boundedGauge(String name, String description, Supplier<Number> value, int limit, String... tags) {
        gauge(name, description, value, tags);
        gauge(name + LIMIT, "Bound of " + name, () -> limit, tags);
    }

    /** The gauges of one bounded worker pool: tasks running and waiting, each with its bound. */
    public void workerPool(String pool, Supplier<Number> active, int threads, Supplier<Number> queued, int queue) {
        boundedGauge(WORKER_POOL_ACTIVE, "Tasks running on the worker pool", active, threads, "pool", pool);
        boundedGauge(WORKER_POOL_QUEUED, "Tasks waiting for a worker", queued, queue, "pool", pool);
    }

    public void rateLimited(String budget) {
        Counter.builder(RATE_LIMITED)
                .description("Requests refused by the rate limiter")
                .tags("budget", budget)
                .register(registry)
                .increment();
    }
}
