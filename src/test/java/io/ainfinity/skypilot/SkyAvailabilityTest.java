package io.ainfinity.skypilot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ainfinity.process.ProcessRunner;
import io.ainfinity.process.WorkerPool;
import io.ainfinity.skypilot.SkyAvailability.State;
import io.ainfinity.support.SkyDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The CLI disappearing and coming back while the service runs, seen without running a process per question. */
class SkyAvailabilityTest {

    @TempDir
    Path dir;

    private WorkerPool pool;
    private ProcessRunner runner;
    private Path link;
    private SkyAvailability availability;

    @BeforeEach
    void cli() throws IOException {
        pool = new WorkerPool("availability-test", 2, 10);
        runner = new ProcessRunner(pool);
        link = Files.createSymbolicLink(dir.resolve("sky"), SkyDouble.SCRIPT);
        SkySettings settings = new SkySettings(
                link.toString(),
                Map.of("SKY_DOUBLE_STATE", dir.resolve("sky-state").toString()),
                Map.of(),
                List.of(),
                15,
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                "0.14.1");
        availability = new SkyAvailability(true, new SkyCli(runner, settings), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        runner.close();
        pool.close();
    }

    @Test
    void noticesACliThatDisappearsAndOneThatComesBack() throws IOException {
        assertThat(availability.refresh().await().atMost(Duration.ofSeconds(30)).state())
                .isEqualTo(State.OK);

        Files.delete(link);
        // Requests read the cached answer: the file is looked at by the scheduled check only.
        assertThat(availability.check().state()).isEqualTo(State.OK);

        availability.lookAtCli();

        assertThat(availability.check().state()).isEqualTo(State.MISSING);
        assertThat(availability.unavailable())
                .hasValueSatisfying(
                        reason -> assertThat(reason).startsWith("the SkyPilot CLI was not found at '" + link));

        Files.createSymbolicLink(link, SkyDouble.SCRIPT);
        assertThat(availability.unavailable()).isPresent();

        availability.lookAtCli();

        assertThat(availability.unavailable()).isEmpty();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(availability.check().state()).isEqualTo(State.OK));
    }
}
