package io.ainfinity.job.api;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ainfinity.support.Jobs;
import io.ainfinity.support.Tokens;

import static io.ainfinity.support.Api.launch;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

/** Launch bodies the fuzzer and the injection canaries found answered wrongly: each is now a clear 4xx. */
@QuarkusTest
class LaunchInputTest {

    @BeforeEach
    void authenticate() {
        RestAssured.requestSpecification = Tokens.bearer(Tokens.token("input", "user"));
    }

    @AfterEach
    void forget() {
        RestAssured.requestSpecification = null;
    }

    private static Map<String, Object> smoke(String name) {
        Map<String, Object> body = new HashMap<>();
        body.put("job_name", name);
        body.put("template", "local-smoke");
        return body;
    }

    @Test
    void nullValuesInMapsAreNamedNotA500() {
        Map<String, Object> body = smoke(Jobs.uniqueName("nulls"));
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("A", null);
        body.put("envs", withNull);
        body.put("labels", withNull);
        body.put("training", Map.of("extra_args", withNull));

        launch(body)
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("envs.A", "labels.A", "training.extra_args.A"));
    }

    @Test
    void scalarsOfTheWrongTypeAreRefusedNotConverted() {
        List<Map.Entry<String, Object>> cases = List.of(
                Map.entry("job_name", false),
                Map.entry("envs", Map.of("A", 1)),
                Map.entry("resources", Map.of("disk_size", "20")),
                Map.entry("resources", Map.of("disk_size", 20.7)),
                Map.entry("down", "yes"));
        for (Map.Entry<String, Object> c : cases) {
            Map<String, Object> body = smoke(Jobs.uniqueName("types"));
            body.put(c.getKey(), c.getValue());

            launch(body)
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.size()", is(1))
                    .body("errors[0].message", is("wrong type"));
        }
    }

    @Test
    void envNamesThatRunCodeAtStartUpAreRefused() {
        Map<String, Object> body = smoke(Jobs.uniqueName("bashenv"));
        body.put("envs", Map.of("BASH_ENV", "$(touch /tmp/x)", "LD_PRELOAD", "/tmp/x.so", "WANDB_PROJECT", "p"));

        launch(body).statusCode(422).body("errors.field", containsInAnyOrder("envs.BASH_ENV", "envs.LD_PRELOAD"));
    }

    @Test
    void aJobWritesOnlyUnderOutputsWhateverItsInfra() {
        for (String infra : List.of("local", "aws")) {
            Map<String, Object> body = smoke(Jobs.uniqueName("outdir"));
            body.put("resources", Map.of("infra", infra));
            body.put("training", Map.of("output_dir", "/tmp/elsewhere", "dataset", "../../etc/x.jsonl"));

            launch(body).statusCode(422).body("errors.field", hasItems("training.output_dir", "training.dataset"));
        }
    }

    @Test
    void theEarlierClientsCustomLaunchIsTakenAsItMeantIt() {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("job_name", Jobs.uniqueName("custom"));
        body.put("resources", Map.of("infra", "aws"));
        body.put("training", Map.of("output_dir", "./custom-checkpoints", "accelerate_config", "fsdp_config.yaml"));

        launch(body)
                .statusCode(201)
                .body("job_info.template", is("fsdp"))
                .body("job_info.training.output_dir", is("outputs/custom-checkpoints"));
    }

    @Test
    void anAccelerateConfigOfAnotherTemplateIsStillRefused() {
        Map<String, Object> body = smoke(Jobs.uniqueName("pair"));
        body.put("template", "deepspeed");
        body.put("resources", Map.of("infra", "aws"));
        body.put("training", Map.of("accelerate_config", "fsdp_config.yaml"));

        launch(body).statusCode(422).body("errors.field", hasItems("training.accelerate_config"));
    }

    @Test
    void anIntegerMayBeWrittenWithAZeroFraction() {
        Map<String, Object> body = smoke(Jobs.uniqueName("whole"));
        body.put("resources", Map.of("disk_size", 20.0));

        launch(body).statusCode(201).body("job_info.resources.disk_size", is(20));
    }

    @Test
    void aNullRoleIsNamedNotA500() {
        RestAssured.requestSpecification = null;
        given().spec(Tokens.bearer(Tokens.token("input-admin", "admin")))
                .contentType(ContentType.JSON)
                .body("{\"name\": \"t1\", \"roles\": [null]}")
                .post("/api/v1/tokens")
                .then()
                .statusCode(422)
                .body("errors.field", hasItem(org.hamcrest.Matchers.startsWith("roles")));
    }

    @Test
    void anEmptyPageSizeIsTheDefaultAsDocumented() {
        given().get("/api/v1/jobs?limit=").then().statusCode(200);
        given().get("/openapi.json")
                .then()
                .body("paths.'/api/v1/jobs'.get.parameters.find { it.name == 'limit' }.allowEmptyValue", is(true));
    }
}
