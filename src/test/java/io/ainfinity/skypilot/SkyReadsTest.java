package io.ainfinity.skypilot;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import jakarta.inject.Inject;

import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ainfinity.job.JobKeys;
import io.ainfinity.support.Jobs;
import io.ainfinity.support.SkyDouble;
import io.ainfinity.support.Tokens;

import static io.ainfinity.support.Api.awaitStatus;
import static io.ainfinity.support.Api.launch;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Reads of the API are served from the store: not one {@code sky} process, however often they come. */
@QuarkusTest
class SkyReadsTest {

    @BeforeEach
    void authenticate() {
        RestAssured.requestSpecification = Tokens.bearer(Tokens.token("sky-reads", "user"));
    }

    @AfterEach
    void forget() {
        RestAssured.requestSpecification = null;
    }

    @Inject
    Scheduler scheduler;

    /** The reconciler's tick: paused, so that every sky call made meanwhile is a read's. */
    private String reconcilerTick() {
        return scheduler.getScheduledJobs().stream()
                .filter(t -> t.getMethodDescription().endsWith("Reconciler#tick"))
                .map(Trigger::getId)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no scheduled Reconciler#tick"));
    }

    @Test
    void readsSpawnNoSkyProcess() {
        SkyDouble sky = SkyDouble.shared();
        String cluster = Jobs.uniqueName("read");
        String managed = Jobs.uniqueName("mread");
        // Jobs that keep running: no outcome, so no teardown under way while the reads are counted.
        sky.knobs(JobKeys.of("sky-reads", cluster), Map.of("run_units", 500));
        sky.knobs(JobKeys.of("sky-reads", managed), Map.of("run_units", 500));
        launch(Map.of("job_name", cluster, "template", "local-smoke", "resources", Map.of("infra", "aws")))
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
        String tick = reconcilerTick();
        try {
            awaitStatus(cluster, "running");
            awaitStatus(managed, "running");
            scheduler.pause(tick);
            // A cycle under way when the tick was paused finishes first: no new call for a whole second.
            AtomicInteger seen = new AtomicInteger(-1);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                int now = sky.invocations().size();
                assertThat(now).isEqualTo(seen.getAndSet(now));
            });
            int before = sky.invocations().size();

            for (int i = 0; i < 25; i++) {
                for (String name : List.of(cluster, managed)) {
                    given().get("/api/v1/jobs/{name}", name).then().statusCode(200);
                    given().get("/api/v1/jobs/{name}/metrics", name).then().statusCode(200);
                    given().get("/api/v1/jobs/{name}/task", name).then().statusCode(200);
                }
                given().get("/api/v1/jobs?limit=100").then().statusCode(200);
                given().get("/health/ready").then().statusCode(200);
            }

            assertThat(sky.invocations()).hasSize(before);
        } finally {
            scheduler.resume(tick);
            for (String name : List.of(cluster, managed)) {
                given().delete("/api/v1/jobs/{name}", name);
            }
        }
    }
}
