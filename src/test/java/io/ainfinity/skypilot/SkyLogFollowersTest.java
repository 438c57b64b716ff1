package io.ainfinity.skypilot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ainfinity.job.Job;
import io.ainfinity.job.JobStatus;
import io.ainfinity.support.SkyRig;
import io.ainfinity.task.SkyMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One follower process per job, shared by every user of its log, against the {@code sky} double. */
class SkyLogFollowersTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void usersOfAJobShareOneProcessThatStopsWithTheLastOfThem() {
        try (SkyRig rig = new SkyRig(dir, Map.of())) {
            Job job = runningJob(rig, "long", 100_000);
            // One slot: a second process for the same job could not start.
            SkyLogFollowers followers = new SkyLogFollowers(rig.cli, new SkyFiles(dir.resolve("data")), 1);

            SkyLogFollowers.Handle harvest = followers.start(job).orElseThrow();
            SkyLogFollowers.Handle stream = followers.start(job).orElseThrow();
            stream.close();
            stream.close();

            assertThat(harvest.writing()).isTrue();
            await().atMost(WAIT)
                    .untilAsserted(
                            () -> assertThat(followers.spool("long")).content().contains("smoke step 3/3"));
            assertThat(followers.start(runningJob(rig, "other", 100_000))).isEmpty();
            harvest.close();
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(harvest.writing()).isFalse());
            assertThat(rig.sky.calls("logs", "long")).hasSize(1);
        }
    }

    @Test
    void aFollowerThatEndedWithItsJobIsSharedUntilItsLastUserLeavesThenStartedAfresh() throws Exception {
        try (SkyRig rig = new SkyRig(dir, Map.of())) {
            Job job = runningJob(rig, "done", 1);
            SkyLogFollowers followers = new SkyLogFollowers(rig.cli, new SkyFiles(dir.resolve("data")), 4);

            SkyLogFollowers.Handle first = followers.start(job).orElseThrow();
            assertThat(first.finished().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            String copied = Files.readString(followers.spool("done"));
            SkyLogFollowers.Handle second = followers.start(job).orElseThrow();

            assertThat(second.writing()).isFalse();
            assertThat(Files.readString(followers.spool("done"))).isEqualTo(copied);
            assertThat(rig.sky.calls("logs", "done")).hasSize(1);
            first.close();
            second.close();
            try (SkyLogFollowers.Handle third = followers.start(job).orElseThrow()) {
                assertThat(third.finished().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                        .isTrue();
            }
            assertThat(rig.sky.calls("logs", "done")).hasSize(2);
        }
    }

    @Test
    void atShutdownEveryFollowerStopsThoughItsUsersStillHoldIt() {
        try (SkyRig rig = new SkyRig(dir, Map.of())) {
            SkyLogFollowers followers = new SkyLogFollowers(rig.cli, new SkyFiles(dir.resolve("data")), 4);
            SkyLogFollowers.Handle first =
                    followers.start(runningJob(rig, "held-1", 100_000)).orElseThrow();
            SkyLogFollowers.Handle second =
                    followers.start(runningJob(rig, "held-2", 100_000)).orElseThrow();
            assertThat(followers.running()).isEqualTo(2);

            followers.stopAll();

            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(first.writing()).isFalse();
                assertThat(second.writing()).isFalse();
                assertThat(followers.running()).isZero();
            });
            first.close();
            second.close();
        }
    }

    /** A cluster job seeded in the double, running (or, with a short run, long over) when this returns. */
    private static Job runningJob(SkyRig rig, String name, int runUnits) {
        rig.sky.seed(Map.of(
                "clusters",
                List.of(Map.of(
                        "name", name, "age_seconds", 10, "knobs", Map.of("run_units", runUnits, "time_scale", 1.0)))));
        return rig.insert(name, SkyMode.CLUSTER, JobStatus.RUNNING, "cluster:1");
    }
}
