package io.ainfinity.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.ainfinity.process.WorkerPool;

/** Not ready while the process pool would refuse more work, so a load balancer sends it elsewhere. */
@Readiness
@ApplicationScoped
public class WorkerPoolReadiness implements HealthCheck {

    private final WorkerPool pool;

    public WorkerPoolReadiness(WorkerPool pool) {
        this.pool = pool;
    }

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("worker-pool")
                .withData("size", pool.size())
                .withData("active", pool.active())
                .withData("queued", pool.queued());
        return pool.saturated()
                ? builder.down()
                        .withData("reason", "every worker is busy and the queue is full")
                        .build()
                : builder.up().build();
    }
}
