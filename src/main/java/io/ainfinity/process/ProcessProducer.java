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

    void closePool(@Disposes WorkerPool pool) {
        pool.close();
    }

    void closeRunner(@Disposes ProcessRunner runner) {
        runner.close();
    }
}
