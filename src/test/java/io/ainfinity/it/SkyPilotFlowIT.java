package io.ainfinity.it;

import java.util.Map;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import io.ainfinity.job.JobKeys;

import static io.ainfinity.it.ItJobs.awaitStatus;
import static io.ainfinity.it.ItJobs.get;
import static io.ainfinity.it.ItJobs.launch;
import static io.ainfinity.it.ItJobs.uniqueName;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Launches on cloud infra through the packaged app, against the {@code sky} test double ({@link PackagedApp}). */
@QuarkusIntegrationTest
@TestProfile(PackagedApp.class)
class SkyPilotFlowIT {

    private final String user = ItTokens.token("it-cloud-user", "user");

    @Test
    void aCloudJobRunsThroughSkyPilotToItsEnd() {
        // Given a launch on Kubernetes
        String name = uniqueName("it-cloud");

        // When it is accepted by the SkyPilot backend
        launch(user, Map.of("job_name", name, "template", "local-smoke", "resources", Map.of("infra", "k8s")))
                .statusCode(201)
                .body("job_info.backend", equalTo("skypilot"))
                .body("job_info.mode", equalTo("cluster"))
                .body("job_info.cluster_name", equalTo(JobKeys.of("it-cloud-user", name)));

        // Then the reconciler follows it to completion, with SkyPilot's raw status kept
        awaitStatus(user, name, "completed");
        get(user, name).statusCode(200).body("job_info.sky_status", containsString("SUCCEEDED"));
    }
}
