package io.ainfinity.job.events;

import java.util.concurrent.ConcurrentSkipListMap;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ainfinity.job.JobEvent;

/**
 * Each event's {@code data:} serialized once, with the API's mapper, and shared by every stream that sends it: a
 * thousand viewers of one job cost one serialization per event, not a thousand. Recent events are kept by id, which
 * covers every live subscriber (they lag by at most their buffer) and replays of the near past.
 */
@ApplicationScoped
public class EventJson {

    /** More than a subscriber's buffer (1024 by default), so a live event is serialized once for all of them. */
    static final int KEPT = 4096;

    private final ObjectMapper json;
    private final ConcurrentSkipListMap<Long, StreamItem.Json> recent = new ConcurrentSkipListMap<>();

    public EventJson(ObjectMapper json) {
        this.json = json;
    }

    StreamItem.Json of(JobEvent event) {
        StreamItem.Json known = recent.get(event.id());
        if (known != null) {
            return known;
        }
        StreamItem.Json made = serialize(event);
        StreamItem.Json raced = recent.putIfAbsent(event.id(), made);
        recent.headMap(recent.lastKey() - KEPT).clear();
        return raced != null ? raced : made;
    }

    private StreamItem.Json serialize(JobEvent event) {
        try {
            return new StreamItem.Json(json.writeValueAsString(EventPayload.of(event)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event data cannot be serialized", e);
        }
    }
}
