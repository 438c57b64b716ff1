package io.ainfinity.backend;

import java.time.Duration;
import jakarta.enterprise.context.ApplicationScoped;

import io.ainfinity.backend.local.LocalBackend;
import io.ainfinity.job.Backends;
import io.ainfinity.job.ServiceUnavailableException;

/** Picks the backend for an {@code infra} string, and for a stored job by the backend name recorded on it. */
@ApplicationScoped
public class BackendRegistry {

    private final LocalBackend local;

    public BackendRegistry(LocalBackend local) {
        this.local = local;
    }

    public Backend forInfra(String infra) {
        return named(Backends.forInfra(infra));
    }

    public Backend named(String backend) {
        if (Backends.LOCAL.equals(backend)) {
            return local;
        }
        throw new ServiceUnavailableException(
                "the SkyPilot backend is not available on this server; use infra 'local'", Duration.ofSeconds(60));
    }
}
