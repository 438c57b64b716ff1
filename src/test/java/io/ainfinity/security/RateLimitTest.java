package io.ainfinity.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import io.ainfinity.support.Jobs;
import io.ainfinity.support.SseClient;
import io.ainfinity.support.Tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
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
                    "ainfinity.rate-limit.launches-per-minute", "2",
                    "ainfinity.rate-limit.unauthenticated-per-minute", "5",
                    "ainfinity.events.max-streams-per-caller", "2");
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
    void launchesByAnotherSpellingOfTheirPathDrawOnTheLaunchBudget() throws Exception {
        String token = Tokens.token(Jobs.uniqueName("spelling"), "user");
        for (String path : List.of("/api/v1/jobs/", "/api/v1/jobs/.")) {
            HttpResponse<String> created = post(path, token, Jobs.uniqueName("sp"));
            assertThat(created.statusCode()).as(path).isEqualTo(201);
            assertThat(created.headers().firstValue("X-RateLimit-Limit"))
                    .as(path)
                    .hasValue("2");
        }

        HttpResponse<String> third = post("/api/v1/jobs", token, Jobs.uniqueName("sp"));

        assertThat(third.statusCode()).isEqualTo(429);
    }

    @Test
    void requestsWithoutValidCredentialsAreLimitedByAddressBeforeTheirTokenIsRead() {
        for (int i = 0; i < 5; i++) {
            given().get("/api/v1/templates").then().statusCode(401);
        }

        Response refused = given().header("Authorization", "Bearer not.a.token").get("/api/v1/jobs");

        refused.then()
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("status", is(429));
        // The address is refused before any token is read, a valid one too, until its budget refills; public paths
        // stay open.
        given().spec(Tokens.bearer(Tokens.token(Jobs.uniqueName("valid"), "viewer")))
                .get("/api/v1/jobs")
                .then()
                .statusCode(429);
        given().get("/health/live").then().statusCode(200);
        assertThat(given().get("/q/metrics").asString())
                .contains("ainfinity_rate_limited_total{budget=\"unauthenticated\"}");
    }

    @Test
    void aCallerHoldsAtMostItsStreamsAndGetsASlotBackWhenOneCloses() throws Exception {
        String token = Tokens.token(Jobs.uniqueName("streamer"), "viewer");
        URI stream = URI.create("http://localhost:" + RestAssured.port + "/api/v1/events/stream");
        SseClient first = SseClient.open(stream, token, Map.of());
        SseClient second = SseClient.open(stream, token, Map.of());
        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);

        Response refused = given().spec(Tokens.bearer(token)).get("/api/v1/events/stream");

        refused.then()
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", "10")
                .body("detail", containsString("2 open streams"));
        assertThat(given().get("/q/metrics").asString()).contains("ainfinity_rate_limited_total{budget=\"streams\"}");
        // Another caller has slots of its own.
        try (SseClient other =
                SseClient.open(stream, Tokens.token(Jobs.uniqueName("other-streamer"), "viewer"), Map.of())) {
            assertThat(other.status()).isEqualTo(200);
        }
        first.close();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (SseClient again = SseClient.open(stream, token, Map.of())) {
                assertThat(again.status()).isEqualTo(200);
            }
        });
        second.close();
    }

    private static HttpResponse<String> post(String path, String token, String jobName) throws Exception {
        // java.net.http sends the path as written; REST clients would tidy "/." away.
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"job_name\": \"%s\", \"template\": \"local-smoke\"}".formatted(jobName)))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void unauthenticatedCallersAreLimitedByAddressAndPublicPathsNotAtAll() {
        for (int i = 0; i < 12; i++) {
            given().get("/health/live").then().statusCode(200);
        }
    }
}
