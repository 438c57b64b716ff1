package io.ainfinity.skypilot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ainfinity.job.JobStatus;
import io.ainfinity.support.SkyRig;
import io.ainfinity.task.SkyMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service stops between "launch started" and "launch recorded"; the next run adopts what SkyPilot has, or
 * launches once when SkyPilot has nothing: never a second cluster for one job, never a lost job.
 */
class CrashAdoptTest {

    private static final String MARKER = SkyRef.launching(Instant.now()).toString();

    @TempDir
    Path dir;

    private SkyRig rig;
    private Path task;

    @BeforeEach
    void rig() throws IOException {
        rig = new SkyRig(dir, Map.of("SKY_DOUBLE_TIME_SCALE", "0.2"));
        task = Files.writeString(dir.resolve("task.yaml"), "name: t\nrun: echo hi\n");
    }

    @AfterEach
    void close() {
        rig.close();
    }

    private void awaitOutcome(String name, JobStatus status) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            rig.cycle();
            assertThat(rig.find(name).status()).isEqualTo(status);
        });
    }

    @Test
    void adoptsAClusterLaunchedBeforeTheCrash() {
        rig.insert("crashed", SkyMode.CLUSTER, JobStatus.PROVISIONING, MARKER);
        rig.sky.run(List.of("launch", "-c", "crashed", "-y", "-d", "--down", "-i", "15", task.toString()), "");
        rig.restart();

        rig.cycle();

        // Adopted at once; the SkyPilot job id is learnt as soon as the cluster's queue can be read.
        assertThat(rig.find("crashed").runRef()).isIn("cluster", "cluster:1");
        awaitOutcome("crashed", JobStatus.COMPLETED);
        assertThat(rig.find("crashed").runRef()).isEqualTo("cluster:1");
        assertThat(rig.sky.calls("launch", "crashed")).hasSize(1);
    }

    @Test
    void adoptsAManagedJobLaunchedBeforeTheCrash() {
        rig.insert("crashed-m", SkyMode.MANAGED, JobStatus.PROVISIONING, MARKER);
        rig.sky.run(List.of("jobs", "launch", "-n", "crashed-m", "-y", "-d", task.toString()), "");
        rig.restart();

        rig.cycle();

        assertThat(rig.find("crashed-m").runRef()).isEqualTo("managed:1");
        awaitOutcome("crashed-m", JobStatus.COMPLETED);
        assertThat(rig.sky.calls("jobs launch", "crashed-m")).hasSize(1);
    }

    @Test
    void launchesOnceWhenTheLostLaunchLeftNoTrace() {
        rig.insert("no-trace", SkyMode.CLUSTER, JobStatus.PROVISIONING, MARKER);
        rig.restart();

        rig.cycle();

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(rig.find("no-trace").runRef()).isEqualTo("cluster:1"));
        awaitOutcome("no-trace", JobStatus.COMPLETED);
        assertThat(rig.sky.calls("launch", "no-trace")).hasSize(1);
    }

    @Test
    void launchesAJobWhoseLaunchNeverStartedOnceAfterARestart() {
        rig.insert("never", SkyMode.MANAGED, JobStatus.PENDING, null);
        rig.restart();

        rig.cycle();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(rig.find("never").runRef()).isEqualTo("managed:1"));
        rig.restart();
        awaitOutcome("never", JobStatus.COMPLETED);

        assertThat(rig.sky.calls("jobs launch", "never")).hasSize(1);
    }

    @Test
    void asksTheApiServerWhatBecameOfTheRequestOfAReplicaThatIsGone() {
        // A request the server is still working on, which will fail and leave nothing behind.
        rig.sky.knobs("req", Map.of("resources_unavailable", true, "launch_seconds", 3));
        String out = rig.sky.run(List.of("launch", "--async", "-c", "req", "-y", "-d", task.toString()), "");
        String id = SkyOutput.requestId(out).orElseThrow(() -> new AssertionError(out));
        rig.sky.knobs("req", Map.of());
        String marker =
                SkyRef.launching(Instant.now(), "gone-replica").withRequest(id).toString();
        rig.insert("req", SkyMode.CLUSTER, JobStatus.PROVISIONING, marker);
        rig.restart();

        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            rig.cycle();
            assertThat(rig.sky.calls("launch", "req")).hasSize(1);
        });
        assertThat(rig.sky.calls("api status", null)).isNotEmpty();
        assertThat(rig.find("req").runRef()).isEqualTo(marker);

        // Failed on the server: launched again, once.
        awaitOutcome("req", JobStatus.COMPLETED);
        assertThat(rig.sky.calls("launch", "req")).hasSize(2);
    }

    @Test
    void leavesALaunchUnderWayOnAnotherLiveReplicaAlone() {
        rig.insert(
                "elsewhere",
                SkyMode.CLUSTER,
                JobStatus.PROVISIONING,
                SkyRef.launching(Instant.now(), "b-1").toString());
        rig.insert(
                "orphan",
                SkyMode.CLUSTER,
                JobStatus.PROVISIONING,
                SkyRef.launching(Instant.now(), "c-1").toString());
        rig.restart();
        rig.backend().replicasAlive(r -> r.equals("b-1"));

        // Neither is launched: one replica is alive, and the other's submit is not over its time limit yet.
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            rig.cycle();
            assertThat(rig.sky.calls("launch", null)).isEmpty();
        });
        assertThat(rig.sky.calls("api status", null)).isEmpty();

        rig.backend().replicasAlive(r -> false);
        rig.insert(
                "stale",
                SkyMode.CLUSTER,
                JobStatus.PROVISIONING,
                SkyRef.launching(Instant.now().minus(Duration.ofHours(1)), "b-1")
                        .toString());
        awaitOutcome("stale", JobStatus.COMPLETED);
        assertThat(rig.sky.calls("launch", "stale")).hasSize(1);
        assertThat(rig.sky.calls("launch", "elsewhere")).isEmpty();
    }

    @Test
    void waitsForALaunchThatOutlivedTheCrashInsteadOfLaunchingAgain() throws Exception {
        rig.insert("outlived", SkyMode.CLUSTER, JobStatus.PROVISIONING, MARKER);
        Path earlierTask = new SkyFiles(dir.resolve("data")).task("outlived");
        // What the crashed service left behind: a `sky launch` of this job's task, still at work.
        Process earlier = new ProcessBuilder("bash", "-c", "sleep 60; true", "launch", earlierTask.toString()).start();
        try {
            rig.restart();

            // Cycle after cycle, for as long as a launch (started at once, had one been decided) takes to show.
            await().during(Duration.ofMillis(1500))
                    .atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> {
                        rig.cycle();
                        assertThat(rig.sky.calls("launch", "outlived")).isEmpty();
                    });
        } finally {
            earlier.destroyForcibly().waitFor();
        }
        rig.cycle();
        awaitOutcome("outlived", JobStatus.COMPLETED);
        assertThat(rig.sky.calls("launch", "outlived")).hasSize(1);
    }
}
