package io.ainfinity.support;

import java.time.Duration;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Calls of the jobs API shared by the HTTP tests. */
public final class Api {

    private Api() {}

    public static ValidatableResponse launch(Map<String, Object> body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/jobs")
                .then();
    }

    /** Launches the smoke template with the given envs and returns the job's name. */
    public static String launchSmoke(String prefix, Map<String, String> envs) {
        String name = Jobs.uniqueName(prefix);
        launch(Map.of("job_name", name, "template", "local-smoke", "envs", envs))
                .statusCode(201);
        return name;
    }

    public static String status(String name) {
        return given().get("/api/v1/jobs/{name}", name)
                .then()
                .statusCode(200)
                .extract()
                .path("job_info.status");
    }

    public static void awaitStatus(String name, String status) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(status(name)).isEqualTo(status));
    }
}
