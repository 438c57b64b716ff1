package io.ainfinity.leader;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.ainfinity.config.AinfinityConfig;
import io.ainfinity.support.MovableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeaderElectionTest {

    private static AinfinityConfig.Leader leader(Duration lease, Duration renew) {
        return new AinfinityConfig.Leader() {
            @Override
            public Optional<String> replicaId() {
                return Optional.empty();
            }

            @Override
            public Duration leaseDuration() {
                return lease;
            }

            @Override
            public Duration renewInterval() {
                return renew;
            }
        };
    }

    @Test
    void takesTheConfiguredReplicaIdAsItIs() {
        assertThat(LeaderElection.replicaId(Optional.of("pod-7"), "host")).isEqualTo("pod-7");
    }

    @Test
    void suffixesTheHostnameSoThatEachProcessIsADifferentReplica() {
        String first = LeaderElection.replicaId(Optional.empty(), "ainfinity-5d9f");
        String second = LeaderElection.replicaId(Optional.empty(), "ainfinity-5d9f");

        assertThat(first).startsWith("ainfinity-5d9f-").isNotEqualTo(second);
        assertThat(LeaderElection.replicaId(Optional.empty(), null)).startsWith("replica-");
    }

    @Test
    void refusesARenewIntervalNoShorterThanTheLease() {
        assertThatThrownBy(() -> LeaderElection.checkedLease(leader(Duration.ofSeconds(5), Duration.ofSeconds(5))))
                .hasMessageContaining("ainfinity.leader.renew-interval")
                .hasMessageContaining("ainfinity.leader.lease-duration");
        assertThat(LeaderElection.checkedLease(leader(Duration.ofSeconds(15), Duration.ofSeconds(3))))
                .isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void theOnlyReplicaLeadsWithoutALeaseUntilShutdown() {
        LeaderElection sole = new LeaderElection(
                "only", Duration.ofSeconds(15), null, new MovableClock(Instant.parse("2026-01-01T00:00:00Z")));

        assertThat(sole.leads()).isTrue();
        assertThat(sole.claim().await().indefinitely()).isTrue();

        sole.release().await().indefinitely();

        assertThat(sole.leads()).isFalse();
    }
}
