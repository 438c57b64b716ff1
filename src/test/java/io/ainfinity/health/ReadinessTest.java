package io.ainfinity.health;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import io.ainfinity.process.WorkerPool;
import io.ainfinity.support.ProductionLike;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * Readiness and its checks, in the production-like profile ({@link ProductionLike}): a worker pool a test can fill,
 * and SkyPilot off, so that nothing but the test takes a worker.
 */
@QuarkusTest
@TestProfile(ProductionLike.class)
class ReadinessTest {

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
                .body("checks.find { it.name == 'worker-pool' }.data.size", is(2))
                .body("checks.find { it.name == 'leadership' }.status", is("UP"))
                .body("checks.find { it.name == 'leadership' }.data.leader", is(true))
                .body("checks.find { it.name == 'leadership' }.data.election", startsWith("none"));
    }

    @Test
    void aSaturatedPoolMakesTheServiceNotReadyWithAReason() {
        CountDownLatch release = new CountDownLatch(1);
        List<CompletableFuture<Boolean>> blockers = new ArrayList<>();
        try {
            while (!pool.saturated()) {
                blockers.add(
                        pool.submit(() -> release.await(30, TimeUnit.SECONDS)).subscribeAsCompletionStage());
            }

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
            blockers.forEach(b -> b.exceptionally(refused -> false).join());
        }
        await().untilAsserted(() -> given().get("/health/ready").then().statusCode(200));
    }
}
