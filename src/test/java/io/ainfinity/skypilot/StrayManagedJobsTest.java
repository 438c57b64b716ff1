package io.ainfinity.skypilot;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ainfinity.process.WorkerPool;
import io.ainfinity.skypilot.SkySnapshot.ManagedJob;
import io.ainfinity.support.SqliteFiles;

import static org.assertj.core.api.Assertions.assertThat;

/** Strays kept as rows in a SQLite store set up as the service sets up its own. */
class StrayManagedJobsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final List<String> cancelled = new CopyOnWriteArrayList<>();
    private WorkerPool pool;
    private CleanupRows rows;
    private StrayManagedJobs strays;

    @BeforeEach
    void strays() {
        pool = new WorkerPool("strays-test", 2, 64);
        rows = new CleanupRows(SqliteFiles.migrated(dir.resolve("store.db")), pool);
        strays = fresh();
    }

    @AfterEach
    void close() {
        pool.close();
    }

    /** A new instance on the same rows, as a restarted service or a new leader has. */
    private StrayManagedJobs fresh() {
        StrayManagedJobs s = new StrayManagedJobs(rows, Clock.fixed(T0, ZoneOffset.UTC));
        s.cancelWith(name -> {
            cancelled.add(name);
            return Uni.createFrom().item(true);
        });
        return s;
    }

    private static Instant after(Duration d) {
        return T0.plus(d);
    }

    private static ManagedJob job(String name, String status) {
        return new ManagedJob(7, name, status, null);
    }

    private void watch(String name, boolean requestLive) {
        strays.watch(name, name, requestLive).await().atMost(WAIT);
    }

    /** One cycle's review: rows read first, as the reconciler reads them before the queue call. */
    private void review(List<ManagedJob> listed, Instant queueStartedAt) {
        List<CleanupRows.Row> pending = rows.all().await().atMost(WAIT);
        strays.review(pending, listed, queueStartedAt).await().atMost(WAIT);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (strays.acting() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    private List<String> pending() {
        return rows.all().await().atMost(WAIT).stream()
                .map(CleanupRows.Row::name)
                .toList();
    }

    @Test
    void cancelsByNameAManagedJobAFailedLaunchLeftRunning() {
        watch("j1", true);

        review(List.of(job("other", "RUNNING"), job("j1", "STARTING")), after(Duration.ofSeconds(2)));

        assertThat(cancelled).containsExactly("j1");
        review(List.of(job("j1", "CANCELLING")), after(Duration.ofSeconds(4)));
        assertThat(pending()).isEmpty();
        assertThat(cancelled).containsExactly("j1");
    }

    @Test
    void aRestartedServiceFinishesWhatTheLastOneLeft() {
        watch("j1", true);
        strays = fresh();

        review(List.of(job("j1", "RUNNING")), after(Duration.ofSeconds(2)));

        assertThat(cancelled).containsExactly("j1");
        assertThat(rows.all().await().atMost(WAIT))
                .singleElement()
                .satisfies(r -> assertThat(r.attempts()).isEqualTo(1));
    }

    @Test
    void waitsForTheJobALiveRequestMaySubmitLate() {
        watch("j1", true);

        review(List.of(), after(Duration.ofMinutes(1)));
        assertThat(pending()).containsExactly("j1");
        review(List.of(job("j1", "PENDING")), after(Duration.ofMinutes(3)));
        assertThat(cancelled).containsExactly("j1");
    }

    @Test
    void stopsWatchingWhenNothingCameOfTheLaunch() {
        watch("live", true);
        watch("over", false);

        review(List.of(), after(Duration.ofSeconds(1)));
        assertThat(pending()).containsExactly("live");
        review(List.of(), after(StrayManagedJobs.UNCANCELLED_LAUNCH_WATCH.plusSeconds(1)));

        assertThat(pending()).isEmpty();
        assertThat(cancelled).isEmpty();
    }

    @Test
    void judgesOnlyByAQueueReadStartedAfterTheFailure() {
        watch("j1", false);

        review(List.of(), T0.minusSeconds(1));

        assertThat(pending()).containsExactly("j1");
    }

    @Test
    void leavesANewLaunchOfTheSameNameAlone() {
        watch("j1", true);
        strays.forget("j1").await().atMost(WAIT);

        review(List.of(job("j1", "RUNNING")), after(Duration.ofSeconds(2)));

        assertThat(cancelled).isEmpty();
        assertThat(strays.watched("j1").await().atMost(WAIT)).isFalse();
    }

    @Test
    void givesUpAfterSoManyCancels() {
        watch("j1", true);

        for (int i = 0; i <= StrayManagedJobs.MAX_CANCELS; i++) {
            review(List.of(job("j1", "RUNNING")), after(Duration.ofSeconds(i + 1)));
        }

        assertThat(cancelled).hasSize(StrayManagedJobs.MAX_CANCELS);
        assertThat(pending()).isEmpty();
    }
}
