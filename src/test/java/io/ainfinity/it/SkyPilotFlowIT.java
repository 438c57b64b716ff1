package io.ainfinity.it;

import java.util.Map;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static io.ainfinity.it.ItJobs.get;
import static io.ainfinity.it.ItJobs.launch;
import static io.ainfinity.it.ItJobs.uniqueName;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * Launches on cloud infra through the packaged app. The SkyPilot backend is merged separately; until it is, this
 * holds the packaged app to its answer without it. The merge replaces that test with the SkyPilot flows run against
 * the sky test double ({@code ainfinity.skypilot.cli} passed through {@link PackagedApp}): launch → provisioning →
 * running → completed, logs, stop and teardown.
 */
@QuarkusIntegrationTest
@TestProfile(PackagedApp.class)
class SkyPilotFlowIT {

    private final String user = ItTokens.token("it-cloud-user", "user");

    @Test
    void cloudLaunchIsUnavailableWithoutTheSkyPilotBackendAndCreatesNoJob() {
        // Given a launch on a cloud
        String name = uniqueName("it-cloud");

        // Then it is refused as unavailable, with a retry hint, and nothing was recorded
        launch(user, Map.of("job_name", name, "resources", Map.of("infra", "aws")))
                .statusCode(503)
                .contentType(startsWith("application/problem+json"))
                .header("Retry-After", notNullValue())
                .body("status", equalTo(503))
                .body("detail", containsString("SkyPilot"));
        get(user, name).statusCode(404);
    }
}
