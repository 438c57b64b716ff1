package io.ainfinity.health;

import java.time.Duration;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.ainfinity.config.AinfinityConfig;
import io.ainfinity.job.store.JobStore;

/** Ready only while the store answers a round trip in time. */
@Readiness
@ApplicationScoped
public class StoreReadiness implements AsyncHealthCheck {

    private final JobStore store;
    private final String kind;

    public StoreReadiness(JobStore store, AinfinityConfig config) {
        this.store = store;
        this.kind = config.store().kind().name();
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return store.ping()
                .ifNoItem()
                .after(Duration.ofSeconds(3))
                .failWith(() -> new IllegalStateException("no answer within 3 s"))
                .map(ok -> HealthCheckResponse.named("store")
                        .up()
                        .withData("kind", kind)
                        .build())
                .onFailure()
                .recoverWithItem(failure -> HealthCheckResponse.named("store")
                        .down()
                        .withData("kind", kind)
                        .withData("reason", "store unreachable: " + failure.getMessage())
                        .build());
    }
}
