package io.ainfinity.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.restassured.response.ValidatableResponse;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/**
 * What a training run prints, for the {@code sky} double's {@code metric_lines} knob, and what a job's
 * {@code /metrics} must show for it: while it runs, and once it has ended.
 */
public final class TrainingLog {

    /** In the order the run prints them, with a dict the Trainer prints itself, which is not a metric. */
    public static final List<String> LINES = List.of(
            "AINFINITY_METRICS {\"kind\":\"train\",\"step\":1,\"total_steps\":2,\"epoch\":0.5,\"loss\":2.5,"
                    + "\"learning_rate\":0.001}",
            "{'loss': 2.5, 'learning_rate': 0.001, 'epoch': 0.5}",
            "AINFINITY_METRICS {\"kind\":\"gpu\",\"step\":1,\"gpus\":[{\"index\":0,\"utilization_pct\":97.0,"
                    + "\"memory_used_mb\":30512.0}]}",
            "AINFINITY_METRICS {\"kind\":\"train\",\"step\":2,\"total_steps\":2,\"epoch\":1.0,\"loss\":1.25,"
                    + "\"learning_rate\":0.0005}",
            "AINFINITY_METRICS {\"kind\":\"eval\",\"step\":2,\"epoch\":1.0,\"eval_loss\":1.5}");

    private TrainingLog() {}

    /** Knobs of a job whose run lasts {@code runUnits} of the double's time units and prints {@link #LINES}. */
    public static Map<String, Object> knobs(int runUnits) {
        return Map.of("run_units", runUnits, "metric_lines", LINES);
    }

    public static ValidatableResponse metrics(String job) {
        return given().get("/api/v1/jobs/{name}/metrics", job).then().statusCode(200);
    }

    /** Waits until the job's metrics show its training while the job is still running. */
    public static void awaitWhileRunning(String job) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> metrics(job)
                        .body("status", is("running"))
                        .body("training_metrics.step", notNullValue())
                        .body("training_metrics.loss", notNullValue())
                        .body("training_metrics.learning_rate", notNullValue())
                        .body("training_metrics.epoch", notNullValue()));
    }

    /** Waits until the job's metrics show the last values of {@link #LINES}. */
    public static void awaitFinal(String job) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> metrics(job)
                        .body("training_metrics.step", is(2))
                        .body("training_metrics.total_steps", is(2))
                        .body("training_metrics.loss", is(1.25f))
                        .body("training_metrics.learning_rate", is(5.0e-4f))
                        .body("training_metrics.epoch", is(1.0f))
                        .body("evaluation_metrics.eval_loss", is(1.5f))
                        .body("gpu_metrics.step", is(1))
                        .body("gpu_metrics.gpus[0].utilization_pct", is(97.0f)));
    }
}
