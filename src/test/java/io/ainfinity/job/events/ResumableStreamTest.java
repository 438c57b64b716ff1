package io.ainfinity.job.events;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ResumableStreamTest {

    /** Items are numbers; the store is a list; "recording" appends to the store and, optionally, publishes live. */
    static final class Fake implements ResumableStream.Source<Long> {
        final List<Long> store = new CopyOnWriteArrayList<>();
        final BroadcastProcessor<Long> live = BroadcastProcessor.create();
        long last = Long.MAX_VALUE;
        boolean finished;

        void record(long id, boolean publish) {
            store.add(id);
            if (publish) {
                live.onNext(id);
            }
        }

        @Override
        public Uni<List<Long>> after(long cursor, int limit) {
            return Uni.createFrom()
                    .item(() ->
                            store.stream().filter(i -> i > cursor).limit(limit).toList());
        }

        @Override
        public Multi<Long> live() {
            return live;
        }

        @Override
        public long id(Long item) {
            return item;
        }

        @Override
        public boolean ends(Long item) {
            return item == last;
        }

        @Override
        public Uni<Boolean> finished(long cursor) {
            return Uni.createFrom().item(finished);
        }

        @Override
        public boolean contiguous() {
            return true;
        }

        @Override
        public StreamItem.Event toEvent(Long item) {
            return new StreamItem.Event(item, "status", item);
        }
    }

    private static List<Long> ids(AssertSubscriber<StreamItem> subscriber) {
        return subscriber.getItems().stream()
                .filter(i -> i instanceof StreamItem.Event)
                .map(i -> ((StreamItem.Event) i).id())
                .toList();
    }

    private static AssertSubscriber<StreamItem> open(Fake fake, long from, int buffer, long demand) {
        return ResumableStream.open(fake, from, buffer, Duration.ofHours(1))
                .subscribe()
                .withSubscriber(AssertSubscriber.create(demand));
    }

    @Test
    void replaysAfterTheCursorThenFollowsLiveWithoutGapOrDuplicate() {
        Fake fake = new Fake();
        for (long i = 1; i <= 5; i++) {
            fake.record(i, false);
        }

        AssertSubscriber<StreamItem> subscriber = open(fake, 2, 16, Long.MAX_VALUE);
        await().untilAsserted(() -> assertThat(ids(subscriber)).containsExactly(3L, 4L, 5L));
        fake.record(6, true);
        fake.live.onNext(5L); // a late duplicate of something already delivered
        fake.record(7, true);

        await().untilAsserted(() -> assertThat(ids(subscriber)).containsExactly(3L, 4L, 5L, 6L, 7L));
        assertThat(subscriber.getItems().get(0)).isEqualTo(StreamItem.HEARTBEAT);
    }

    @Test
    void aLiveItemThatSkipsIdsFetchesTheMissingOnesFromTheStore() {
        Fake fake = new Fake();
        AssertSubscriber<StreamItem> subscriber = open(fake, 0, 16, Long.MAX_VALUE);
        await().untilAsserted(() -> assertThat(subscriber.getItems()).hasSize(1));

        fake.record(1, false); // recorded elsewhere, never seen live
        fake.record(2, false);
        fake.record(3, true);

        await().untilAsserted(() -> assertThat(ids(subscriber)).containsExactly(1L, 2L, 3L));
    }

    @Test
    void completesAfterTheLastItem() {
        Fake fake = new Fake();
        fake.last = 3;
        fake.record(1, false);
        AssertSubscriber<StreamItem> subscriber = open(fake, 0, 16, Long.MAX_VALUE);
        await().untilAsserted(() -> assertThat(ids(subscriber)).containsExactly(1L));

        fake.record(2, true);
        fake.record(3, true);

        subscriber.awaitCompletion(Duration.ofSeconds(5));
        assertThat(ids(subscriber)).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aStreamOfSomethingAlreadyFinishedEndsAfterTheReplay() {
        Fake fake = new Fake();
        fake.finished = true;
        fake.record(1, false);

        AssertSubscriber<StreamItem> subscriber = open(fake, 1, 16, Long.MAX_VALUE);

        subscriber.awaitCompletion(Duration.ofSeconds(5));
        assertThat(ids(subscriber)).isEmpty();
    }

    @Test
    void aConsumerThatFallsBehindIsToldToReconnectFromItsLastId() {
        Fake fake = new Fake();
        AssertSubscriber<StreamItem> slow = open(fake, 0, 4, 3);
        AssertSubscriber<StreamItem> fast = open(fake, 0, 4, Long.MAX_VALUE);
        await().untilAsserted(() ->
                assertThat(slow.getItems().size() + fast.getItems().size()).isEqualTo(2));

        for (long i = 1; i <= 20; i++) {
            fake.record(i, true);
        }
        slow.request(100);

        slow.awaitCompletion(Duration.ofSeconds(5));
        List<StreamItem> items = slow.getItems();
        assertThat(items.get(items.size() - 1)).isEqualTo(new StreamItem.Reconnect(2));
        assertThat(ids(slow)).containsExactly(1L, 2L);
        await().untilAsserted(() -> assertThat(ids(fast)).hasSize(20));
    }

    @Test
    void aLongHistoryIsReplayedAtTheConsumersPaceWithoutCuttingItOff() {
        Fake fake = new Fake();
        for (long i = 1; i <= 3 * ResumableStream.PAGE; i++) {
            fake.record(i, false);
        }
        AssertSubscriber<StreamItem> reader = open(fake, 0, 4, 10);

        await().untilAsserted(() -> assertThat(ids(reader)).hasSize(9));
        for (int i = 0; i < 3 * ResumableStream.PAGE; i += 50) {
            reader.request(50);
        }
        fake.record(3 * ResumableStream.PAGE + 1, true);
        reader.request(10);

        await().untilAsserted(() -> assertThat(ids(reader)).hasSize(3 * ResumableStream.PAGE + 1));
        assertThat(ids(reader)).isSorted().doesNotHaveDuplicates();
        assertThat(reader.getItems()).noneMatch(i -> i instanceof StreamItem.Reconnect);
    }
}
