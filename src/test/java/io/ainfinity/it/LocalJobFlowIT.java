package io.ainfinity.it;

import java.util.Map;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static io.ainfinity.it.ItJobs.awaitStatus;
import static io.ainfinity.it.ItJobs.get;
import static io.ainfinity.it.ItJobs.launch;
import static io.ainfinity.it.ItJobs.launchSmoke;
import static io.ainfinity.it.ItJobs.uniqueName;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/** The packaged app runs tasks on its own host: launch, status, logs, metrics, task, stop and delete. */
@QuarkusIntegrationTest
@TestProfile(PackagedApp.class)
class LocalJobFlowIT {

    private final String user = ItTokens.token("it-local-user", "user");

    @Test
    void smokeJobRunsToCompletionWithLogsMetricsAndTask() {
        // Given a launch of the smoke template
        String name = uniqueName("it-smoke");
        launch(user, Map.of("job_name", name, "template", "local-smoke"))
                .statusCode(201)
                .header("Location", endsWith("/api/v1/jobs/" + name))
                .body("job_info.status", equalTo("pending"))
                .body("job_info.backend", equalTo("local"))
                .body("job_info.owner", equalTo("it-local-user"));

        // When it is polled until it ends
        awaitStatus(user, name, "completed");

        // Then its log, metrics, task and listing tell what it did
        ItTokens.as(user)
                .queryParam("tail", 20)
                .get("/api/v1/jobs/{name}/logs", name)
                .then()
                .statusCode(200)
                .body("logs", containsString("smoke step 5/5"))
                .body("logs", containsString("smoke finished with exit code 0"));
        ItTokens.as(user)
                .get("/api/v1/jobs/{name}/metrics", name)
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"))
                .body("training_metrics.step", equalTo(5))
                .body("training_metrics.total_steps", equalTo(5));
        ItTokens.as(user)
                .get("/api/v1/jobs/{name}/task", name)
                .then()
                .statusCode(200)
                .contentType(startsWith("application/yaml"))
                .body(containsString("name: " + name));
        ItTokens.as(user).get("/api/v1/jobs").then().statusCode(200).body("jobs.job_name", hasItem(name));
        get(user, name).body("job_info.started_at", startsWith("20")).body("job_info.ended_at", startsWith("20"));
    }

    @Test
    void taskThatExitsNonZeroEndsFailedWithItsCode() {
        // Given a smoke task told to exit with 3
        String name = launchSmoke(user, "it-fail", Map.of("SMOKE_EXIT_CODE", "3", "SMOKE_STEPS", "1"));

        // When it ends
        awaitStatus(user, name, "failed");

        // Then the job says why
        get(user, name).body("job_info.error_message", containsString("exited with code 3"));
    }

    @Test
    void runningJobStopsAndIsThenDeleted() {
        // Given a long smoke task that is running
        String name = launchSmoke(user, "it-stop", Map.of("SMOKE_STEPS", "600", "SMOKE_SLEEP_SECONDS", "1"));
        awaitStatus(user, name, "running");

        // When it is stopped
        ItTokens.as(user)
                .delete("/api/v1/jobs/{name}", name)
                .then()
                .statusCode(200)
                .body("job_info.status", equalTo("stopping"));

        // Then it ends stopped, may be deleted, and is gone
        awaitStatus(user, name, "stopped");
        ItTokens.as(user).delete("/api/v1/jobs/{name}/delete", name).then().statusCode(200);
        get(user, name).statusCode(404).contentType(startsWith("application/problem+json"));
    }
}
