package io.ainfinity.skypilot;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ainfinity.support.Jobs;
import io.ainfinity.support.Tokens;

import static io.ainfinity.support.Api.launch;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/** Without a sky CLI: launches on SkyPilot are 503 and create nothing, local jobs still run, the pod stays ready. */
@QuarkusTest
@TestProfile(SkyUnavailableTest.MissingCli.class)
class SkyUnavailableTest {

    @BeforeEach
    void authenticate() {
        RestAssured.requestSpecification = Tokens.bearer(Tokens.token("sky-unavailable", "user"));
    }

    @AfterEach
    void forget() {
        RestAssured.requestSpecification = null;
    }

    public static class MissingCli implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ainfinity.skypilot.cli", "target/no-such-dir/sky");
        }
    }

    @Test
    void cloudLaunchesAre503AndCreateNothing() {
        String name = Jobs.uniqueName("cloud");

        launch(Map.of("job_name", name, "resources", Map.of("infra", "aws")))
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("detail", containsString("SkyPilot CLI was not found"));

        given().get("/api/v1/jobs/{name}", name).then().statusCode(404);
        launch(Map.of("job_name", Jobs.uniqueName("local"), "template", "local-smoke"))
                .statusCode(201);
    }

    @Test
    void readinessStaysUpAndSaysWhySkyPilotCannotBeUsed() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", is("UP"))
                .body("checks.find { it.name == 'skypilot' }.status", is("UP"))
                .body("checks.find { it.name == 'skypilot' }.data.state", is("missing"))
                .body("checks.find { it.name == 'skypilot' }.data.reason", containsString("setup-sky.sh"))
                .body("checks.name", hasItem("store"));
    }
}
