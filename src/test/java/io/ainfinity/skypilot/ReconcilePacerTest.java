package io.ainfinity.skypilot;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReconcilePacerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void runsEveryIntervalAndFasterForAWhileAfterALaunchOrStop() {
        ReconcilePacer pacer =
                new ReconcilePacer(Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(60));

        assertThat(pacer.startIfDue(T0)).isTrue();
        assertThat(pacer.startIfDue(T0.plusSeconds(2))).isFalse();
        assertThat(pacer.startIfDue(T0.plusSeconds(10))).isTrue();

        pacer.hurry(T0.plusSeconds(11));
        assertThat(pacer.startIfDue(T0.plusSeconds(12))).isTrue();
        assertThat(pacer.startIfDue(T0.plusSeconds(13))).isFalse();
        assertThat(pacer.startIfDue(T0.plusSeconds(14))).isTrue();

        assertThat(pacer.startIfDue(T0.plusSeconds(72))).isTrue();
        assertThat(pacer.startIfDue(T0.plusSeconds(74))).isFalse();
        assertThat(pacer.startIfDue(T0.plusSeconds(82))).isTrue();
    }
}
