package io.ainfinity.skypilot;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ainfinity.errors.ServiceUnavailableException;
import io.ainfinity.job.Job;
import io.ainfinity.job.JobStatus;
import io.ainfinity.process.ProcessRunner;
import io.ainfinity.process.WorkerPool;
import io.ainfinity.support.SkyRig;
import io.ainfinity.task.SkyMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Logs of cluster jobs from {@code sky logs --no-follow}, which exits with the job's status as the real CLI does. */
class SkyLogsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private SkyRig rig;
    private WorkerPool pool;
    private SkyFiles files;
    private SkyLogs logs;

    @BeforeEach
    void rig() {
        rig = new SkyRig(dir, Map.of());
        pool = new WorkerPool("logs-test", 2, 10);
        files = new SkyFiles(dir.resolve("data"));
        logs = new SkyLogs(rig.cli, files, pool, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        pool.close();
        rig.close();
    }

    /** A cluster whose one job has long ended as the knobs say, and the service's job following it. */
    private Job ended(String name, Map<String, Object> knobs) {
        Map<String, Object> all = new HashMap<>(knobs);
        all.put("time_scale", 0.05);
        rig.sky.knobs(name, Map.of("log_exit_codes", true));
        rig.sky.seed(Map.of("clusters", List.of(Map.of("name", name, "age_seconds", 60, "knobs", all))));
        return rig.insert(name, SkyMode.CLUSTER, JobStatus.RUNNING, "cluster:1");
    }

    private int exitCodeOfSkyLogs(String cluster) {
        return rig.cli
                .read(rig.cli.commands().logs(cluster, 1, 50))
                .await()
                .atMost(WAIT)
                .exitCode();
    }

    @Test
    void servesAndKeepsTheLogOfAFailedJobThatSkyLogsExits100For() throws IOException {
        Job job = ended("failed", Map.of("outcome", "FAILED"));
        assertThat(exitCodeOfSkyLogs("failed")).isEqualTo(100);

        List<String> served = logs.logs(job, 50).await().atMost(WAIT).lines();
        logs.snapshot(job, "failed", 1).await().atMost(WAIT);

        assertThat(served).contains("smoke step 3/3");
        assertThat(files.hasLogSnapshot("failed")).isTrue();
        assertThat(files.readLogSnapshot("failed", 50)).contains("smoke step 3/3");
    }

    @Test
    void servesAndKeepsTheLogOfACancelledJobThatSkyLogsExits103For() throws IOException {
        Job job = ended("cancelled", Map.of("run_units", 100_000));
        rig.sky.run(List.of("cancel", "-y", "cancelled", "1"), "");
        assertThat(exitCodeOfSkyLogs("cancelled")).isEqualTo(103);

        List<String> served = logs.logs(job, 50).await().atMost(WAIT).lines();
        logs.snapshot(job, "cancelled", 1).await().atMost(WAIT);

        assertThat(served).contains("smoke step 3/3");
        assertThat(files.readLogSnapshot("cancelled", 50)).contains("smoke step 3/3");
    }

    @Test
    void answers503WhenTheCliHasGoneAndServesTheKeptLogIfThereIsOne() throws IOException {
        SkySettings s = rig.cli.settings();
        ProcessRunner runner = new ProcessRunner(pool);
        SkyCli gone = new SkyCli(
                runner,
                new SkySettings(
                        dir.resolve("no-such-dir/sky").toString(),
                        s.env(),
                        s.secrets(),
                        s.missingSecrets(),
                        s.idleMinutesToDown(),
                        s.launchTimeout(),
                        s.downTimeout(),
                        s.readTimeout(),
                        s.pinnedVersion()));
        SkyLogs withoutCli = new SkyLogs(gone, files, pool, Clock.systemUTC());
        Job running = rig.insert("running", SkyMode.CLUSTER, JobStatus.RUNNING, "cluster:1");
        Job stopping = rig.insert("stopping", SkyMode.CLUSTER, JobStatus.STOPPING, "cluster:1");
        files.writeLogSnapshot("stopping", List.of("kept before the teardown"));

        assertThatThrownBy(() -> withoutCli.logs(running, 20).await().atMost(WAIT))
                .isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining("the SkyPilot CLI was not found at");
        assertThat(withoutCli.logs(stopping, 20).await().atMost(WAIT).lines())
                .containsExactly("kept before the teardown");
        runner.close();
    }
}
