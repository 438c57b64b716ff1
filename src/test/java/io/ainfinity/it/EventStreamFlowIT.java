package io.ainfinity.it;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import io.ainfinity.support.SseClient;

import static io.ainfinity.it.ItJobs.awaitStatus;
import static io.ainfinity.it.ItJobs.launchSmoke;
import static org.assertj.core.api.Assertions.assertThat;

/** Event and log streams of the packaged app, read with a real SSE client. */
@QuarkusIntegrationTest
@TestProfile(PackagedApp.class)
class EventStreamFlowIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final String user = ItTokens.token("it-stream-user", "user");

    @TestHTTPResource("/")
    URI base;

    @Test
    void aJobsEventsStreamToTheEndAndResumeAfterAnId() throws Exception {
        // Given a running job
        String name = launchSmoke(user, "it-stream", Map.of("SMOKE_STEPS", "3", "SMOKE_SLEEP_SECONDS", "0.3"));

        // When its events are streamed
        List<SseClient.Event> events;
        try (SseClient sse = SseClient.open(base.resolve("api/v1/jobs/" + name + "/events/stream"), user, Map.of())) {
            events = sse.drain(WAIT).stream()
                    .filter(e -> !e.isComment() && e != SseClient.END)
                    .toList();
        }

        // Then ids go up by one from 1, and the last event is the completion
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).id()).isEqualTo(String.valueOf(i + 1));
        }
        assertThat(events.get(events.size() - 1).data()).contains("\"status\":\"completed\"");

        // And a reconnection after the second event delivers the rest, once
        try (SseClient sse = SseClient.open(
                base.resolve("api/v1/jobs/" + name + "/events/stream"), user, Map.of("Last-Event-ID", "2"))) {
            List<String> ids = sse.drain(WAIT).stream()
                    .filter(e -> !e.isComment() && e != SseClient.END)
                    .map(SseClient.Event::id)
                    .toList();
            assertThat(ids)
                    .containsExactlyElementsOf(
                            events.stream().skip(2).map(SseClient.Event::id).toList());
        }
    }

    @Test
    void aJobsLogStreamsItsLinesAndEnds() throws Exception {
        String name = launchSmoke(user, "it-logs", Map.of("SMOKE_STEPS", "2", "SMOKE_SLEEP_SECONDS", "0.2"));
        awaitStatus(user, name, "completed");

        try (SseClient sse =
                SseClient.open(base.resolve("api/v1/jobs/" + name + "/logs/stream?tail=1"), user, Map.of())) {
            List<SseClient.Event> lines = sse.drain(WAIT).stream()
                    .filter(e -> !e.isComment() && e != SseClient.END)
                    .toList();
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0).data()).contains("smoke finished with exit code 0");
        }
    }
}
