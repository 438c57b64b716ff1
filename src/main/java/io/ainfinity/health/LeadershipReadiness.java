package io.ainfinity.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.ainfinity.leader.LeaderElection;

/**
 * Whether this replica leads, as data only: a follower serves the API as well as the leader does, so it stays ready.
 */
@Readiness
@ApplicationScoped
public class LeadershipReadiness implements HealthCheck {

    private final LeaderElection election;

    public LeadershipReadiness(LeaderElection election) {
        this.election = election;
    }

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("leadership")
                .up()
                .withData("replica", election.replica())
                .withData("leader", election.leads());
        if (!election.elected()) {
            return builder.withData("election", "none: the only replica (SQLite)")
                    .build();
        }
        return builder.withData("election", "lease")
                .withData("holder", election.holder().orElse("none"))
                .withData("fence", election.fence())
                .build();
    }
}
