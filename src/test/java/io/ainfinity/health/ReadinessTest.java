package io.ainfinity.health;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import io.ainfinity.process.WorkerPool;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

@QuarkusTest
@TestProfile(ReadinessTest.OneWorker.class)
class ReadinessTest {

    /** One worker and no queue, so a single blocked task saturates the pool. */
    public static class OneWorker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // SkyPilot off: its version check and reconciler would otherwise take the one worker at random times.
            return Map.of(
                    "ainfinity.worker-pool.size", "1",
                    "ainfinity.worker-pool.queue", "0",
                    "ainfinity.skypilot.enabled", "false");
        }
    }

    @Inject
    WorkerPool pool;

    @Test
    void readinessReportsEachCheckWithItsData() {
        given().get("/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'store' }.data.kind", is("sqlite"))
                .body("checks.find { it.name == 'skypilot' }.status", is("UP"))
                .body("checks.find { it.name == 'skypilot' }.data.state", is("disabled"))
                .body("checks.find { it.name == 'worker-pool' }.data.size", is(1));
    }

    @Test
    void aSaturatedPoolMakesTheServiceNotReadyWithAReason() {
        CountDownLatch release = new CountDownLatch(1);
        var blocker = pool.submit(() -> release.await(30, TimeUnit.SECONDS)).subscribeAsCompletionStage();
        try {
            await().until(() -> pool.active() == 1);

            given().get("/health/ready")
                    .then()
                    .statusCode(503)
                    .body("status", is("DOWN"))
                    .body(
                            "checks.find { it.name == 'worker-pool' }.data.reason",
                            is("every worker is busy and the queue is full"));
            given().get("/health/live").then().statusCode(200);
            given().get("/health/ready").then().body("checks.name", hasItem("store"));
        } finally {
            release.countDown();
            blocker.join();
        }
        given().get("/health/ready").then().statusCode(200);
    }
}
