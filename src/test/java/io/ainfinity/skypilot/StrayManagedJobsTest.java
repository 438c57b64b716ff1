package io.ainfinity.skypilot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ainfinity.skypilot.SkySnapshot.ManagedJob;

import static org.assertj.core.api.Assertions.assertThat;

class StrayManagedJobsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final List<String> cancelled = new ArrayList<>();
    private StrayManagedJobs strays;

    @BeforeEach
    void strays() {
        strays = new StrayManagedJobs(Clock.fixed(T0, ZoneOffset.UTC));
        strays.cancelWith(name -> {
            cancelled.add(name);
            return Uni.createFrom().item(true);
        });
    }

    private static Instant after(Duration d) {
        return T0.plus(d);
    }

    private static ManagedJob job(String name, String status) {
        return new ManagedJob(7, name, status, null);
    }

    @Test
    void cancelsByNameAManagedJobAKilledLaunchLeftRunning() {
        strays.watch("j1", true);

        strays.review(List.of(job("other", "RUNNING"), job("j1", "STARTING")), after(Duration.ofSeconds(2)));

        assertThat(cancelled).containsExactly("j1");
        strays.review(List.of(job("j1", "CANCELLING")), after(Duration.ofSeconds(4)));
        assertThat(strays.pending()).isEmpty();
        assertThat(cancelled).containsExactly("j1");
    }

    @Test
    void waitsForTheJobAKilledLaunchMaySubmitLate() {
        strays.watch("j1", true);

        strays.review(List.of(), after(Duration.ofMinutes(1)));
        assertThat(strays.pending()).containsExactly("j1");
        strays.review(List.of(job("j1", "PENDING")), after(Duration.ofMinutes(3)));
        assertThat(cancelled).containsExactly("j1");
    }

    @Test
    void stopsWatchingWhenNothingCameOfTheLaunch() {
        strays.watch("killed", true);
        strays.watch("refused", false);

        strays.review(List.of(), after(Duration.ofSeconds(1)));
        assertThat(strays.pending()).containsExactly("killed");
        strays.review(List.of(), after(StrayManagedJobs.KILLED_LAUNCH_WATCH.plusSeconds(1)));

        assertThat(strays.pending()).isEmpty();
        assertThat(cancelled).isEmpty();
    }

    @Test
    void judgesOnlyByAQueueReadStartedAfterTheFailure() {
        strays.watch("j1", false);

        strays.review(List.of(), T0.minusSeconds(1));

        assertThat(strays.pending()).containsExactly("j1");
    }

    @Test
    void leavesANewLaunchOfTheSameNameAlone() {
        strays.watch("j1", true);
        strays.forget("j1");

        strays.review(List.of(job("j1", "RUNNING")), after(Duration.ofSeconds(2)));

        assertThat(cancelled).isEmpty();
    }

    @Test
    void givesUpAfterSoManyCancels() {
        strays.watch("j1", true);

        for (int i = 0; i <= StrayManagedJobs.MAX_CANCELS; i++) {
            strays.review(List.of(job("j1", "RUNNING")), after(Duration.ofSeconds(i + 1)));
        }

        assertThat(cancelled).hasSize(StrayManagedJobs.MAX_CANCELS);
        assertThat(strays.pending()).isEmpty();
    }
}
