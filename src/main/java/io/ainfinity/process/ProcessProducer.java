package io.ainfinity.process;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.ainfinity.config.AinfinityConfig;

/** The worker pool for external processes and the runner on top of it, sized from config. */
public class ProcessProducer {

    @Produces
    @Singleton
    WorkerPool workerPool(AinfinityConfig config) {
        return new WorkerPool(
                "process", config.workerPool().size(), config.workerPool().queue());
    }

    @Produces
    @Singleton
    ProcessRunner processRunner(WorkerPool pool) {
        return new ProcessRunner(pool);
    }

    /** Commands under way (a sky launch, a stop) get {@code ainfinity.worker-pool.shutdown-grace} to finish. */
    void closePool(@Disposes WorkerPool pool, AinfinityConfig config) {
        pool.close(config.workerPool().shutdownGrace());
    }

    /** The pool drains first, whichever is disposed first: the runner's watchdog still enforces timeouts meanwhile. */
    void closeRunner(@Disposes ProcessRunner runner, WorkerPool pool, AinfinityConfig config) {
        pool.close(config.workerPool().shutdownGrace());
        runner.close();
    }
}
