package io.ainfinity.skypilot;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ainfinity.job.JobKeys;
import io.ainfinity.support.Jobs;
import io.ainfinity.support.SkyDouble;
import io.ainfinity.support.SkyDouble.Invocation;
import io.ainfinity.support.Tokens;

import static io.ainfinity.support.Api.awaitStatus;
import static io.ainfinity.support.Api.launch;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/** Jobs on SkyPilot end to end through the API, against the {@code sky} test double. */
@QuarkusTest
class SkyPilotJobsTest {

    @BeforeEach
    void authenticate() {
        RestAssured.requestSpecification = Tokens.bearer(Tokens.token("sky-jobs", "user"));
    }

    @AfterEach
    void forget() {
        RestAssured.requestSpecification = null;
    }

    private final SkyDouble sky = SkyDouble.shared();

    static String launchSky(String prefix, String mode, boolean down) {
        String name = Jobs.uniqueName(prefix);
        launch(Map.of(
                        "job_name", name,
                        "template", "local-smoke",
                        "mode", mode,
                        "down", down,
                        "resources", Map.of("infra", "k8s/test-context")))
                .statusCode(201)
                .body("job_info.backend", is("skypilot"))
                .body("job_info.mode", is(mode));
        return name;
    }

    /** What SkyPilot knows the job as: its owner's name for it, made unique across owners. */
    static String key(String name) {
        return JobKeys.of("sky-jobs", name);
    }

    static String field(String name, String path) {
        return given().get("/api/v1/jobs/{name}", name)
                .then()
                .statusCode(200)
                .extract()
                .path("job_info." + path);
    }

    private void awaitGone(String cluster) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(sky.run(List.of("status", "-o", "json"), ""))
                        .doesNotContain("\"name\": \"" + cluster + "\""));
    }

    @Test
    void aClusterJobCompletesItsOutcomeIsKeptAndItsClusterIsTornDown() {
        String name = launchSky("cl", "cluster", true);

        awaitStatus(name, "completed");

        assertThat(field(name, "sky_status")).isEqualTo("UP/SUCCEEDED");
        assertThat(field(name, "cluster_name")).isEqualTo(key(name));
        List<Invocation> launches = sky.calls("launch", key(name));
        assertThat(launches).hasSize(1);
        assertThat(launches.get(0).argv())
                .containsSubsequence("launch", "-c", key(name), "-y", "-d", "--down", "-i", "15")
                .last()
                .asString()
                .endsWith("/sky/" + key(name) + "/task.yaml");
        awaitGone(key(name));
        assertThat(sky.calls("down", key(name))).hasSize(1);
        given().queryParam("tail", 1)
                .get("/api/v1/jobs/{name}/logs", name)
                .then()
                .statusCode(200)
                .body("logs", is("smoke finished with exit code 0"));
    }

    @Test
    void aManagedJobCompletes() {
        String name = launchSky("mj", "managed", true);

        awaitStatus(name, "completed");

        assertThat(field(name, "sky_status")).isEqualTo("SUCCEEDED");
        // No cluster of its own: the managed job's name stands in, a string as the earlier service sent.
        assertThat(field(name, "cluster_name")).isEqualTo(key(name));
        assertThat(sky.calls("jobs launch", key(name)))
                .singleElement()
                .extracting(Invocation::argv)
                .satisfies(argv -> assertThat(argv).containsSubsequence("jobs", "launch", "-n", key(name), "-y", "-d"));
    }

    @Test
    void unavailableResourcesFailTheLaunchWithSkyPilotsReason() {
        String name = Jobs.uniqueName("nores");
        sky.knobs(key(name), Map.of("resources_unavailable", true));

        launch(Map.of("job_name", name, "template", "local-smoke", "resources", Map.of("infra", "aws")))
                .statusCode(201);

        awaitStatus(name, "failed");
        assertThat(field(name, "error_message"))
                .startsWith("ResourcesUnavailableError: Failed to provision all possible launchable resources.");
    }

    @Test
    void aFailedSetupFailsTheJobInBothModes() {
        String cluster = Jobs.uniqueName("setup");
        String managed = Jobs.uniqueName("msetup");
        sky.knobs(key(cluster), Map.of("setup_fails", true));
        sky.knobs(key(managed), Map.of("setup_fails", true, "failure_reason", "pip could not install ./train"));
        for (String n : List.of(cluster, managed)) {
            launch(Map.of(
                            "job_name",
                            n,
                            "template",
                            "local-smoke",
                            "mode",
                            n.equals(cluster) ? "cluster" : "managed",
                            "resources",
                            Map.of("infra", "gcp")))
                    .statusCode(201);
        }

        awaitStatus(cluster, "failed");
        awaitStatus(managed, "failed");
        assertThat(field(cluster, "sky_status")).isEqualTo("UP/FAILED_SETUP");
        assertThat(field(cluster, "error_message")).contains("setup command failed");
        assertThat(field(managed, "error_message")).isEqualTo("FAILED_SETUP: pip could not install ./train");
    }

    @Test
    void aLaunchThatHangsIsKilledAndFails() {
        String name = Jobs.uniqueName("hang");
        sky.knobs(key(name), Map.of("hang", List.of("launch")));

        launch(Map.of("job_name", name, "template", "local-smoke", "resources", Map.of("infra", "aws")))
                .statusCode(201);

        awaitStatus(name, "failed");
        assertThat(field(name, "error_message"))
                .isEqualTo("`sky launch` did not finish within 4s; its process tree was killed");
        long pid = sky.calls("launch", key(name)).get(0).pid();
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    }

    @Test
    void aLaunchRequestOverItsTimeLimitIsCancelledOnTheApiServer() {
        String managed = Jobs.uniqueName("slowm");
        String cluster = Jobs.uniqueName("slowc");
        sky.knobs(key(managed), Map.of("launch_seconds", 60, "run_units", 500));
        sky.knobs(key(cluster), Map.of("launch_seconds", 60, "run_units", 500));

        launch(Map.of(
                        "job_name",
                        managed,
                        "template",
                        "local-smoke",
                        "mode",
                        "managed",
                        "resources",
                        Map.of("infra", "aws")))
                .statusCode(201);
        launch(Map.of("job_name", cluster, "template", "local-smoke", "resources", Map.of("infra", "aws")))
                .statusCode(201);

        for (String name : List.of(managed, cluster)) {
            awaitStatus(name, "failed");
            assertThat(field(name, "error_message"))
                    .endsWith("did not finish within 4s; its request was cancelled on the SkyPilot API server");
            List<String> wait = sky.calls("api logs", null).stream()
                    .map(Invocation::argv)
                    .filter(argv -> sky.requestSubject(argv.get(2)).equals(key(name)))
                    .findFirst()
                    .orElseThrow();
            assertThat(sky.run(List.of("api", "status", "-o", "json", wait.get(2)), ""))
                    .contains("\"status\": \"CANCELLED\"");
        }
        // The managed job the request had submitted went with it; the half-made cluster is torn down.
        assertThat(SkyOutput.managedJobs(sky.run(List.of("jobs", "queue", "-o", "json", "-a"), "")))
                .filteredOn(m -> m.jobName().equals(key(managed)))
                .singleElement()
                .extracting(SkySnapshot.ManagedJob::status)
                .isIn("CANCELLING", "CANCELLED");
        awaitGone(key(cluster));
        assertThat(sky.calls("jobs cancel", key(managed))).isEmpty();
    }

    @Test
    void aManagedJobSubmittedByAKilledLaunchIsCancelled() {
        String name = Jobs.uniqueName("hangm");
        sky.knobs(key(name), Map.of("hang_after", List.of("jobs launch"), "run_units", 500));

        launch(Map.of(
                        "job_name",
                        name,
                        "template",
                        "local-smoke",
                        "mode",
                        "managed",
                        "resources",
                        Map.of("infra", "aws")))
                .statusCode(201);

        awaitStatus(name, "failed");
        assertThat(field(name, "error_message"))
                .isEqualTo("`sky jobs launch` did not finish within 4s; its request had already finished on the"
                        + " SkyPilot API server");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                SkyOutput.managedJobs(sky.run(List.of("jobs", "queue", "-o", "json", "-a"), "")))
                        .filteredOn(m -> m.jobName().equals(key(name)))
                        .singleElement()
                        .extracting(SkySnapshot.ManagedJob::status)
                        .isIn("CANCELLING", "CANCELLED"));
        assertThat(sky.calls("jobs cancel", key(name)))
                .singleElement()
                .extracting(Invocation::argv)
                .satisfies(argv -> assertThat(argv).containsSubsequence("jobs", "cancel", "-y", "-n", key(name)));
    }

    @Test
    void aRefusedCommandLineIsOurBugAndFailsTheJob() throws Exception {
        String name = Jobs.uniqueName("usage");
        sky.knobs(key(name), Map.of("usage_error", List.of("launch")));

        launch(Map.of("job_name", name, "template", "local-smoke", "resources", Map.of("infra", "aws")))
                .statusCode(201);

        awaitStatus(name, "failed");
        assertThat(field(name, "error_message"))
                .startsWith("`sky launch` refused the command line the service built (exit 2)");
        assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("target/test-service.log")))
                .containsPattern("ERROR .*sky refused a command line built by the service.*" + key(name));
    }

    @Test
    void aDownThatSilentlyFailsIsVerifiedAndRetried() {
        String name = Jobs.uniqueName("stuck");
        sky.knobs(key(name), Map.of("down_fails", 2));

        launch(Map.of("job_name", name, "template", "local-smoke", "resources", Map.of("infra", "aws")))
                .statusCode(201);

        awaitStatus(name, "completed");
        awaitGone(key(name));
        assertThat(sky.calls("down", key(name))).hasSize(3);
    }

    @Test
    void aClusterThatVanishesBeforeTheOutcomeEndsUnknownNotCompleted() {
        String name = Jobs.uniqueName("gone");
        // Gone about 1.6 s after its launch, while its job still runs: seen up by a cycle or two first.
        sky.knobs(key(name), Map.of("vanish_after_units", 8, "run_units", 40));

        launch(Map.of("job_name", name, "template", "local-smoke", "resources", Map.of("infra", "aws")))
                .statusCode(201);

        awaitStatus(name, "unknown");
        assertThat(field(name, "error_message"))
                .isEqualTo("cluster '%s' vanished before the job's final status was seen".formatted(key(name)));
        given().get("/api/v1/jobs/{name}", name).then().body("job_info.ended_at", nullValue());
    }

    @Test
    void stoppingARunningJobCancelsItAndTearsItsClusterDown() {
        String cluster = Jobs.uniqueName("stopc");
        String managed = Jobs.uniqueName("stopm");
        sky.knobs(key(cluster), Map.of("run_units", 500));
        sky.knobs(key(managed), Map.of("run_units", 500));
        launch(Map.of(
                        "job_name",
                        cluster,
                        "template",
                        "local-smoke",
                        "down",
                        false,
                        "resources",
                        Map.of("infra", "aws")))
                .statusCode(201);
        launch(Map.of(
                        "job_name",
                        managed,
                        "template",
                        "local-smoke",
                        "mode",
                        "managed",
                        "resources",
                        Map.of("infra", "aws")))
                .statusCode(201);
        awaitStatus(cluster, "running");
        awaitStatus(managed, "running");

        for (String n : List.of(cluster, managed)) {
            given().delete("/api/v1/jobs/{name}", n).then().statusCode(200).body("job_info.status", is("stopping"));
        }

        awaitStatus(cluster, "stopped");
        awaitStatus(managed, "stopped");
        assertThat(sky.calls("cancel", key(cluster))).hasSize(1);
        assertThat(sky.calls("jobs cancel", null))
                .anySatisfy(i -> assertThat(i.argv()).containsSubsequence("jobs", "cancel", "-y"));
        assertThat(field(managed, "sky_status")).isEqualTo("CANCELLED");
        awaitGone(key(cluster));
    }

    @Test
    void aStopDuringTheLaunchWaitsForItThenStopsOnce() {
        String name = Jobs.uniqueName("midlaunch");
        sky.knobs(key(name), Map.of("launch_seconds", 2, "run_units", 500));
        launch(Map.of("job_name", name, "template", "local-smoke", "resources", Map.of("infra", "aws")))
                .statusCode(201);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !sky.calls("launch", key(name)).isEmpty());

        given().delete("/api/v1/jobs/{name}", name).then().statusCode(200).body("job_info.status", is("stopping"));

        awaitStatus(name, "stopped");
        assertThat(sky.calls("launch", key(name))).hasSize(1);
        Invocation cancel = sky.calls("cancel", key(name)).get(0);
        Invocation down = sky.calls("down", key(name)).get(0);
        Invocation launched = sky.calls("launch", key(name)).get(0);
        assertThat(cancel.time()).isGreaterThan(launched.time() + 2);
        assertThat(down.time()).isGreaterThan(cancel.time());
        awaitGone(key(name));
    }
}
