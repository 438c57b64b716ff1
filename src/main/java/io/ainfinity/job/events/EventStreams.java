package io.ainfinity.job.events;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.smallrye.mutiny.Multi;

import io.ainfinity.config.AinfinityConfig;
import io.ainfinity.job.store.JobStore;
import io.ainfinity.metrics.Meters;

/** Opens the event streams with the configured buffer and heartbeat, and counts their subscribers. */
@ApplicationScoped
public class EventStreams {

    private final JobStore store;
    private final EventBus bus;
    private final EventJson serialized;
    private final int buffer;
    private final Duration heartbeat;
    private final Meters meters;
    private final Map<String, AtomicInteger> subscribers = new ConcurrentHashMap<>();

    public EventStreams(JobStore store, EventBus bus, EventJson serialized, AinfinityConfig config, Meters meters) {
        this.store = store;
        this.bus = bus;
        this.serialized = serialized;
        this.buffer = config.events().subscriberBuffer();
        this.heartbeat = config.events().heartbeat();
        this.meters = meters;
    }

    public Multi<StreamItem> job(String jobName, long after) {
        return counted(
                "job_events",
                ResumableStream.open(new JobEventSource(jobName, store, bus, serialized), after, buffer, heartbeat));
    }

    /** @param owner null for every owner's jobs */
    /** Events of every job the owner may see (every owner's for null) recorded after this moment. */
    public Multi<StreamItem> allFromNow(String owner) {
        return all(owner, Math.max(0, bus.lastId()));
    }

    public Multi<StreamItem> all(String owner, long after) {
        return counted(
                "all_events",
                ResumableStream.open(new AllEventsSource(owner, store, bus, serialized), after, buffer, heartbeat));
    }

    /** Counts a stream among {@code ainfinity_sse_subscribers{stream}} while it is subscribed. */
    public Multi<StreamItem> counted(String stream, Multi<StreamItem> items) {
        AtomicInteger count = subscribers.computeIfAbsent(stream, name -> {
            AtomicInteger n = new AtomicInteger();
            Gauge.builder(Meters.SSE_SUBSCRIBERS, n, AtomicInteger::get)
                    .description("Open server-sent event streams")
                    .tag("stream", name)
                    .register(meters.registry());
            return n;
        });
        return items.onSubscription()
                .invoke(count::incrementAndGet)
                .onTermination()
                .invoke(count::decrementAndGet);
    }

    public Duration heartbeat() {
        return heartbeat;
    }

    public int buffer() {
        return buffer;
    }
}
