package io.ainfinity.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;

import io.ainfinity.metrics.Meters;
import io.ainfinity.process.WorkerPool;

/**
 * Gauges of the store's two bounds: the worker pool its JDBC calls wait for, and the connection pool behind it. A
 * store call waits first for a worker, then (rarely, since there are no more workers than connections by default)
 * for a connection.
 */
@ApplicationScoped
public class StoreMeters {

    private final Meters meters;
    private final Database database;

    public StoreMeters(Meters meters, Database database) {
        this.meters = meters;
        this.database = database;
    }

    void bind(@Observes StartupEvent started) {
        WorkerPool pool = database.pool();
        meters.workerPool(pool.name(), pool::active, pool.size(), pool::queued, pool.queueCapacity());
        if (database.dataSource() instanceof AgroalDataSource agroal) {
            // Counted by Agroal only with quarkus.datasource.<name>.jdbc.metrics.enabled (application.properties); read
            // through getMetrics() each time, since Agroal replaces the object when counting is switched.
            meters.boundedGauge(
                    Meters.STORE_CONNECTIONS,
                    "JDBC connections by state",
                    () -> agroal.getMetrics().activeCount(),
                    agroal.getConfiguration().connectionPoolConfiguration().maxSize(),
                    "state",
                    "active");
            meters.gauge(
                    Meters.STORE_CONNECTIONS,
                    "JDBC connections by state",
                    () -> agroal.getMetrics().availableCount(),
                    "state",
                    "idle");
            meters.gauge(
                    Meters.STORE_CONNECTIONS,
                    "JDBC connections by state",
                    () -> agroal.getMetrics().awaitingCount(),
                    "state",
                    "waiting");
        }
    }
}
