package io.ainfinity.skypilot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ainfinity.process.ProcessRunner;
import io.ainfinity.process.WorkerPool;
import io.ainfinity.skypilot.SkyAvailability.State;
import io.ainfinity.support.SkyDouble;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link SkyCli} and {@link SkyAvailability} against the double: secrets, time limits, the version check. */
class SkyCliTest {

    private static final String SECRET = "hf_unit_test_value_0042";

    @TempDir
    Path dir;

    private final WorkerPool pool = new WorkerPool("cli-test", 4, 16);
    private final ProcessRunner runner = new ProcessRunner(pool);

    @AfterEach
    void close() {
        runner.close();
        pool.close();
    }

    private SkyCli cli(String program, Map<String, String> env, Duration launchTimeout) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("SKY_DOUBLE_STATE", dir.resolve("state").toString());
        return new SkyCli(
                runner,
                new SkySettings(
                        program,
                        all,
                        Map.of("HF_TOKEN", SECRET),
                        List.of(),
                        15,
                        launchTimeout,
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(10),
                        "0.14.1"));
    }

    @Test
    void launchesGetSecretsByNameWithValuesOnlyInTheEnvironmentAndRedactedFromOutput() throws Exception {
        SkyCli cli =
                cli(SkyDouble.SCRIPT.toString(), Map.of("SKY_DOUBLE_ECHO_SECRETS", "true"), Duration.ofSeconds(30));
        Path task = Files.writeString(dir.resolve("t.yaml"), "name: t\nrun: echo\n");

        SkyCall call = cli.launch(cli.commands().launch("c1", task, true, 15, cli.secretNames()))
                .await()
                .atMost(Duration.ofSeconds(30));

        assertThat(call.ok()).isTrue();
        assertThat(call.argv()).containsSubsequence("--secret", "HF_TOKEN").noneMatch(a -> a.contains(SECRET));
        assertThat(call.stdout()).contains("HF_TOKEN=[redacted]").doesNotContain(SECRET);
        SkyDouble sky = new SkyDouble(dir.resolve("state"));
        assertThat(sky.calls("launch", "c1").get(0).secrets()).containsEntry("HF_TOKEN", true);
        SkyCall status = cli.read(cli.commands().status()).await().atMost(Duration.ofSeconds(30));
        assertThat(status.ok()).isTrue();
    }

    @Test
    void aCommandPastItsTimeLimitIsKilledAndSaysSo() {
        SkyCli cli = cli(SkyDouble.SCRIPT.toString(), Map.of("SKY_DOUBLE_HANG", "true"), Duration.ofSeconds(2));

        SkyCall call = cli.launch(cli.commands().jobsLaunch("m", dir, List.of()))
                .await()
                .atMost(Duration.ofSeconds(30));

        assertThat(call.timedOut()).isTrue();
        assertThat(call.failure()).isEqualTo("`sky jobs launch` did not finish within 2s; its process tree was killed");
    }

    @Test
    void availabilityFollowsTheCliAndItsVersion() {
        Clock clock = Clock.systemUTC();
        SkyAvailability pinned = new SkyAvailability(true, cli(SkyDouble.SCRIPT.toString(), Map.of(), null), clock);
        SkyAvailability other = new SkyAvailability(
                true, cli(SkyDouble.SCRIPT.toString(), Map.of("SKY_DOUBLE_VERSION", "\"0.13.0\""), null), clock);
        SkyAvailability missing =
                new SkyAvailability(true, cli(dir.resolve("nope/sky").toString(), Map.of(), null), clock);

        assertThat(pinned.refresh().await().indefinitely().state()).isEqualTo(State.OK);
        assertThat(other.refresh().await().indefinitely().state()).isEqualTo(State.MISMATCH);
        assertThat(other.unavailable())
                .hasValueSatisfying(
                        reason -> assertThat(reason).contains("version 0.13.0").contains("pinned to 0.14.1"));
        assertThat(missing.refresh().await().indefinitely().state()).isEqualTo(State.MISSING);
        assertThat(pinned.unavailable()).isEmpty();
        assertThat(new SkyAvailability(false, cli("sky", Map.of(), null), clock).unavailable())
                .hasValueSatisfying(reason -> assertThat(reason).contains("disabled"));
    }
}
