package io.ainfinity.job.events;

import java.util.List;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import io.ainfinity.job.JobEvent;
import io.ainfinity.job.store.JobStore;

/** One job's events, by sequence number: contiguous, ending with the job's terminal status event. */
final class JobEventSource implements ResumableStream.Source<JobEvent> {

    private final String job;
    private final JobStore store;
    private final EventBus bus;
    private final EventJson serialized;

    JobEventSource(String job, JobStore store, EventBus bus, EventJson serialized) {
        this.job = job;
        this.store = store;
        this.bus = bus;
        this.serialized = serialized;
    }

    @Override
    public Uni<List<JobEvent>> after(long cursor, int limit) {
        return store.events(job, cursor, limit);
    }

    @Override
    public Multi<JobEvent> live() {
        return bus.live().filter(event -> event.jobName().equals(job));
    }

    @Override
    public long id(JobEvent item) {
        return item.seq();
    }

    @Override
    public boolean ends(JobEvent item) {
        return item.isTerminalStatus();
    }

    @Override
    public Uni<Boolean> finished(long cursor) {
        return store.find(job)
                .map(found -> found.map(j -> j.status().isTerminal() && j.lastSeq() <= cursor)
                        .orElse(true));
    }

    @Override
    public boolean contiguous() {
        return true;
    }

    @Override
    public StreamItem.Event toEvent(JobEvent item) {
        return new StreamItem.Event(item.seq(), item.type(), serialized.of(item));
    }
}
