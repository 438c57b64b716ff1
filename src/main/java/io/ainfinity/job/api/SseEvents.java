package io.ainfinity.job.api;

import java.util.Map;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ainfinity.job.events.StreamItem;

/** Writes stream items as server-sent events: named, with ids, JSON data; heartbeats as comments. */
final class SseEvents {

    private SseEvents() {}

    /** Data is serialized here, with the API's mapper, so each event is plain {@code id/event/data} lines. */
    static OutboundSseEvent of(StreamItem item, Sse sse, ObjectMapper json) {
        if (item instanceof StreamItem.Event event) {
            return sse.newEventBuilder()
                    .id(String.valueOf(event.id()))
                    .name(event.type())
                    .data(write(json, event.data()))
                    .build();
        }
        if (item instanceof StreamItem.Reconnect reconnect) {
            return sse.newEventBuilder()
                    .id(String.valueOf(reconnect.lastId()))
                    .name("reconnect")
                    .data(write(
                            json,
                            Map.of(
                                    "reason",
                                    "this client fell too far behind; reconnect with Last-Event-ID",
                                    "last_event_id",
                                    reconnect.lastId())))
                    .build();
        }
        return sse.newEventBuilder().comment("heartbeat").build();
    }

    private static String write(ObjectMapper json, Object data) {
        if (data instanceof StreamItem.Json serialized) {
            return serialized.text();
        }
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event data cannot be serialized", e);
        }
    }
}
