package io.ainfinity.skypilot;

import java.util.List;
import java.util.Map;

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
import io.ainfinity.support.SkyDouble.Invocation;
import io.ainfinity.support.Tokens;
import io.ainfinity.support.TrainingLog;

import static io.ainfinity.support.Api.awaitStatus;
import static io.ainfinity.support.Api.launch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jobs whose log no follower could copy (no slot free) still get their final metrics, from the final log the service
 * reads once: the log kept before a teardown, else one {@code sky logs --no-follow} / {@code sky jobs logs
 * --no-follow}.
 */
@QuarkusTest
@TestProfile(SkyMetricsWithoutFollowerTest.NoFollowerSlots.class)
class SkyMetricsWithoutFollowerTest {

    private static final String OWNER = "sky-nofollow";

    private final SkyDouble sky = SkyDouble.shared();

    public static class NoFollowerSlots implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ainfinity.skypilot.max-log-followers", "0");
        }
    }

    @BeforeEach
    void authenticate() {
        RestAssured.requestSpecification = Tokens.bearer(Tokens.token(OWNER, "user"));
    }

    @AfterEach
    void forget() {
        RestAssured.requestSpecification = null;
    }

    @Test
    void finalMetricsComeFromTheFinalLogInEveryMode() {
        String torn = launchPrinting("torn", "cluster", true);
        String kept = launchPrinting("kept", "cluster", false);
        String managed = launchPrinting("managed", "managed", true);

        for (String name : List.of(torn, kept, managed)) {
            awaitStatus(name, "completed");
            TrainingLog.awaitFinal(name);
        }

        // The log kept before the teardown is the one read; the others are read once, after the job ended.
        for (String name : List.of(torn, kept, managed)) {
            String mode = name.equals(managed) ? "managed" : "cluster";
            assertThat(SkyMetricsTest.logCalls(sky, mode, JobKeys.of(OWNER, name)))
                    .singleElement()
                    .extracting(Invocation::argv)
                    .satisfies(argv -> assertThat(argv).contains("--no-follow"));
        }
    }

    private String launchPrinting(String prefix, String mode, boolean down) {
        String name = Jobs.uniqueName(prefix);
        sky.knobs(JobKeys.of(OWNER, name), TrainingLog.knobs(4));
        launch(Map.of(
                        "job_name",
                        name,
                        "template",
                        "local-smoke",
                        "mode",
                        mode,
                        "down",
                        down,
                        "resources",
                        Map.of("infra", "k8s")))
                .statusCode(201);
        return name;
    }
}
