package io.ainfinity.job.logs;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.ainfinity.support.Api;
import io.ainfinity.support.Jobs;
import io.ainfinity.support.SseClient;
import io.ainfinity.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/** A running job's new log lines reach its viewers as they are written, not at the next poll of its log. */
@QuarkusTest
@TestProfile(LogPushTest.PollAlmostNever.class)
class LogPushTest {

    /** The safety-net poll an hour apart: only the file watch can deliver a line within the test. */
    public static class PollAlmostNever implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ainfinity.events.log-poll-interval", "1H", "ainfinity.skypilot.enabled", "false");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @AfterEach
    void forget() {
        RestAssured.requestSpecification = null;
    }

    @Test
    void linesGoOutAsTheTaskWritesThem() throws Exception {
        String token = Tokens.token(Jobs.uniqueName("pushed"), "user");
        RestAssured.requestSpecification = Tokens.bearer(token);
        String name = Api.launchSmoke("pushed", Map.of("SMOKE_STEPS", "40", "SMOKE_SLEEP_SECONDS", "0.25"));
        Api.awaitStatus(name, "running");

        try (SseClient sse =
                SseClient.open(base.resolve("api/v1/jobs/" + name + "/logs/stream?tail=1"), token, Map.of())) {
            String seen = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!seen.contains("smoke step 12/40") && System.nanoTime() < deadline) {
                SseClient.Event event = sse.next(Duration.ofSeconds(5));
                assertThat(event)
                        .as("a line within 5 s, with the poll an hour away")
                        .isNotNull();
                seen = event.data() == null ? seen : event.data();
            }
            assertThat(seen).contains("smoke step 12/40");
        } finally {
            RestAssured.given().delete("/api/v1/jobs/{name}", name);
        }
    }
}
