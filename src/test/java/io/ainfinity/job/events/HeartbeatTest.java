package io.ainfinity.job.events;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.ainfinity.support.Jobs;
import io.ainfinity.support.SseClient;
import io.ainfinity.support.Tokens;

import static io.ainfinity.support.Api.launchSmoke;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An idle stream carries a heartbeat comment every interval, so proxies keep it open and clients see it alive. The test
 * profile's interval is one second ({@code %test.ainfinity.events.heartbeat}), so that several can be counted.
 */
@QuarkusTest
class HeartbeatTest {

    @TestHTTPResource("/")
    URI base;

    @AfterEach
    void forget() {
        RestAssured.requestSpecification = null;
    }

    @Test
    void anIdleStreamSendsAHeartbeatEverySecond() throws Exception {
        String token = Tokens.token(Jobs.uniqueName("idle"), "user");
        RestAssured.requestSpecification = Tokens.bearer(token);
        String name = launchSmoke("idle", Map.of("SMOKE_STEPS", "600", "SMOKE_SLEEP_SECONDS", "1"));
        try (SseClient sse =
                SseClient.open(base.resolve("api/v1/events/stream?after=" + Long.MAX_VALUE / 2), token, Map.of())) {
            List<SseClient.Event> seen = sse.drain(Duration.ofMillis(3500));

            assertThat(seen.stream().filter(SseClient.Event::isComment).count()).isBetween(3L, 5L);
            assertThat(seen).allSatisfy(e -> assertThat(e.isComment()).isTrue());
        } finally {
            RestAssured.given().delete("/api/v1/jobs/" + name);
        }
    }
}
