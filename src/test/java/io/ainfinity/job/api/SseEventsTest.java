package io.ainfinity.job.api;

import java.time.Duration;
import java.util.List;
import jakarta.ws.rs.sse.OutboundSseEvent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import org.jboss.resteasy.reactive.server.jaxrs.SseImpl;
import org.junit.jupiter.api.Test;

import io.ainfinity.job.events.StreamItem;

import static org.assertj.core.api.Assertions.assertThat;

class SseEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aStreamThatFailsEndsWithAProblemEventInsteadOfStoppingSilently() throws Exception {
        Multi<StreamItem> failing = Multi.createBy()
                .concatenating()
                .streams(
                        Multi.createFrom().item(new StreamItem.Event(7, "log", java.util.Map.of("n", 7))),
                        Multi.createFrom().failure(new IllegalStateException("pool full")));

        List<OutboundSseEvent> events = SseEvents.write(failing, SseImpl.INSTANCE, JSON)
                .collect()
                .asList()
                .await()
                .atMost(Duration.ofSeconds(5));

        assertThat(events).hasSize(2);
        assertThat(events.get(0).getId()).isEqualTo("7");
        OutboundSseEvent last = events.get(1);
        assertThat(last.getName()).isEqualTo("error");
        var problem = JSON.readTree((String) last.getData());
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(problem.get("retry_after").asLong()).isEqualTo(SseEvents.RETRY_AFTER_SECONDS);
        assertThat(problem.get("detail").asText()).contains("Last-Event-ID");
    }
}
