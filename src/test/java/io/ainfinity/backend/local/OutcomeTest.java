package io.ainfinity.backend.local;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ainfinity.job.JobStatus;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomeTest {

    @TempDir
    Path dir;

    private RunDir run(String phase, String exitCode, String log) throws Exception {
        if (phase != null) {
            Files.writeString(dir.resolve("phase"), phase + "\n");
        }
        if (exitCode != null) {
            Files.writeString(dir.resolve("exit_code"), exitCode + "\n");
        }
        Files.writeString(dir.resolve("job.log"), log);
        return new RunDir(dir);
    }

    @Test
    void zeroExitCompletes() throws Exception {
        assertThat(Outcome.of(JobStatus.RUNNING, false, run("run", "0", "ok\n")))
                .isEqualTo(new Outcome(JobStatus.COMPLETED, "task finished"));
    }

    @Test
    void setupFailureSaysSo() throws Exception {
        assertThat(Outcome.of(JobStatus.PROVISIONING, false, run("setup-failed", "127", ""))
                        .message())
                .isEqualTo("setup exited with code 127");
    }

    @Test
    void thePayloadsOneLineReasonBecomesTheMessage() throws Exception {
        RunDir dir = run("run", "2", "loading\nAINFINITY_ERROR training.learning_rate: must be > 0\nTraceback\n");

        Outcome outcome = Outcome.of(JobStatus.RUNNING, false, dir);

        assertThat(outcome.status()).isEqualTo(JobStatus.FAILED);
        assertThat(outcome.message()).isEqualTo("run exited with code 2: training.learning_rate: must be > 0");
    }

    @Test
    void aStopWinsOverTheExitCode() throws Exception {
        assertThat(Outcome.of(JobStatus.STOPPING, false, run("run", "143", "")).status())
                .isEqualTo(JobStatus.STOPPED);
        assertThat(Outcome.of(JobStatus.RUNNING, true, run("run", "0", "")).status())
                .isEqualTo(JobStatus.STOPPED);
    }

    @Test
    void noExitCodeMeansTheTaskWasKilled() throws Exception {
        Outcome outcome = Outcome.of(JobStatus.RUNNING, false, run("run", null, ""));

        assertThat(outcome.status()).isEqualTo(JobStatus.FAILED);
        assertThat(outcome.message()).contains("without recording an exit code");
    }
}
