package io.ainfinity.security;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import io.ainfinity.support.Jobs;
import io.ainfinity.support.Tokens;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/**
 * An earlier client under its own API prefix: health there is public and never limited, as {@code /health} is, and
 * bad {@code X-API-Key} tokens spend the address's unauthenticated budget as bad bearer tokens do.
 */
@QuarkusTest
@TestProfile(LegacyClientLimitsTest.LegacyClient.class)
class LegacyClientLimitsTest {

    public static class LegacyClient implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ainfinity.api.v1-prefix", "/v2", "ainfinity.rate-limit.unauthenticated-per-minute", "3");
        }
    }

    private static final List<String> HEALTH_ALIASES =
            List.of("/v2/health", "/v2/health/ready", "/v2/health/live", "/api/v1/health", "/api/v1/health/live");

    @Test
    void healthUnderTheConfiguredPrefixAnswersWithoutAToken() {
        for (String path : HEALTH_ALIASES) {
            given().get(path).then().statusCode(200).body("status", is("UP"));
        }
    }

    @Test
    void badKeysSpendTheUnauthenticatedBudgetWhileHealthStaysOpen() {
        given().header("X-API-Key", Tokens.token(Jobs.uniqueName("legacy"), "viewer"))
                .get("/v2/jobs")
                .then()
                .statusCode(200);
        given().header("X-API-Key", "forged").get("/v2/jobs").then().statusCode(401);
        for (int i = 0; i < 2; i++) {
            given().header("X-API-Key", "forged").get("/api/v1/jobs").then().statusCode(401);
        }

        given().header("X-API-Key", "forged")
                .get("/api/v1/jobs")
                .then()
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("error", is("RateLimited"));
        for (String path : HEALTH_ALIASES) {
            given().header("X-API-Key", "forged").get(path).then().statusCode(200);
        }
        given().get("/health").then().statusCode(200);
    }
}
