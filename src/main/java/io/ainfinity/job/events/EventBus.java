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
 *
 * <p>Ids are handed out when an event is written, not when its transaction commits: on PostgreSQL, with several
 * replicas (or several writers in one) recording at once, event 69 can be visible before event 68 is. A reader that
 * moved past 68 would never see it, so the bus publishes in id order without gaps: an id missing below a visible one
 * holds back what follows it until it shows up, or for {@link #HOLE_WAIT} at most (its transaction rolled back, as an
 * insert refused by a constraint does, and the id is never used).
 */
@ApplicationScoped
public class EventBus {

    private static final Logger LOG = Logger.getLogger(EventBus.class);
    private static final int PAGE = 1000;
    private static final int IDLE = 0;
    private static final int READING = 1;
    /** Reading, and a request came during the read: read again once it is through. */
    private static final int AGAIN = 2;
    /** Far longer than an event's transaction takes to commit; a hole still open then is an id never used. */
    static final Duration HOLE_WAIT = Duration.ofSeconds(2);

    /** Signalled by every replica that records an event, so that the others read it at once. */
    static final String CHANNEL = "ainfinity_events";

    private final JobStore store;
    private final StoreSignals signals;
    private final BroadcastProcessor<JobEvent> processor = BroadcastProcessor.create();
    private final AtomicLong lastId = new AtomicLong(-1);
    private final AtomicInteger state = new AtomicInteger(IDLE);
    // Touched by one read at a time only (the state word above): the missing id waited for, and since when.
    private long hole = -1;
    private long holeSince;

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
                            boolean complete = false;
                            try {
                                complete = publish(events);
                            } finally {
                                finished(complete && events.size() == PAGE);
                            }
                        },
                        failure -> {
                            LOG.warnf("event read failed: %s", failure.getMessage());
                            finished(false);
                        });
    }

    /** Publishes in id order up to the first hole; false when it stopped at one. */
    private boolean publish(List<JobEvent> events) {
        for (JobEvent event : events) {
            long expected = lastId.get() + 1;
            if (event.id() > expected && waitsFor(expected)) {
                return false;
            }
            lastId.set(event.id());
            processor.onNext(event);
        }
        return true;
    }

    /** Whether the missing id is still worth waiting for; the first time it is seen missing, a read is due later. */
    private boolean waitsFor(long missing) {
        long now = System.nanoTime();
        if (hole != missing) {
            hole = missing;
            holeSince = now;
            // The writer's own signal reads it in as soon as it commits; this read gives up on it otherwise.
            Uni.createFrom()
                    .voidItem()
                    .onItem()
                    .delayIt()
                    .by(HOLE_WAIT.plusMillis(50))
                    .subscribe()
                    .with(x -> read());
            return true;
        }
        if (now - holeSince < HOLE_WAIT.toNanos()) {
            return true;
        }
        LOG.debugf("event id %d never appeared (its transaction rolled back); going on past it", missing);
        return false;
    }

    /** Reads again when the page was full or a request came meanwhile; else nothing runs until the next request. */
    private void finished(boolean more) {
        int before = state.getAndUpdate(s -> more || s == AGAIN ? READING : IDLE);
        if (more || before == AGAIN) {
            query();
        }
    }
}
