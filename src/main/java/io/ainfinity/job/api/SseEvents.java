package io.ainfinity.job.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

import io.ainfinity.job.events.StreamItem;

/** Writes stream items as server-sent events: named, with ids, JSON data; heartbeats as comments. */
final class SseEvents {

    private static final Logger LOG = Logger.getLogger(SseEvents.class);

    /** How long a client told that its stream failed should wait before it resumes. */
    static final long RETRY_AFTER_SECONDS = 5;

    private SseEvents() {}

    /**
     * The stream as events. A stream that fails after it opened ends with an {@code error} event holding a problem
     * (status 503), never silently: the client knows to resume from its last id.
     */
    static Multi<OutboundSseEvent> write(Multi<StreamItem> items, Sse sse, ObjectMapper json) {
        return items.onFailure()
                .recoverWithItem(failure -> {
                    LOG.warnf("stream ended by a failure: %s", failure.getMessage());
                    return new StreamItem.Failure("the stream could not go on (the service may be overloaded);"
                            + " resume with Last-Event-ID in a few seconds");
                })
                .map(item -> of(item, sse, json));
    }

    /**
     * The stream, ended as soon as its client has gone: a viewer closing a tab is no failure, and an item written to a
     * closed connection would only fail there and be logged as one. The next item (a heartbeat at the latest) after
     * the close ends the subscription, which frees the stream's upstream share at once.
     */
    static Multi<StreamItem> untilClosed(Multi<StreamItem> items, RoutingContext ctx) {
        AtomicBoolean open = new AtomicBoolean(true);
        ctx.addEndHandler(ended -> {
            if (ended.failed()) {
                open.set(false);
                LOG.debugf(
                        "stream %s ended by its client: %s",
                        ctx.normalizedPath(), ended.cause().getMessage());
            }
        });
        return items.select().first(item -> open.get());
    }

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
        if (item instanceof StreamItem.Failure failure) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "about:blank");
            problem.put("title", "Service Unavailable");
            problem.put("status", 503);
            problem.put("detail", failure.detail());
            problem.put("retry_after", RETRY_AFTER_SECONDS);
            return sse.newEventBuilder()
                    .name("error")
                    .data(write(json, problem))
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
