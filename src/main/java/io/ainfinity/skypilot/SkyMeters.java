package io.ainfinity.skypilot;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

import io.ainfinity.metrics.Meters;

/** Gauges of the SkyPilot backend's bounds: the line of operations, and the log followers. */
@ApplicationScoped
class SkyMeters {

    private final Meters meters;
    private final SkyOps ops;
    private final SkyPilotBackend backend;

    SkyMeters(Meters meters, SkyOps ops, SkyPilotBackend backend) {
        this.meters = meters;
        this.ops = ops;
        this.backend = backend;
    }

    void bind(@Observes StartupEvent started) {
        String description = "SkyPilot operations (launch, stop, teardown) waiting in line or running";
        meters.boundedGauge(Meters.SKY_OPERATIONS, description, ops::waiting, ops.maxWaiting(), "state", "waiting");
        meters.boundedGauge(Meters.SKY_OPERATIONS, description, ops::running, ops.maxRunning(), "state", "running");
        SkyLogFollowers followers = backend.followers();
        meters.boundedGauge(
                Meters.SKY_LOG_FOLLOWERS,
                "sky logs --follow processes copying logs",
                followers::running,
                followers.max());
    }
}
