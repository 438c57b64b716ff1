package io.ainfinity.job.api;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

import io.ainfinity.job.JobKeys;
import io.ainfinity.support.Jobs;
import io.ainfinity.support.Tokens;

import static io.ainfinity.support.Api.awaitStatus;
import static io.ainfinity.support.Api.launch;
import static io.ainfinity.support.Api.launchSmoke;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class JobResourceTest {

    @BeforeEach
    void authenticate() {
        RestAssured.requestSpecification = Tokens.bearer(Tokens.token("alice", "user"));
    }

    @AfterEach
    void forget() {
        RestAssured.requestSpecification = null;
    }

    @Test
    void launchAnswers201WithLocationAndTheOldShape() {
        String name = Jobs.uniqueName("shape");

        launch(Map.of("job_name", name, "template", "local-smoke"))
                .statusCode(201)
                .header("Location", endsWith("/api/v1/jobs/" + name))
                .body("success", is(true))
                .body("message", containsString(name))
                .body("job_info.job_name", is(name))
                .body("job_info.status", is("pending"))
                .body("job_info.backend", is("local"))
                .body("job_info.resources.infra", is("local"))
                .body("job_info.resources.accelerators", is("RTX3090:1"))
                .body("job_info.resources.disk_size", is(100))
                .body("job_info.resources.image_id", is("docker:nvidia/cuda:12.1.1-devel-ubuntu20.04"))
                .body("job_info.training.config_file", is("finetuning"))
                .body("job_info.training.accelerate_config", is("ds2_config.yaml"))
                .body("job_info.created_at", notNullValue())
                .body("job_info.error_message", nullValue())
                .body("job_info", hasKey("training_metrics"))
                .body("job_info", hasKey("started_at"))
                .body("job_info", hasKey("ended_at"));
    }

    @Test
    void aTakenNameIsAConflict() {
        String name = launchSmoke("dup", Map.of());

        launch(Map.of("job_name", name, "template", "local-smoke"))
                .statusCode(409)
                .contentType("application/problem+json")
                .body("status", is(409))
                .body("success", is(false))
                .body("detail", containsString("already exists"));
    }

    @Test
    void validationNamesEveryBadField() {
        Map<String, Object> body = Map.of(
                "job_name", "9starts-with-digit",
                "resources", Map.of("disk_size", 5, "memory", "lots"),
                "training", Map.of("learning_rate", 0, "num_train_epochs", 0, "per_device_train_batch_size", -1),
                "envs", Map.of("SKYPILOT_X", "1"),
                "template", "nope");

        launch(body)
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", notNullValue())
                .body("title", is("Validation Failed"))
                .body("instance", is("/api/v1/jobs"))
                .body("path", is("/api/v1/jobs"))
                .body("error", is("ValidationError"))
                .body(
                        "errors.field",
                        hasItems(
                                "job_name",
                                "resources.disk_size",
                                "resources.memory",
                                "training.learning_rate",
                                "training.num_train_epochs",
                                "training.per_device_train_batch_size",
                                "envs.SKYPILOT_X",
                                "template"));
    }

    /**
     * A launch body the API cannot take, and its answer: the status, and where {@code path} is set, what the problem
     * says there.
     */
    record Malformed(String what, ContentType type, String body, int status, String path, Matcher<?> says) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Malformed> malformedBodies() {
        String huge = "{\"job_name\": \"x\", \"envs\": {\"A\": \"" + "a".repeat(2_000_000) + "\"}}";
        return Stream.of(
                new Malformed(
                        "an unknown field",
                        ContentType.JSON,
                        "{\"job_name\": \"x\", \"surprise\": 1}",
                        400,
                        "errors[0].field",
                        is("surprise")),
                new Malformed(
                        "JSON cut short",
                        ContentType.JSON,
                        "{\"job_name\": ",
                        400,
                        "detail",
                        containsString("not valid JSON")),
                new Malformed(
                        "a word for a number",
                        ContentType.JSON,
                        "{\"job_name\": \"x\", \"resources\": {\"disk_size\": \"big\"}}",
                        400,
                        "errors[0].field",
                        is("resources.disk_size")),
                new Malformed("an array for an object", ContentType.JSON, "[1, 2]", 400, null, null),
                new Malformed("no body", ContentType.JSON, null, 422, "errors[0].field", is("body")),
                new Malformed("a form instead of JSON", ContentType.TEXT, "job_name=x", 415, "status", is(415)),
                new Malformed("a body over the size limit", ContentType.JSON, huge, 413, null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void malformedBodiesAreClear4xxWithoutInternals(Malformed c) {
        RequestSpecification request = given().contentType(c.type());
        if (c.body() != null) {
            request.body(c.body());
        }

        ValidatableResponse answer = request.post("/api/v1/jobs").then();

        answer.statusCode(c.status()).body(not(containsString("Exception"))).body(not(containsString("at io.")));
        if (c.path() != null) {
            answer.contentType("application/problem+json").body(c.path(), c.says());
        }
    }

    @Test
    void unknownJobsAre404OnEveryVerb() {
        String name = Jobs.uniqueName("ghost");
        for (String path : List.of("", "/logs", "/metrics", "/task")) {
            given().get("/api/v1/jobs/{name}" + path, name)
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json")
                    .body("detail", containsString(name));
        }
        given().delete("/api/v1/jobs/{name}", name).then().statusCode(404);
        given().delete("/api/v1/jobs/{name}/delete", name).then().statusCode(404);
    }

    @Test
    void listsPagesWithFiltersAndACursor() {
        String batch = Jobs.uniqueName("batch");
        for (int i = 0; i < 3; i++) {
            launch(Map.of(
                            "job_name",
                            Jobs.uniqueName("list"),
                            "template",
                            "local-smoke",
                            "labels",
                            Map.of("batch", batch)))
                    .statusCode(201);
        }

        String cursor = given().queryParam("limit", 2)
                .queryParam("label", "batch=" + batch)
                .get("/api/v1/jobs")
                .then()
                .statusCode(200)
                .body("success", is(true))
                .body("total", is(3))
                .body("jobs.size()", is(2))
                .body("jobs.labels.batch", everyItem(is(batch)))
                .extract()
                .path("next_cursor");
        given().queryParam("limit", 2)
                .queryParam("label", "batch=" + batch)
                .queryParam("after", cursor)
                .get("/api/v1/jobs")
                .then()
                .statusCode(200)
                .body("jobs.size()", is(1))
                .body("next_cursor", nullValue());
        given().queryParam("status", "stopped")
                .queryParam("label", "batch=" + batch)
                .get("/api/v1/jobs")
                .then()
                .statusCode(200)
                .body("total", is(0));
        given().queryParam("limit", 0)
                .queryParam("status", "bogus")
                .queryParam("after", "!!")
                .get("/api/v1/jobs")
                .then()
                .statusCode(422)
                .body("errors.field", hasItems("limit", "status", "after"));
    }

    @Test
    void stopEndsARunningJobAndRefusesAFinishedOne() {
        String name = launchSmoke("stop", Map.of("SMOKE_STEPS", "600", "SMOKE_SLEEP_SECONDS", "1"));
        awaitStatus(name, "running");

        given().delete("/api/v1/jobs/{name}", name)
                .then()
                .statusCode(200)
                .body("success", is(true))
                .body("job_info.status", is("stopping"));
        awaitStatus(name, "stopped");

        given().delete("/api/v1/jobs/{name}", name).then().statusCode(409).body("detail", containsString("ended"));
    }

    @Test
    void deleteNeedsAFinishedJobThenForgetsIt() {
        String name = launchSmoke("delete", Map.of("SMOKE_STEPS", "600", "SMOKE_SLEEP_SECONDS", "1"));
        given().delete("/api/v1/jobs/{name}/delete", name).then().statusCode(409);

        given().delete("/api/v1/jobs/{name}", name).then().statusCode(200);
        awaitStatus(name, "stopped");

        given().delete("/api/v1/jobs/{name}/delete", name)
                .then()
                .statusCode(200)
                .body("job_info.status", is("stopped"));
        given().get("/api/v1/jobs/{name}", name).then().statusCode(404);
    }

    @Test
    void logsMetricsAndTaskOfAFinishedJob() {
        String name = launchSmoke("read", Map.of("SMOKE_STEPS", "3", "SMOKE_SLEEP_SECONDS", "0"));
        awaitStatus(name, "completed");

        given().queryParam("tail", 2)
                .get("/api/v1/jobs/{name}/logs", name)
                .then()
                .statusCode(200)
                .body("success", is(true))
                .body("job_name", is(name))
                .body("lines", is(2))
                .body("logs", containsString("smoke finished with exit code 0"));
        given().queryParam("tail", 0)
                .get("/api/v1/jobs/{name}/logs", name)
                .then()
                .statusCode(422)
                .body("errors[0].field", is("tail"));
        given().get("/api/v1/jobs/{name}/metrics", name)
                .then()
                .statusCode(200)
                .body("job_name", is(name))
                .body("status", is("completed"))
                .body("$", hasKey("training_metrics"))
                .body("$", hasKey("evaluation_metrics"))
                .body("$", hasKey("gpu_metrics"));
        String yaml = given().get("/api/v1/jobs/{name}/task", name)
                .then()
                .statusCode(200)
                .contentType(containsString("application/yaml"))
                .extract()
                .asString();
        Map<String, Object> task = new Yaml().load(yaml);
        // SkyPilot sees the job by its key, unique across owners.
        assertThat(task)
                .containsEntry("name", JobKeys.of("alice", name))
                .containsKeys("resources", "envs", "setup", "run");
    }

    @Test
    void healthAnswersOnTheOldPathsToo() {
        for (String path : List.of("/health", "/health/ready", "/health/live", "/q/health/ready")) {
            given().get(path).then().statusCode(200).body("status", is("UP"));
        }
        given().get("/health/ready").then().body("checks.name", hasItems("store", "worker-pool", "skypilot"));
    }

    @Test
    void publishesAnOpenApiDocument() {
        given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body("paths", hasKey("/api/v1/jobs"))
                .body("paths", hasKey("/api/v1/jobs/{job_name}/logs"));
    }
}
