package io.ainfinity.skypilot;

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

import io.ainfinity.job.JobKeys;
import io.ainfinity.support.Jobs;
import io.ainfinity.support.SkyDouble;
import io.ainfinity.support.Tokens;

import static io.ainfinity.support.Api.launch;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Reads of the API are served from the store: not one {@code sky} process, however often they come. */
@QuarkusTest
@TestProfile(SkyReadsTest.QuietReconciler.class)
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
    Reconciler reconciler;

    /** A reconciler that runs once at start-up and then not for an hour, so that every sky call here is a read's. */
    public static class QuietReconciler implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "ainfinity.skypilot.reconcile-interval", "1H",
                    "ainfinity.skypilot.fast-interval", "1H");
        }
    }

    @Test
    void readsSpawnNoSkyProcess() {
        SkyDouble sky = SkyDouble.shared();
        String cluster = Jobs.uniqueName("read");
        String managed = Jobs.uniqueName("mread");
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
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(sky.calls("launch", JobKeys.of("sky-reads", cluster))
                                        .size()
                                + sky.calls("jobs launch", JobKeys.of("sky-reads", managed))
                                        .size())
                        .isEqualTo(2));
        await().atMost(Duration.ofSeconds(30)).until(() -> reconciler.completedCycles() >= 1);
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
    }
}
