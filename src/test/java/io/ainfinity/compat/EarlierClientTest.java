package io.ainfinity.compat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ainfinity.job.JobKeys;
import io.ainfinity.support.Jobs;
import io.ainfinity.support.SkyDouble;
import io.ainfinity.support.Tokens;
import io.ainfinity.support.TrainingLog;

import static io.ainfinity.support.Api.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.oneOf;

/**
 * The earlier FastAPI service's own client, call by call: its request bodies and what it reads from the answers
 * ({@code success}, {@code job_info}, {@code message}, {@code error}, the earlier metric names), end to end through
 * the {@code sky} double, which stands for the cloud. The client sends a bearer token (or {@code X-API-Key}) and names
 * its infra in {@code resources}, as its documented usage does.
 */
@QuarkusTest
class EarlierClientTest {

    private static final String OWNER = "earlier-client";

    private final SkyDouble sky = SkyDouble.shared();
    private String token;

    @BeforeEach
    void authenticate() {
        token = Tokens.token(OWNER, "user");
        RestAssured.requestSpecification = Tokens.bearer(token);
    }

    @AfterEach
    void forget() {
        RestAssured.requestSpecification = null;
    }

    private static ValidatableResponse post(Map<String, Object> body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/jobs")
                .then();
    }

    /** launch_training(job_name, accelerators, num_train_epochs, learning_rate, ...), its defaults spelled out. */
    private static Map<String, Object> launchTraining(String name, int epochs) {
        return Map.of(
                "job_name",
                name,
                "resources",
                Map.of("infra", "k8s", "accelerators", "A100:1", "disk_size", 100, "use_spot", false),
                "training",
                Map.of("num_train_epochs", epochs, "learning_rate", 2.0e-5, "per_device_train_batch_size", 4),
                "detach",
                true,
                "down",
                true);
    }

    @Test
    void launchGetListMetricsLogsAndWaitWorkAsTheEarlierClientReadsThem() {
        String name = Jobs.uniqueName("qwen-finetune");
        sky.knobs(JobKeys.of(OWNER, name), TrainingLog.knobs(30));

        post(launchTraining(name, 3))
                .statusCode(201)
                .body("success", is(true))
                .body("message", containsString(name))
                .body("job_info.job_name", is(name))
                .body("job_info.status", is("pending"))
                .body("job_info.cluster_name", instanceOf(String.class));

        given().get("/api/v1/jobs/{name}", name)
                .then()
                .statusCode(200)
                .body("success", is(true))
                .body("job_info.job_name", is(name))
                .body("job_info.training.num_train_epochs", is(3));
        given().get("/api/v1/jobs")
                .then()
                .statusCode(200)
                .body("success", is(true))
                .body("jobs.job_name", hasItem(name))
                .body("total", greaterThanOrEqualTo(1));

        TrainingLog.awaitWhileRunning(name);
        TrainingLog.metrics(name)
                .body("success", is(true))
                .body("job_name", is(name))
                .body("training_metrics.current_step", instanceOf(Integer.class))
                .body("training_metrics.total_epochs", is(3));

        // wait_for_completion: polls the job until it has ended.
        awaitStatus(name, "completed");
        TrainingLog.awaitFinal(name);
        TrainingLog.metrics(name)
                .body("status", is("completed"))
                .body("training_metrics.current_step", is(2))
                .body("training_metrics.current_epoch", is(1.0f));
        given().get("/api/v1/jobs/{name}/logs?tail=50", name)
                .then()
                .statusCode(200)
                .body("success", is(true))
                .body("job_name", is(name))
                .body("logs", containsString("step"))
                .body("lines", greaterThanOrEqualTo(1));
    }

    @Test
    void theCustomLaunchWithOverridesIsTakenAndRendered() {
        String name = Jobs.uniqueName("custom");
        Map<String, Object> training = Map.of(
                "output_dir",
                "./custom-checkpoints",
                "accelerate_config",
                "fsdp_config.yaml",
                "extra_args",
                Map.of(
                        "training_arguments.gradient_accumulation_steps", "4",
                        "training_arguments.logging_steps", "10"));
        post(Map.of(
                        "job_name",
                        name,
                        "resources",
                        Map.of("infra", "k8s", "accelerators", "A100:8"),
                        "training",
                        training))
                .statusCode(201)
                .body("job_info.template", is("fsdp"))
                .body("job_info.training.output_dir", is("outputs/custom-checkpoints"))
                .body("job_info.training.accelerate_config", is("fsdp_config.yaml"));

        given().get("/api/v1/jobs/{name}/task", name)
                .then()
                .statusCode(200)
                .body(containsString("training_arguments.gradient_accumulation_steps"))
                .body(containsString("outputs/custom-checkpoints"));
    }

    @Test
    void aStopIsAnsweredAtOnceAndTheJobEndsStopped() {
        String name = Jobs.uniqueName("long");
        sky.knobs(JobKeys.of(OWNER, name), Map.of("run_units", 600));
        post(launchTraining(name, 1)).statusCode(201);
        awaitStatus(name, "running");

        given().delete("/api/v1/jobs/{name}", name)
                .then()
                .statusCode(200)
                .body("success", is(true))
                .body("job_info.status", oneOf("stopping", "stopped"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> awaitStatus(name, "stopped"));
    }

    @Test
    void errorsCarryTheEarlierCodes() {
        given().get("/api/v1/jobs/{name}", "no-such-job")
                .then()
                .statusCode(404)
                .body("success", is(false))
                .body("error", is("JobNotFound"));

        String name = Jobs.uniqueName("twice");
        post(launchTraining(name, 1)).statusCode(201);
        post(launchTraining(name, 1)).statusCode(409).body("error", is("JobAlreadyExists"));

        post(launchTraining(Jobs.uniqueName("bad"), 0))
                .statusCode(422)
                .body("error", is("ValidationError"))
                .body("errors.field", hasItem("training.num_train_epochs"));
    }

    @Test
    void theEarlierPathsAndKeyHeaderAnswer() {
        RestAssured.requestSpecification = null;
        for (String path : List.of("/api/v1/health", "/api/v1/health/ready", "/api/v1/health/live", "/")) {
            given().get(path).then().statusCode(200);
        }
        given().header("X-API-Key", token)
                .get("/api/v1/jobs")
                .then()
                .statusCode(200)
                .body("success", is(true));
        given().get("/api/v1/jobs").then().statusCode(401);
    }
}
