package io.ainfinity.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.ainfinity.leader.LeaderElection;

/**
 * Whether this replica leads, as data: a follower serves the API as well as the leader does, so it stays ready. Where
 * replicas elect a leader (PostgreSQL), a replica is not ready until the store has answered its first claim, so that
 * it knows who leads, nor once it has given its lease up at shutdown, as it is going away.
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
                .withData("replica", election.replica())
                .withData("leader", election.leads());
        if (!election.elected()) {
            return builder.up()
                    .withData("election", "none: the only replica (SQLite)")
                    .build();
        }
        builder.withData("election", "lease")
                .withData("holder", election.holder().orElse("none"))
                .withData("fence", election.fence());
        if (election.closed()) {
            return builder.down()
                    .withData("reason", "lease given up: this replica is shutting down")
                    .build();
        }
        if (!election.settled()) {
            return builder.down()
                    .withData("reason", "first lease claim not answered yet")
                    .build();
        }
        return builder.up().build();
    }
}
