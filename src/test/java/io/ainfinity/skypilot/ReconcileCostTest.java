package io.ainfinity.skypilot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.ainfinity.job.JobStatus;
import io.ainfinity.support.SkyDouble.Invocation;
import io.ainfinity.support.SkyRig;
import io.ainfinity.task.SkyMode;

import static org.assertj.core.api.Assertions.assertThat;

/** A reconcile cycle costs the same {@code sky} processes with 1, 100 or 500 jobs of each mode: the double counts them. */
class ReconcileCostTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {1, 100})
    void aCycleSpawnsTheSameProcessesWhateverTheNumberOfJobs(int perMode) {
        assertOneCycleCostsThreeCalls(perMode);
    }

    /** In the slow lane: storing a thousand jobs, and a first cycle that records each one's status, take a while. */
    @Test
    @Tag("slow")
    void aCycleOverFiveHundredJobsOfEachModeSpawnsTheSameProcesses() {
        assertOneCycleCostsThreeCalls(500);
    }

    private void assertOneCycleCostsThreeCalls(int perMode) {
        try (SkyRig rig = new SkyRig(dir, Map.of())) {
            List<Map<String, Object>> clusters = new ArrayList<>();
            List<Map<String, Object>> managed = new ArrayList<>();
            Map<String, Object> longRunning = Map.of("run_units", 100_000, "time_scale", 1.0);
            for (int i = 0; i < perMode; i++) {
                clusters.add(Map.of("name", "c-" + i, "age_seconds", 10, "knobs", longRunning));
                managed.add(Map.of("name", "m-" + i, "age_seconds", 10, "knobs", longRunning));
            }
            rig.sky.seed(Map.of("clusters", clusters, "managed", managed));
            for (int i = 0; i < perMode; i++) {
                rig.insert("c-" + i, SkyMode.CLUSTER, JobStatus.RUNNING, "cluster:1");
                rig.insert("m-" + i, SkyMode.MANAGED, JobStatus.RUNNING, "managed:" + (i + 1));
            }

            for (int cycle = 0; cycle < 2; cycle++) {
                int before = rig.sky.invocations().size();
                Reconciler.Cycle c = rig.cycle();
                List<Invocation> spawned = rig.sky
                        .invocations()
                        .subList(before, rig.sky.invocations().size());

                assertThat(c.jobs()).isEqualTo(2 * perMode);
                assertThat(c.skyCalls()).isEqualTo(3);
                assertThat(spawned)
                        .extracting(Invocation::command)
                        .containsExactlyInAnyOrder("status", "queue", "jobs queue");
            }
            assertThat(rig.find("c-" + (perMode - 1)).skyStatus()).isEqualTo("UP/RUNNING");
            assertThat(rig.find("m-" + (perMode - 1)).skyStatus()).isEqualTo("RUNNING");
            assertThat(rig.find("m-0").status()).isEqualTo(JobStatus.RUNNING);
        }
    }
}
