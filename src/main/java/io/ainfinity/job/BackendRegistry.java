package io.ainfinity.job;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.All;

import io.ainfinity.errors.ServiceUnavailableException;
import io.ainfinity.task.Backends;

/**
 * Picks the backend for an {@code infra} string, and for a stored job by the backend name recorded on it, among every
 * {@link Backend} bean. A new job is refused (503, nothing created) while its backend takes no launches; a backend
 * switched off on this server serves none of its jobs.
 */
@ApplicationScoped
public class BackendRegistry {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(60);

    private final Map<String, Backend> byName;

    public BackendRegistry(@All List<Backend> backends) {
        this.byName = backends.stream().collect(Collectors.toUnmodifiableMap(Backend::name, Function.identity()));
    }

    public Backend forInfra(String infra) {
        String name = Backends.forInfra(infra);
        Backend backend = existing(name);
        backend.refusesLaunches().ifPresent(reason -> {
            throw new ServiceUnavailableException(
                    "the %s backend is not available: %s; use infra '%s'".formatted(name, reason, Backends.LOCAL_INFRA),
                    RETRY_AFTER);
        });
        return backend;
    }

    public Backend named(String name) {
        Backend backend = existing(name);
        if (backend.disabled()) {
            throw new ServiceUnavailableException(
                    "the %s backend is disabled on this server; use infra '%s'".formatted(name, Backends.LOCAL_INFRA),
                    RETRY_AFTER);
        }
        return backend;
    }

    private Backend existing(String name) {
        Backend backend = byName.get(name);
        if (backend == null) {
            throw new ServiceUnavailableException("no backend named '%s' on this server".formatted(name), RETRY_AFTER);
        }
        return backend;
    }
}
