package io.ainfinity.skypilot;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.ainfinity.job.JobKeys;
import io.ainfinity.support.Jobs;
import io.ainfinity.support.SkyDouble;
import io.ainfinity.support.SkyDouble.Invocation;
import io.ainfinity.support.Tokens;
import io.ainfinity.support.TrainingLog;

import static io.ainfinity.support.Api.awaitStatus;
import static io.ainfinity.support.Api.launch;
import static org.assertj.core.api.Assertions.assertThat;

/** Training metrics of SkyPilot jobs, read from the log the service follows, through the API and the double. */
@QuarkusTest
class SkyMetricsTest {

    private static final String OWNER = "sky-metrics";

    private final SkyDouble sky = SkyDouble.shared();

    @BeforeEach
    void authenticate() {
        RestAssured.requestSpecification = Tokens.bearer(Tokens.token(OWNER, "user"));
    }

    @AfterEach
    void forget() {
        RestAssured.requestSpecification = null;
    }

    @ParameterizedTest
    @ValueSource(strings = {"cluster", "managed"})
    void metricsShowWhileTheJobRunsAndTheFinalValuesAfterItEnded(String mode) {
        String name = Jobs.uniqueName("metrics");
        sky.knobs(JobKeys.of(OWNER, name), TrainingLog.knobs(30));
        // Kept up: no log snapshot before a teardown, so only the follower can have given the final values.
        launch(Map.of(
                        "job_name",
                        name,
                        "template",
                        "local-smoke",
                        "mode",
                        mode,
                        "down",
                        false,
                        "resources",
                        Map.of("infra", "k8s")))
                .statusCode(201);

        TrainingLog.awaitWhileRunning(name);
        awaitStatus(name, "completed");
        TrainingLog.awaitFinal(name);

        assertThat(logCalls(mode, JobKeys.of(OWNER, name)))
                .singleElement()
                .satisfies(call -> assertThat(call.argv()).contains("--follow"));
    }

    /** Every {@code sky logs} (cluster) or {@code sky jobs logs} (managed) call about the job. */
    static List<Invocation> logCalls(SkyDouble sky, String mode, String key) {
        if (mode.equals("cluster")) {
            return sky.calls("logs", key);
        }
        String id = Long.toString(sky.managedJobId(key));
        return sky.calls("jobs logs", null).stream()
                .filter(call -> call.argv().get(2).equals(id))
                .toList();
    }

    private List<Invocation> logCalls(String mode, String key) {
        return logCalls(sky, mode, key);
    }
}
