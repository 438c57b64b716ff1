package io.ainfinity.job.events;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import org.jboss.logging.Logger;

import io.ainfinity.job.JobEvent;
import io.ainfinity.job.JobEventRecorded;
import io.ainfinity.job.store.JobStore;
import io.ainfinity.store.StoreSignals;

/**
 * The one upstream of every event stream: reads events recorded since the last read, in global id order, and
 * publishes them to all subscribers. A read runs at once when this replica records an event ({@link JobEventRecorded})
 * or, on PostgreSQL, when another replica signals that it recorded one ({@link StoreSignals}), and every second as a
 * safety net, so the cost is one query per event burst or per second, whatever the number of subscribers.
 */
@ApplicationScoped
public class EventBus {

    private static final Logger LOG = Logger.getLogger(EventBus.class);
    private static final int PAGE = 1000;
    private static final int IDLE = 0;
    private static final int READING = 1;
    /** Reading, and a request came during the read: read again once it is through. */
    private static final int AGAIN = 2;

    /** Signalled by every replica that records an event, so that the others read it at once. */
    static final String CHANNEL = "ainfinity_events";

    private final JobStore store;
    private final StoreSignals signals;
    private final BroadcastProcessor<JobEvent> processor = BroadcastProcessor.create();
    private final AtomicLong lastId = new AtomicLong(-1);
    private final AtomicInteger state = new AtomicInteger(IDLE);

    @Inject
    public EventBus(JobStore store, StoreSignals signals) {
        this.store = store;
        this.signals = signals;
    }

    /** A bus that learns of other replicas' events by its poll only. */
    EventBus(JobStore store) {
        this(store, null);
    }

    void start(@Observes StartupEvent started) {
        lastId.set(store.lastEventId().await().atMost(Duration.ofMinutes(1)));
        if (signals != null) {
            signals.listen(CHANNEL, this::read);
        }
    }

    /** Every event recorded from now on, in order (hot: subscribe before reading what came earlier). */
    public Multi<JobEvent> live() {
        return processor;
    }

    /** The id of the newest event published so far (-1 before start-up). */
    public long lastId() {
        return lastId.get();
    }

    void onRecorded(@Observes JobEventRecorded recorded) {
        read();
        if (signals != null) {
            signals.signal(CHANNEL);
        }
    }

    @Scheduled(every = "${ainfinity.events.poll-interval:1S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        read();
    }

    /**
     * One read at a time; a request during a read makes it read once more, so nothing waits for the next tick. Whether
     * a read runs and whether another is owed live in one atomic word: a request and the end of a read each move it in
     * one step, so a request can never slip in after a finishing read looked for one and be left for the next tick.
     */
    private void read() {
        if (lastId.get() < 0) {
            return;
        }
        if (state.getAndUpdate(s -> s == IDLE ? READING : AGAIN) == IDLE) {
            query();
        }
    }

    private void query() {
        Uni.createFrom()
                .deferred(() -> store.eventsAfterId(lastId.get(), null, PAGE))
                .subscribe()
                .with(
                        events -> {
                            try {
                                publish(events);
                            } finally {
                                finished(events.size() == PAGE);
                            }
                        },
                        failure -> {
                            LOG.warnf("event read failed: %s", failure.getMessage());
                            finished(false);
                        });
    }

    private void publish(List<JobEvent> events) {
        for (JobEvent event : events) {
            lastId.set(event.id());
            processor.onNext(event);
        }
    }

    /** Reads again when the page was full or a request came meanwhile; else nothing runs until the next request. */
    private void finished(boolean more) {
        int before = state.getAndUpdate(s -> more || s == AGAIN ? READING : IDLE);
        if (more || before == AGAIN) {
            query();
        }
    }
}
