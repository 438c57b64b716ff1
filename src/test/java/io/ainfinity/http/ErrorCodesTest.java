package io.ainfinity.http;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ainfinity.support.Api;
import io.ainfinity.support.OpenApi;
import io.ainfinity.support.Tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real answers carry the earlier service's codes in {@code error} (the reason phrase stays in {@code title}), each one
 * listed in the document's Problem schema.
 */
@QuarkusTest
class ErrorCodesTest {

    private final Set<String> seen = new HashSet<>();

    @BeforeEach
    void authenticate() {
        RestAssured.requestSpecification = Tokens.bearer(Tokens.token("codes", "admin"));
    }

    @AfterEach
    void forget() {
        RestAssured.requestSpecification = null;
    }

    @Test
    void aMissingJobIsJobNotFoundAMissingTokenOrPathIsNotFound() {
        assertCode(given().get("/api/v1/jobs/no-such-job"), 404, "JobNotFound");
        assertCode(given().delete("/api/v1/jobs/no-such-job"), 404, "JobNotFound");
        assertCode(given().get("/api/v1/jobs/no-such-job/events/stream"), 404, "JobNotFound");
        assertCode(given().get("/api/v1/tokens/no-such-token"), 404, "NotFound");
        assertCode(given().get("/api/v1/nothing-here"), 404, "NotFound");
    }

    @Test
    void aTakenNameIsJobAlreadyExistsAndAStopOfAnEndedJobIsConflict() {
        String name = Api.launchSmoke("codes-dup", Map.of("SMOKE_STEPS", "1"));

        assertCode(launch(Map.of("job_name", name, "template", "local-smoke")), 409, "JobAlreadyExists");
        Api.awaitStatus(name, "completed");
        assertCode(given().delete("/api/v1/jobs/{name}", name), 409, "Conflict");
    }

    @Test
    void badBodiesAndParametersAreValidationErrors() {
        assertCode(launch(Map.of("job_name", "9bad", "template", "local-smoke")), 422, "ValidationError");
        assertCode(launch(Map.of("job_name", "ok-name", "surprise", 1)), 400, "ValidationError");
        assertCode(
                given().contentType("application/json").body("{\"job_name\": ").post("/api/v1/jobs"),
                400,
                "ValidationError");
        assertCode(given().get("/api/v1/jobs?limit=0"), 422, "ValidationError");
    }

    @Test
    void protocolErrorsHaveTheirOwnCodes() {
        assertCode(given().put("/api/v1/jobs"), 405, "MethodNotAllowed");
        assertCode(
                given().contentType("text/plain").body("job_name=x").post("/api/v1/jobs"), 415, "UnsupportedMediaType");
        assertCode(given().accept("text/csv").get("/api/v1/templates"), 406, "NotAcceptable");
    }

    @Test
    void theDocumentListsEveryCode() {
        aMissingJobIsJobNotFoundAMissingTokenOrPathIsNotFound();
        badBodiesAndParametersAreValidationErrors();
        protocolErrorsHaveTheirOwnCodes();
        List<String> documented = new ArrayList<>();
        OpenApi.served()
                .schema("Problem")
                .path("properties")
                .path("error")
                .path("enum")
                .forEach(code -> documented.add(code.asText()));

        assertThat(documented)
                .containsAll(seen)
                .contains("JobAlreadyExists", "Conflict", "Forbidden", "RateLimited", "ServiceUnavailable");
        assertThat(OpenApi.served().schema("Problem").path("required").toString())
                .contains("\"error\"");
    }

    private static Response launch(Map<String, Object> body) {
        return given().contentType("application/json").body(body).post("/api/v1/jobs");
    }

    private void assertCode(Response response, int status, String code) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith(Problem.MEDIA_TYPE);
        assertThat(response.jsonPath().getString("error"))
                .as("error of a %d", status)
                .isEqualTo(code);
        assertThat(response.jsonPath().getBoolean("success")).isFalse();
        seen.add(code);
    }
}
