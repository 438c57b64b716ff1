package io.ainfinity.skypilot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ainfinity.job.JobEvent;
import io.ainfinity.job.JobKeys;
import io.ainfinity.job.store.JobStore;
import io.ainfinity.support.Jobs;
import io.ainfinity.support.SkyDouble;
import io.ainfinity.support.Tokens;

import static io.ainfinity.support.Api.awaitStatus;
import static io.ainfinity.support.Api.launch;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * The line of SkyPilot operations is bounded: a launch that finds it full is refused before its job is recorded, and
 * one that comes once a place is free is taken. One operation runs and one may wait, so two hanging launches fill it.
 */
@QuarkusTest
@TestProfile(SkyLaunchQueueTest.ShortLine.class)
class SkyLaunchQueueTest {

    private static final String OWNER = "sky-queue";

    public static class ShortLine implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Path data;
            try {
                // A store of its own: jobs other tests left unfinished would otherwise be relaunched into the line.
                data = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "queue-data-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of(
                    "ainfinity.data-dir", data.toString(),
                    "ainfinity.skypilot.max-concurrent-operations", "1",
                    "ainfinity.skypilot.max-queued-operations", "1",
                    "ainfinity.skypilot.launch-timeout", "3S");
        }
    }

    @Inject
    JobStore store;

    private final SkyDouble sky = SkyDouble.shared();

    @BeforeEach
    void authenticate() {
        RestAssured.requestSpecification = Tokens.bearer(Tokens.token(OWNER, "user"));
    }

    @AfterEach
    void forget() {
        RestAssured.requestSpecification = null;
    }

    /** A launch on SkyPilot whose {@code sky launch} never returns (until the launch timeout kills it). */
    private String hanging(String prefix) {
        String name = Jobs.uniqueName(prefix);
        sky.knobs(JobKeys.of(OWNER, name), Map.of("hang", List.of("launch")));
        return name;
    }

    private static Map<String, Object> body(String name, String batch) {
        return Map.of(
                "job_name",
                name,
                "template",
                "local-smoke",
                "labels",
                Map.of("batch", batch),
                "resources",
                Map.of("infra", "aws"));
    }

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void aLaunchThatFindsTheLineFullIs503AndLeavesNoJobUntilAPlaceIsFree() {
        String batch = Jobs.uniqueName("batch");
        String running = hanging("running");
        String waiting = hanging("waiting");
        launch(body(running, batch)).statusCode(201);
        launch(body(waiting, batch)).statusCode(201);
        assertThat(scrape())
                .contains("ainfinity_sky_operations{state=\"running\"} 1.0")
                .contains("ainfinity_sky_operations{state=\"waiting\"} 1.0")
                .contains("ainfinity_sky_operations_limit{state=\"waiting\"} 1.0")
                .contains("ainfinity_sky_operations_limit{state=\"running\"} 1.0");
        long lastEvent = store.lastEventId().await().atMost(Duration.ofSeconds(10));

        String refused = Jobs.uniqueName("refused");
        launch(body(refused, batch))
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "30")
                .body("detail", containsString("ainfinity.skypilot.max-queued-operations"));

        given().queryParam("label", "batch=" + batch)
                .get("/api/v1/jobs")
                .then()
                .statusCode(200)
                .body("total", is(2))
                .body("jobs.job_name", containsInAnyOrder(running, waiting));
        given().get("/api/v1/jobs/{name}", refused).then().statusCode(404);
        List<JobEvent> since = store.eventsAfterId(lastEvent, null, 100).await().atMost(Duration.ofSeconds(10));
        assertThat(since).extracting(JobEvent::jobName).doesNotContain(JobKeys.of(OWNER, refused));

        // The running launch is killed at its time limit; the waiting one takes its turn and the line is empty.
        awaitStatus(running, "failed");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(scrape())
                        .contains("ainfinity_sky_operations{state=\"waiting\"} 0.0")
                        .contains("ainfinity_sky_operations{state=\"running\"} 1.0"));
        String admitted = Jobs.uniqueName("admitted");
        launch(body(admitted, batch)).statusCode(201);
        assertThat(scrape()).contains("ainfinity_sky_operations{state=\"waiting\"} 1.0");
    }
}
