package io.ainfinity.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.ainfinity.skypilot.SkyAvailability;
import io.ainfinity.skypilot.SkyAvailability.Check;
import io.ainfinity.skypilot.SkyAvailability.State;

/**
 * DOWN while the SkyPilot CLI is missing or not the pinned version. Answers from the check cached at start-up (and
 * refreshed rarely), so a probe never starts a process. A disabled backend is UP: it was switched off on purpose.
 */
@Readiness
@ApplicationScoped
public class SkyPilotReadiness implements HealthCheck {

    private final SkyAvailability availability;

    public SkyPilotReadiness(SkyAvailability availability) {
        this.availability = availability;
    }

    @Override
    public HealthCheckResponse call() {
        Check check = availability.check();
        var builder = HealthCheckResponse.named("skypilot")
                .withData("state", check.state().name().toLowerCase());
        if (check.version() != null) {
            builder.withData("version", check.version());
        }
        if (check.state() == State.OK || check.state() == State.DISABLED) {
            return builder.up().build();
        }
        return builder.down().withData("reason", check.detail()).build();
    }
}
