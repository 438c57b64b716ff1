package io.ainfinity.job.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What an event stream carries to its writer: a recorded event, a heartbeat comment, the final "reconnect" notice
 * sent to a consumer that fell too far behind, the end marker after a job's terminal event, or the final failure that
 * a stream which cannot go on sends instead of just stopping.
 */
// Written by stream writers whose element type is Object; nested records are registered with it.
@RegisterForReflection
public sealed interface StreamItem {

    /**
     * A recorded event; {@code id} is what the client sends back as Last-Event-ID.
     *
     * @param data an object to serialize as JSON, or a {@link Json} already serialized
     */
    record Event(long id, String type, Object data) implements StreamItem {}

    /** Data serialized once, shared by every subscriber that receives it. */
    record Json(String text) {}

    record Heartbeat() implements StreamItem {}

    /** The consumer was too slow; it should reconnect with {@code lastId} as Last-Event-ID. */
    record Reconnect(long lastId) implements StreamItem {}

    record End() implements StreamItem {}

    /** The stream cannot go on (the service is overloaded, say); the client may resume later from its last id. */
    record Failure(String detail) implements StreamItem {}

    StreamItem HEARTBEAT = new Heartbeat();
    StreamItem END = new End();
}
