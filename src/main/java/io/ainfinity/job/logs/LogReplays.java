package io.ainfinity.job.logs;

import java.time.Duration;
import java.util.concurrent.Callable;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;

import io.ainfinity.config.AinfinityConfig;
import io.ainfinity.process.WorkerPool;

/**
 * The file reads of log streams (a new subscriber's replay, a feed's first count of its log) on a small pool of their
 * own: a burst of viewers opening logs at once waits here, or is refused with 503, instead of filling the pool that
 * runs processes and JDBC, where it would stall launches and take readiness down with it.
 */
@ApplicationScoped
public class LogReplays {

    private final WorkerPool pool;

    @Inject
    public LogReplays(AinfinityConfig config) {
        this(new WorkerPool(
                "log-replay", config.events().replayThreads(), config.events().replayQueue()));
    }

    LogReplays(WorkerPool pool) {
        this.pool = pool;
    }

    public <T> Uni<T> submit(Callable<T> read) {
        return pool.submit(read);
    }

    public boolean saturated() {
        return pool.saturated();
    }

    @PreDestroy
    void close() {
        pool.close(Duration.ofSeconds(1));
    }
}
