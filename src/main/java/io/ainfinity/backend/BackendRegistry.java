package io.ainfinity.backend;

import java.time.Duration;
import jakarta.enterprise.context.ApplicationScoped;

import io.ainfinity.backend.local.LocalBackend;
import io.ainfinity.job.Backends;
import io.ainfinity.job.ServiceUnavailableException;
import io.ainfinity.skypilot.SkyAvailability;
import io.ainfinity.skypilot.SkyPilotBackend;

/**
 * Picks the backend for an {@code infra} string, and for a stored job by the backend name recorded on it. A new job on
 * SkyPilot is refused (503, nothing created) while the backend is disabled or its CLI is missing or of another
 * version; jobs already on SkyPilot keep being served while it is enabled.
 */
@ApplicationScoped
public class BackendRegistry {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(60);

    private final LocalBackend local;
    private final SkyPilotBackend skypilot;
    private final SkyAvailability availability;

    public BackendRegistry(LocalBackend local, SkyPilotBackend skypilot, SkyAvailability availability) {
        this.local = local;
        this.skypilot = skypilot;
        this.availability = availability;
    }

    public Backend forInfra(String infra) {
        if (Backends.LOCAL.equals(Backends.forInfra(infra))) {
            return local;
        }
        availability.unavailable().ifPresent(reason -> {
            throw new ServiceUnavailableException(
                    "the SkyPilot backend is not available: %s; use infra 'local'".formatted(reason), RETRY_AFTER);
        });
        return skypilot;
    }

    public Backend named(String backend) {
        if (Backends.LOCAL.equals(backend)) {
            return local;
        }
        if (availability.check().state() == SkyAvailability.State.DISABLED) {
            throw new ServiceUnavailableException(
                    "the SkyPilot backend is disabled on this server; use infra 'local'", RETRY_AFTER);
        }
        return skypilot;
    }
}
