package io.ainfinity.job.api;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ainfinity.job.JobKeys;
import io.ainfinity.support.Api;
import io.ainfinity.support.Jobs;
import io.ainfinity.support.OpenApi;
import io.ainfinity.support.Tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

/** Fields a strict client of the earlier service reads: a string cluster_name, its metric names beside the new ones. */
@QuarkusTest
class LegacyFieldsTest {

    private static final String OWNER = "legacy-fields";

    @BeforeEach
    void authenticate() {
        RestAssured.requestSpecification = Tokens.bearer(Tokens.token(OWNER, "user"));
    }

    @AfterEach
    void forget() {
        RestAssured.requestSpecification = null;
    }

    @Test
    void aLocalJobsClusterNameIsItsKeyFromTheStart() {
        String name = Jobs.uniqueName("legacy-cluster");

        Api.launch(Map.of("job_name", name, "template", "local-smoke", "resources", Map.of("infra", "local")))
                .statusCode(201)
                .body("job_info.cluster_name", is(JobKeys.of(OWNER, name)));
        given().get("/api/v1/jobs?limit=100")
                .then()
                .statusCode(200)
                .body("jobs.find { it.job_name == '%s' }.cluster_name".formatted(name), is(JobKeys.of(OWNER, name)));
        OpenApi doc = OpenApi.served();
        assertThat(OpenApi.nullable(doc.property("JobInfo", "cluster_name"))).isFalse();
        assertThat(doc.schema("JobInfo").path("required").toString()).contains("\"cluster_name\"");
    }

    @Test
    void trainingMetricsCarryTheEarlierNamesWhereverTheyAreShown() {
        String name = Jobs.uniqueName("legacy-metrics");
        Api.launch(Map.of(
                        "job_name",
                        name,
                        "template",
                        "local-smoke",
                        "envs",
                        Map.of("SMOKE_STEPS", "2"),
                        "training",
                        Map.of("num_train_epochs", 3)))
                .statusCode(201);
        Api.awaitStatus(name, "completed");

        for (String path : new String[] {"/api/v1/jobs/" + name, "/api/v1/jobs/" + name + "/metrics"}) {
            String prefix = path.endsWith("/metrics") ? "training_metrics." : "job_info.training_metrics.";
            given().get(path)
                    .then()
                    .statusCode(200)
                    .body(prefix + "step", is(2))
                    .body(prefix + "current_step", is(2))
                    .body(prefix + "epoch", is(2))
                    .body(prefix + "current_epoch", is(2))
                    .body(prefix + "total_steps", is(2))
                    .body(prefix + "total_epochs", is(3));
        }
    }
}
