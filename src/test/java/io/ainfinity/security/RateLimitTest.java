package io.ainfinity.security;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import io.ainfinity.support.Jobs;
import io.ainfinity.support.Tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@TestProfile(RateLimitTest.TightLimits.class)
class RateLimitTest {

    /** Small budgets so a test can exhaust them. */
    public static class TightLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "ainfinity.rate-limit.reads-per-minute", "5",
                    "ainfinity.rate-limit.launches-per-minute", "2");
        }
    }

    @Test
    void readsBeyondTheBudgetGet429WithHeaders() {
        RequestSpecification caller = Tokens.bearer(Tokens.token(Jobs.uniqueName("reader"), "viewer"));
        for (int i = 5; i >= 1; i--) {
            given().spec(caller)
                    .get("/api/v1/jobs")
                    .then()
                    .statusCode(200)
                    .header("X-RateLimit-Limit", "5")
                    .header("X-RateLimit-Remaining", String.valueOf(i - 1));
        }

        Response refused = given().spec(caller).get("/api/v1/jobs");

        refused.then()
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .header("X-RateLimit-Limit", "5")
                .header("X-RateLimit-Remaining", "0")
                .body("status", is(429));
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
        // Another caller has a budget of its own.
        given().spec(Tokens.bearer(Tokens.token(Jobs.uniqueName("other"), "viewer")))
                .get("/api/v1/jobs")
                .then()
                .statusCode(200);
    }

    @Test
    void launchesHaveASeparateBudget() {
        RequestSpecification caller = Tokens.bearer(Tokens.token(Jobs.uniqueName("launcher"), "user"));
        for (int i = 0; i < 2; i++) {
            given().spec(caller)
                    .contentType("application/json")
                    .body(Map.of("job_name", Jobs.uniqueName("rl"), "template", "local-smoke"))
                    .post("/api/v1/jobs")
                    .then()
                    .statusCode(201)
                    .header("X-RateLimit-Limit", "2");
        }

        given().spec(caller)
                .contentType("application/json")
                .body(Map.of("job_name", Jobs.uniqueName("rl"), "template", "local-smoke"))
                .post("/api/v1/jobs")
                .then()
                .statusCode(429);
        given().spec(caller).get("/api/v1/jobs").then().statusCode(200);
        assertThat(given().get("/q/metrics").asString()).contains("ainfinity_rate_limited_total{budget=\"launch\"}");
    }

    @Test
    void unauthenticatedCallersAreLimitedByAddressAndPublicPathsNotAtAll() {
        for (int i = 0; i < 12; i++) {
            given().get("/health/live").then().statusCode(200);
        }
    }
}
