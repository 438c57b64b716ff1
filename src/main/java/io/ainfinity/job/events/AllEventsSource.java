package io.ainfinity.job.events;

import java.util.List;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import io.ainfinity.job.JobEvent;
import io.ainfinity.job.store.JobStore;

/**
 * Events of every job a caller may see, by global id. It never ends. Ids of one owner's events are not contiguous,
 * so the live side is trusted to be complete, which it is: the bus reads every event in id order.
 */
final class AllEventsSource implements ResumableStream.Source<JobEvent> {

    private final String owner;
    private final JobStore store;
    private final EventBus bus;
    private final EventJson serialized;

    /** @param owner null for every owner's events (an admin) */
    AllEventsSource(String owner, JobStore store, EventBus bus, EventJson serialized) {
        this.owner = owner;
        this.store = store;
        this.bus = bus;
        this.serialized = serialized;
    }

    @Override
    public Uni<List<JobEvent>> after(long cursor, int limit) {
        return store.eventsAfterId(cursor, owner, limit);
    }

    @Override
    public Multi<JobEvent> live() {
        return owner == null ? bus.live() : bus.live().filter(event -> owner.equals(event.owner()));
    }

    @Override
    public long id(JobEvent item) {
        return item.id();
    }

    @Override
    public boolean ends(JobEvent item) {
        return false;
    }

    @Override
    public Uni<Boolean> finished(long cursor) {
        return Uni.createFrom().item(false);
    }

    @Override
    public boolean contiguous() {
        return false;
    }

    @Override
    public StreamItem.Event toEvent(JobEvent item) {
        return new StreamItem.Event(item.id(), item.type(), serialized.of(item));
    }
}
