package io.ainfinity.job.logs;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.ainfinity.support.Api;
import io.ainfinity.support.Jobs;
import io.ainfinity.support.SseClient;
import io.ainfinity.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Subscribers that arrive together on a log nobody follows yet each get the tail they asked for: the feed they share
 * is being created, and must have counted the log's lines before any of them counts back from its end.
 */
@QuarkusTest
class TailBurstTest {

    @TestHTTPResource("/")
    URI base;

    @AfterEach
    void forget() {
        RestAssured.requestSpecification = null;
    }

    @Test
    void aBurstOfTailSubscribersOnANewFeedGetsOnlyTheirTails() throws Exception {
        String token = Tokens.token(Jobs.uniqueName("tailer"), "user");
        RestAssured.requestSpecification = Tokens.bearer(token);
        String name = Api.launchSmoke("burst", Map.of("SMOKE_STEPS", "30", "SMOKE_SLEEP_SECONDS", "0"));
        Api.awaitStatus(name, "completed");

        List<SseClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 30; i++) {
                clients.add(
                        SseClient.open(base.resolve("api/v1/jobs/" + name + "/logs/stream?tail=1"), token, Map.of()));
            }
            for (SseClient client : clients) {
                List<SseClient.Event> lines = client.drain(Duration.ofSeconds(60)).stream()
                        .filter(e -> "log".equals(e.name()))
                        .toList();
                assertThat(lines).as("lines of one tail=1 subscriber").hasSize(1);
            }
        } finally {
            for (SseClient client : clients) {
                client.close();
            }
        }
    }
}
