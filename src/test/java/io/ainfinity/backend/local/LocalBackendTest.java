package io.ainfinity.backend.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ainfinity.job.Job;
import io.ainfinity.job.JobEvent;
import io.ainfinity.job.JobKeys;
import io.ainfinity.job.JobStatus;
import io.ainfinity.job.store.JobStore;
import io.ainfinity.leader.LeaderElection;
import io.ainfinity.support.Tokens;

import static io.ainfinity.support.Api.awaitStatus;
import static io.ainfinity.support.Api.launchSmoke;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** The local backend end to end: real tasks in real process groups, driven through the HTTP API. */
@QuarkusTest
class LocalBackendTest {

    @BeforeEach
    void authenticate() {
        RestAssured.requestSpecification = Tokens.bearer(Tokens.token("carol", "user"));
    }

    @AfterEach
    void forget() {
        RestAssured.requestSpecification = null;
    }

    @Inject
    JobStore store;

    @Inject
    LocalBackend backend;

    @Inject
    LeaderElection election;

    private List<JobStatus> statuses(String name) {
        return store.events(JobKeys.of("carol", name), 0, 100).await().atMost(Duration.ofSeconds(10)).stream()
                .filter(e -> JobEvent.STATUS.equals(e.type()))
                .map(JobEvent::to)
                .toList();
    }

    @Test
    void smokeJobRunsThroughEveryPhaseAndKeepsItsLog() {
        String name = launchSmoke("e2e", Map.of("SMOKE_STEPS", "8", "SMOKE_SLEEP_SECONDS", "0.25"));

        awaitStatus(name, "completed");

        assertThat(statuses(name))
                .containsExactly(JobStatus.PENDING, JobStatus.PROVISIONING, JobStatus.RUNNING, JobStatus.COMPLETED);
        given().get("/api/v1/jobs/{name}", name)
                .then()
                .body("job_info.started_at", notNullValue())
                .body("job_info.ended_at", notNullValue());
        given().queryParam("tail", 100)
                .get("/api/v1/jobs/{name}/logs", name)
                .then()
                .body("logs", containsString("smoke setup: nothing to install"))
                .body("logs", containsString("smoke step 8/8"))
                .body("logs", containsString("AINFINITY_METRICS"));
        assertThat(backend.runDir(JobKeys.of("carol", name)).path().resolve("task.yaml"))
                .exists();
    }

    @Test
    void aLocalJobRecordsTheReplicaThatRunsIt() {
        String name = launchSmoke("owner", Map.of("SMOKE_STEPS", "1", "SMOKE_SLEEP_SECONDS", "0"));

        Job job = store.find(JobKeys.of("carol", name))
                .await()
                .atMost(Duration.ofSeconds(10))
                .orElseThrow();

        assertThat(job.replica()).isEqualTo(election.replica());
        given().get("/api/v1/jobs/{name}", name).then().body("job_info.replica", nullValue());
        awaitStatus(name, "completed");
    }

    @Test
    void metricsReachTheJobWhileItRunsAndOnceMoreAtTheEnd() {
        String name = launchSmoke("metrics", Map.of("SMOKE_STEPS", "16", "SMOKE_SLEEP_SECONDS", "0.25"));

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> given().get("/api/v1/jobs/{name}/metrics", name)
                        .then()
                        .body("status", is("running"))
                        .body("training_metrics.step", greaterThanOrEqualTo(1))
                        .body("training_metrics.step", lessThan(16)));
        awaitStatus(name, "completed");

        given().get("/api/v1/jobs/{name}/metrics", name)
                .then()
                .body("training_metrics.step", is(16))
                .body("training_metrics.total_steps", is(16))
                .body("training_metrics.loss", is(0.125f))
                .body("training_metrics.learning_rate", is(1.0e-4f))
                .body("evaluation_metrics", nullValue())
                .body("gpu_metrics", nullValue());
    }

    @Test
    void nonZeroExitFailsTheJobWithTheCode() {
        String name =
                launchSmoke("exit", Map.of("SMOKE_STEPS", "1", "SMOKE_SLEEP_SECONDS", "0", "SMOKE_EXIT_CODE", "3"));

        awaitStatus(name, "failed");

        given().get("/api/v1/jobs/{name}", name).then().body("job_info.error_message", is("run exited with code 3"));
    }

    @Test
    void requestValuesReachTheTaskOnlyAsData() {
        String canary = "/tmp/ainfinity-canary-" + System.nanoTime();
        String name = launchSmoke(
                "inject", Map.of("SMOKE_STEPS", "1; touch " + canary, "WANDB_NOTES", "$(touch " + canary + ")"));

        awaitStatus(name, "failed");

        assertThat(Path.of(canary)).doesNotExist();
        given().queryParam("tail", 10)
                .get("/api/v1/jobs/{name}/logs", name)
                .then()
                .body("logs", containsString("SMOKE_STEPS must be a whole number"));
    }

    @Test
    void stopKillsTheWholeTaskTree() throws Exception {
        String name = launchSmoke("tree", Map.of("SMOKE_STEPS", "600", "SMOKE_SLEEP_SECONDS", "1"));
        awaitStatus(name, "running");
        long pid = Long.parseLong(Files.readString(
                        backend.runDir(JobKeys.of("carol", name)).path().resolve("pid"))
                .trim());
        List<ProcessHandle> tree =
                ProcessHandle.of(pid).orElseThrow().descendants().toList();
        assertThat(tree).isNotEmpty();

        given().delete("/api/v1/jobs/{name}", name).then().statusCode(200);
        awaitStatus(name, "stopped");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
            assertThat(tree.stream().filter(ProcessHandle::isAlive)).isEmpty();
        });
        assertThat(statuses(name)).endsWith(JobStatus.STOPPING, JobStatus.STOPPED);
    }

    @Test
    void deleteRemovesTheRunDirectory() {
        String name = launchSmoke("rmdir", Map.of("SMOKE_STEPS", "1", "SMOKE_SLEEP_SECONDS", "0"));
        awaitStatus(name, "completed");
        assertThat(backend.runDir(JobKeys.of("carol", name)).path()).isDirectory();

        given().delete("/api/v1/jobs/{name}/delete", name).then().statusCode(200);

        assertThat(backend.runDir(JobKeys.of("carol", name)).path()).doesNotExist();
    }
}
