package io.ainfinity.job.api;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ainfinity.support.Jobs;
import io.ainfinity.support.Tokens;

import static io.ainfinity.support.Api.launch;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

@QuarkusTest
class TemplateResourceTest {

    @BeforeEach
    void authenticate() {
        RestAssured.requestSpecification = Tokens.bearer(Tokens.token("tina", "user"));
    }

    @AfterEach
    void forget() {
        RestAssured.requestSpecification = null;
    }

    @Test
    void listsEveryTemplateWithTheTrainingOptionsItAccepts() {
        given().get("/api/v1/templates")
                .then()
                .statusCode(200)
                .body("success", is(true))
                .body("templates.name", contains("deepspeed", "fsdp", "local-smoke"))
                .body("templates[0].accepts_training", is(true))
                .body("templates[0].config_files", contains("cpu_tiny", "finetuning"))
                .body("templates[0].models", contains("qwen3", "tiny_random"))
                .body("templates[0].datasets", contains("orca_chat", "tiny_chat"))
                .body("templates[0].dataset_suffixes", hasItems(".jsonl", ".parquet"))
                .body("templates[0].accelerate_configs", contains("ds2_config.yaml"))
                .body("templates[0].default_accelerate_config", is("ds2_config.yaml"))
                .body("templates[1].accelerate_configs", contains("fsdp_config.yaml"))
                .body("templates[2].accepts_training", is(false))
                .body("templates[2].config_files", empty());
    }

    @Test
    void launchNamesEachTrainingOptionTheTemplateCannotRun() {
        Map<String, Object> body = Map.of(
                "job_name", Jobs.uniqueName("badopts"),
                "template", "deepspeed",
                "training",
                        Map.of(
                                "config_file", "cpu_huge",
                                "model", "llama",
                                "dataset", "imagenet",
                                "accelerate_config", "fsdp_config.yaml"));

        launch(body)
                .statusCode(422)
                .contentType("application/problem+json")
                .body(
                        "errors.field",
                        containsInAnyOrder(
                                "training.config_file",
                                "training.model",
                                "training.dataset",
                                "training.accelerate_config"))
                .body("detail", containsString("unknown config 'cpu_huge' for template 'deepspeed'"));
    }

    @Test
    void acceptsTheEarlierServicesTrainingArgumentsAndNamesAnUnknownOne() {
        Map<String, String> earlier =
                Map.of("training_arguments.gradient_accumulation_steps", "2", "training_arguments.logging_steps", "1");

        launch(Map.of(
                        "job_name", Jobs.uniqueName("targs"),
                        "template", "deepspeed",
                        "resources", Map.of("infra", "aws"),
                        "training", Map.of("extra_args", earlier)))
                .statusCode(201);
        launch(Map.of(
                        "job_name", Jobs.uniqueName("targs"),
                        "template", "deepspeed",
                        "resources", Map.of("infra", "aws"),
                        "training", Map.of("extra_args", Map.of("training_arguments.not_a_field", "1"))))
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", contains("training.extra_args.training_arguments.not_a_field"));
    }

    @Test
    void anFsdpLaunchDefaultsToTheFsdpConfigAndRefusesDeepSpeedOnes() {
        String name = Jobs.uniqueName("fsdp");

        // Past validation, a cloud launch goes to the SkyPilot backend (the test double here).
        launch(Map.of("job_name", name, "template", "fsdp", "resources", Map.of("infra", "aws")))
                .statusCode(201)
                .body("job_info.training.accelerate_config", is("fsdp_config.yaml"));
        launch(Map.of(
                        "job_name",
                        name,
                        "template",
                        "fsdp",
                        "resources",
                        Map.of("infra", "aws"),
                        "training",
                        Map.of("accelerate_config", "ds2_config.yaml")))
                .statusCode(422)
                .body("errors.field", contains("training.accelerate_config"));
    }

    @Test
    void theSmokeTemplateIgnoresTrainingOptions() {
        launch(Map.of(
                        "job_name",
                        Jobs.uniqueName("smokeopts"),
                        "template",
                        "local-smoke",
                        "training",
                        Map.of("config_file", "whatever", "accelerate_config", "none.yaml")))
                .statusCode(201)
                .body("job_info.training.config_file", is("whatever"));
    }
}
