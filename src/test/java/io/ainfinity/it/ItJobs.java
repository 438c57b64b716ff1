package io.ainfinity.it;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Jobs API calls shared by the integration tests; plain HTTP, so they drive a jar and a native binary alike. */
final class ItJobs {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private ItJobs() {}

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static ValidatableResponse launch(String caller, Map<String, Object> body) {
        return ItTokens.as(caller)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/jobs")
                .then();
    }

    /** Launches the smoke template with {@code envs} as {@code caller} (a token); returns the job's name. */
    static String launchSmoke(String caller, String prefix, Map<String, String> envs) {
        String name = uniqueName(prefix);
        launch(caller, Map.of("job_name", name, "template", "local-smoke", "envs", envs))
                .statusCode(201);
        return name;
    }

    static ValidatableResponse get(String caller, String name) {
        return ItTokens.as(caller).get("/api/v1/jobs/{name}", name).then();
    }

    static void awaitStatus(String caller, String name, String status) {
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(
                                get(caller, name).statusCode(200).extract().<String>path("job_info.status"))
                        .isEqualTo(status));
    }
}
