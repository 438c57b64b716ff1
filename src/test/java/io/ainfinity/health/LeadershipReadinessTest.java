package io.ainfinity.health;

import java.time.Duration;
import java.time.Instant;

import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import io.ainfinity.leader.LeaderElection;
import io.ainfinity.leader.Lease;
import io.ainfinity.leader.LeaseStore;
import io.ainfinity.support.MovableClock;

import static org.assertj.core.api.Assertions.assertThat;

/** The leadership check gates readiness on what the replica knows of the lease, never on whether it leads. */
class LeadershipReadinessTest {

    private static final Duration LEASE = Duration.ofSeconds(15);
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ScriptedLeases leases = new ScriptedLeases();
    private final LeaderElection election = new LeaderElection("replica-a", LEASE, leases, clock);
    private final LeadershipReadiness check = new LeadershipReadiness(election);

    @Test
    void notReadyUntilTheStoreAnswersTheFirstClaim() {
        leases.answer = Uni.createFrom().nothing();
        election.claim().subscribe().with(leads -> {});

        HealthCheckResponse waiting = check.call();

        assertThat(waiting.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(waiting.getData().orElseThrow()).containsEntry("reason", "first lease claim not answered yet");
    }

    @Test
    void aFollowerIsReadyOnceItKnowsTheLeader() {
        leases.answer = refused("replica-b");

        assertThat(election.claim().await().atMost(WAIT)).isFalse();
        HealthCheckResponse follower = check.call();

        assertThat(follower.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(follower.getData().orElseThrow())
                .containsEntry("leader", false)
                .containsEntry("holder", "replica-b")
                .doesNotContainKey("reason");
    }

    @Test
    void aFailedClaimIsNoAnswerButALaterOneIs() {
        leases.answer = Uni.createFrom().failure(new IllegalStateException("connection refused"));
        election.claim().await().atMost(WAIT);

        assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);

        leases.answer = granted("replica-a");
        assertThat(election.claim().await().atMost(WAIT)).isTrue();

        HealthCheckResponse leader = check.call();
        assertThat(leader.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(leader.getData().orElseThrow()).containsEntry("leader", true).containsEntry("fence", 1L);
    }

    @Test
    void stopsBeingReadyOnceTheLeaseIsGivenUp() {
        leases.answer = granted("replica-a");
        election.claim().await().atMost(WAIT);

        election.release().await().atMost(WAIT);
        HealthCheckResponse leaving = check.call();

        assertThat(leases.released).as("the store was asked to free the lease").isTrue();
        assertThat(leaving.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(leaving.getData().orElseThrow())
                .containsEntry("leader", false)
                .containsEntry("reason", "lease given up: this replica is shutting down");
    }

    @Test
    void theOnlyReplicaIsReadyWithoutAClaimAndThroughShutdown() {
        LeaderElection sole = new LeaderElection("only", LEASE, null, clock);
        LeadershipReadiness soleCheck = new LeadershipReadiness(sole);

        assertThat(soleCheck.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        sole.release().await().atMost(WAIT);

        assertThat(soleCheck.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    private Uni<LeaseStore.Claim> granted(String holder) {
        return Uni.createFrom().item(new LeaseStore.Claim(true, new Lease("cluster", holder, 1, clock.instant())));
    }

    private Uni<LeaseStore.Claim> refused(String holder) {
        return Uni.createFrom().item(new LeaseStore.Claim(false, new Lease("cluster", holder, 1, clock.instant())));
    }

    /** Answers each claim with what the test put in {@link #answer}; a release always succeeds. */
    private static final class ScriptedLeases implements LeaseStore {

        private volatile Uni<Claim> answer;
        private volatile boolean released;

        @Override
        public Uni<Claim> claim(String name, String holder, long fence, Instant now, Instant until) {
            return answer;
        }

        @Override
        public Uni<Boolean> release(String name, String holder, long fence) {
            released = true;
            return Uni.createFrom().item(true);
        }
    }
}
