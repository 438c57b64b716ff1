package io.ainfinity.security;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ainfinity.support.Jobs;
import io.ainfinity.support.LogCapture;
import io.ainfinity.support.Tokens;

import static io.ainfinity.support.Api.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Everything the service logs while serving authenticated requests carrying secrets, captured and searched. */
@QuarkusTest
class LogSecrecyTest {

    private LogCapture capture;

    @BeforeEach
    void startCapture() {
        capture = LogCapture.start();
    }

    @AfterEach
    void stopCapture() {
        capture.close();
        RestAssured.requestSpecification = null;
    }

    @Test
    void noTokenOrSecretIsEverLogged() {
        String token = Tokens.token("secretive", "user");
        String secret = "hf_SUPERSECRET" + System.nanoTime();
        RestAssured.requestSpecification = Tokens.bearer(token);
        String name = Jobs.uniqueName("secret");

        given().header("X-Request-ID", "log-test-1")
                .contentType("application/json")
                .body(Map.of(
                        "job_name",
                        name,
                        "template",
                        "local-smoke",
                        "envs",
                        Map.of("WANDB_NOTES", secret, "SMOKE_STEPS", "1")))
                .post("/api/v1/jobs?token=" + secret)
                .then()
                .statusCode(201);
        awaitStatus(name, "completed");
        RestAssured.requestSpecification = null;
        given().header("Authorization", "Bearer " + token + "x")
                .get("/api/v1/jobs")
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer " + token)
                .contentType("application/json")
                .body("{\"job_name\": \"" + secret)
                .post("/api/v1/jobs")
                .then()
                .statusCode(400);

        String all = capture.text();
        assertThat(all).contains("requestId=log-test-1").contains("principal=secretive");
        assertThat(all).doesNotContain(token).doesNotContain(secret).doesNotContainIgnoringCase("authorization:");
        assertThat(all).doesNotContain(token.substring(token.lastIndexOf('.') + 1));
    }
}
