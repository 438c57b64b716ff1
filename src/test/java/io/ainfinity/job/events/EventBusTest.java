package io.ainfinity.job.events;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ainfinity.job.JobEvent;
import io.ainfinity.job.JobEventRecorded;
import io.ainfinity.job.JobStatus;
import io.ainfinity.job.store.JobStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the bus reads: a store whose reads the test answers one by one, so each step of a read (issued, under way,
 * answered, failed) is the test's to choose.
 */
class EventBusTest {

    private static final JobEventRecorded RECORDED = new JobEventRecorded.Metrics("job");

    /** One call of {@code eventsAfterId}, waiting for the test's answer. */
    private record Read(long afterId, UniEmitter<? super List<JobEvent>> answer) {}

    private final BlockingQueue<Read> reads = new LinkedBlockingQueue<>();
    private final List<Long> readAfter = new CopyOnWriteArrayList<>();
    private final List<JobEvent> published = new CopyOnWriteArrayList<>();
    private EventBus bus;

    @BeforeEach
    void bus() {
        JobStore store = (JobStore) Proxy.newProxyInstance(
                JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "lastEventId":
                            return Uni.createFrom().item(0L);
                        case "eventsAfterId":
                            long afterId = (long) args[0];
                            readAfter.add(afterId);
                            return Uni.createFrom()
                                    .<List<JobEvent>>emitter(emitter -> reads.add(new Read(afterId, emitter)));
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
        bus = new EventBus(store);
        bus.start(null);
        bus.live().subscribe().with(published::add);
    }

    private Read next() throws InterruptedException {
        Read read = reads.poll(5, TimeUnit.SECONDS);
        assertThat(read).as("a read was issued").isNotNull();
        return read;
    }

    private static List<JobEvent> events(long fromId, int count) {
        return LongStream.range(fromId, fromId + count)
                .mapToObj(id -> new JobEvent(id, "job", id, null, JobStatus.PENDING, Instant.EPOCH, "created"))
                .toList();
    }

    @Test
    void requestsDuringAReadMakeItReadOnceMore() throws InterruptedException {
        bus.onRecorded(RECORDED);
        Read first = next();

        bus.onRecorded(RECORDED);
        bus.onRecorded(RECORDED);
        first.answer().complete(events(1, 2));

        Read second = next();
        assertThat(second.afterId()).isEqualTo(2);
        second.answer().complete(List.of());
        assertThat(readAfter).containsExactly(0L, 2L);
        assertThat(published).extracting(JobEvent::id).containsExactly(1L, 2L);
    }

    @Test
    void aRequestDuringAReadThatFailsIsNotLeftForTheNextPoll() throws InterruptedException {
        bus.onRecorded(RECORDED);
        Read first = next();

        bus.onRecorded(RECORDED);
        first.answer().fail(new IllegalStateException("database is locked"));

        Read second = next();
        second.answer().complete(events(1, 1));
        assertThat(published).extracting(JobEvent::id).containsExactly(1L);
    }

    @Test
    void aReadThatEndsWithNoRequestLeavesTheBusIdleAndReadyForTheNext() throws InterruptedException {
        bus.onRecorded(RECORDED);
        next().answer().fail(new IllegalStateException("database is locked"));
        assertThat(reads).isEmpty();

        bus.onRecorded(RECORDED);

        next().answer().complete(List.of());
        assertThat(readAfter).containsExactly(0L, 0L);
    }

    @Test
    void aFullPageIsFollowedByTheNextPageAtOnce() throws InterruptedException {
        bus.onRecorded(RECORDED);

        next().answer().complete(events(1, 1000));

        Read second = next();
        assertThat(second.afterId()).isEqualTo(1000);
        second.answer().complete(List.of());
        assertThat(reads).isEmpty();
    }

    private static JobEvent event(long id) {
        return new JobEvent(id, "job", id, null, JobStatus.PENDING, Instant.EPOCH, "created");
    }

    @Test
    void anEventCommittedAfterANewerOneIsPublishedInIdOrderNotSkipped() throws InterruptedException {
        bus.onRecorded(RECORDED);
        // 2 is visible, 1 (written first, committed later) not yet.
        next().answer().complete(List.of(event(2), event(3)));
        assertThat(published).isEmpty();

        bus.onRecorded(RECORDED);
        Read again = next();
        assertThat(again.afterId()).isZero();
        again.answer().complete(events(1, 3));

        assertThat(published).extracting(JobEvent::id).containsExactly(1L, 2L, 3L);
    }

    @Test
    void anIdNeverUsedHoldsBackWhatFollowsOnlyForAWhile() throws InterruptedException {
        bus.onRecorded(RECORDED);
        long start = System.nanoTime();
        next().answer().complete(List.of(event(2)));

        // Nobody signals: the bus reads again by itself once the hole has been waited for, and goes past it.
        Read late = next();
        assertThat(late.afterId()).isZero();
        late.answer().complete(List.of(event(2)));

        assertThat(published).extracting(JobEvent::id).containsExactly(2L);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(EventBus.HOLE_WAIT.toNanos());
    }
}
