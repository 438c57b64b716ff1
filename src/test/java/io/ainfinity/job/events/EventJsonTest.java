package io.ainfinity.job.events;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import io.ainfinity.job.JobEvent;
import io.ainfinity.job.JobStatus;

import static org.assertj.core.api.Assertions.assertThat;

class EventJsonTest {

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private final EventJson json = new EventJson(mapper);

    private static JobEvent event(long id) {
        return new JobEvent(
                id,
                "job",
                id,
                JobStatus.RUNNING,
                JobStatus.RUNNING,
                Instant.parse("2026-12-05T10:00:00Z"),
                null,
                JobEvent.METRICS,
                Map.of("training_metrics", Map.of("loss", 0.5)),
                "alice",
                "job");
    }

    @Test
    void everyStreamSendingAnEventSharesOneSerialization() throws Exception {
        StreamItem.Json first = json.of(event(7));

        assertThat(json.of(event(7))).isSameAs(first);
        assertThat(first.text()).isEqualTo(mapper.writeValueAsString(EventPayload.of(event(7))));
        assertThat(first.text()).contains("\"training_metrics\":{\"loss\":0.5}");
    }

    @Test
    void onlyRecentEventsAreKept() {
        StreamItem.Json oldest = json.of(event(1));
        for (long id = 2; id <= EventJson.KEPT + 2; id++) {
            json.of(event(id));
        }

        assertThat(json.of(event(1))).isNotSameAs(oldest).isEqualTo(oldest);
        assertThat(json.of(event(EventJson.KEPT + 2))).isSameAs(json.of(event(EventJson.KEPT + 2)));
    }
}
