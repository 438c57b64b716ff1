package io.ainfinity.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.ainfinity.skypilot.SkyAvailability;
import io.ainfinity.skypilot.SkyAvailability.Check;

/**
 * Says what state the SkyPilot CLI is in ({@code ok}, {@code missing}, {@code mismatch}, …) and why, but is always UP:
 * without a usable CLI local jobs and every read still work, so taking the pod out of its Service would only make
 * them fail too. Launches on SkyPilot are refused meanwhile (503 naming the reason). Answers from the cached check and a
 * look at the CLI's file, so a probe never starts a process.
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
        if (check.detail() != null) {
            builder.withData("reason", check.detail());
        }
        return builder.up().build();
    }
}
