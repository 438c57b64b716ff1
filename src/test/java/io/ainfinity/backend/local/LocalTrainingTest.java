package io.ainfinity.backend.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.ainfinity.support.Jobs;
import io.ainfinity.support.Tokens;

import static io.ainfinity.support.Api.launch;
import static io.ainfinity.support.Api.status;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real fine-tune through the API: the deepspeed template on the local backend runs the training payload from
 * {@code .venv-train} (made by {@code scripts/setup-train.sh}) with the CPU config {@code cpu_tiny}, and the job
 * shows the metrics the payload printed. In the slow lane ({@code -Pslow}): it needs that venv, and trains for real.
 */
@Tag("slow")
@QuarkusTest
class LocalTrainingTest {

    @BeforeEach
    void authenticate() {
        RestAssured.requestSpecification = Tokens.bearer(Tokens.token("trainer", "user"));
    }

    @AfterEach
    void forget() {
        RestAssured.requestSpecification = null;
    }

    private static final Path VENV_PYTHON = Path.of(".venv-train/bin/python");
    private static final Duration TRAINING_TIME = Duration.ofMinutes(3);

    /** Local jobs write under the working directory's outputs/ only; these tests keep to a folder of their own. */
    private static final String OUTPUTS = "outputs/ainfinity-tests";

    @AfterAll
    static void removeOutputs() throws IOException {
        Path root = Path.of(OUTPUTS);
        if (Files.exists(root)) {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @BeforeEach
    void needsTheTrainingVenv() {
        assumeTrue(
                Files.isExecutable(VENV_PYTHON),
                "SKIPPED: no .venv-train at the repository root; run ./scripts/setup-train.sh to run a real fine-tune");
    }

    private static Map<String, Object> deepspeedJob(String name, Map<String, Object> training) {
        return Map.of(
                "job_name", name, "template", "deepspeed", "resources", Map.of("infra", "local"), "training", training);
    }

    private static String awaitEnd(String name) {
        await().atMost(TRAINING_TIME)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(status(name)).isIn("completed", "failed", "stopped"));
        return status(name);
    }

    private static ValidatableResponse job(String name) {
        return given().get("/api/v1/jobs/{name}", name).then().statusCode(200);
    }

    @Test
    void aTinyFineTuneCompletesAndShowsItsTrainingAndEvaluationMetrics() {
        String name = Jobs.uniqueName("tiny");
        Map<String, Object> training = Map.of("config_file", "cpu_tiny", "output_dir", OUTPUTS + "/" + name);
        launch(deepspeedJob(name, training)).statusCode(201);

        String end = awaitEnd(name);

        assertThat(end)
                .as("job ended %s: %s", end, job(name).extract().path("job_info.error_message"))
                .isEqualTo("completed");
        given().get("/api/v1/jobs/{name}/metrics", name)
                .then()
                .body("training_metrics.loss", notNullValue())
                .body("training_metrics.step", is(36))
                .body("training_metrics.total_steps", is(36))
                .body("training_metrics.epoch", is(4.0f))
                .body("training_metrics.train_runtime", notNullValue())
                .body("training_metrics.train_samples_per_second", notNullValue())
                .body("training_metrics.train_steps_per_second", notNullValue())
                .body("training_metrics.train_loss", notNullValue())
                .body("training_metrics.total_flos", notNullValue())
                .body("evaluation_metrics.eval_loss", notNullValue())
                .body("evaluation_metrics.step", is(36))
                .body("gpu_metrics", nullValue());
        assertThat(Path.of(OUTPUTS, name, "ainfinity_config.yaml")).exists();
    }

    @Test
    void aBadOverrideFailsTheJobWithThePayloadsOneLineReason() {
        String name = Jobs.uniqueName("badarg");
        Map<String, Object> training = Map.of(
                "config_file",
                "cpu_tiny",
                "output_dir",
                OUTPUTS + "/" + name,
                "extra_args",
                // An accepted option that this config's model has no key for: only the payload can tell.
                Map.of("model.revision", "main"));
        launch(deepspeedJob(name, training)).statusCode(201);

        String end = awaitEnd(name);

        assertThat(end).isEqualTo("failed");
        job(name)
                .body(
                        "job_info.error_message",
                        is("run exited with code 2: training.extra_args.model.revision: not a key of the composed"
                                + " config"));
    }
}
