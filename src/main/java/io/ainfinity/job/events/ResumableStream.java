package io.ainfinity.job.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureFailure;

/**
 * A stream that resumes after a given id with no gap and no duplicate: replay from the store, then live items.
 *
 * <p>The live source is subscribed before the replay is read, so an item recorded meanwhile arrives through both
 * paths and is dropped once by the cursor. For sources whose ids are contiguous (a job's event sequence, a log's
 * line numbers) a live item that skips ids triggers a read of the missing range from the store, so even an item the
 * live side never saw (written by another replica) is delivered in order. The replay follows the consumer's demand,
 * a page at a time. Live items wait in a bounded buffer; a consumer that lets it overflow gets a final {@link
 * StreamItem.Reconnect} naming the last id it received, and the stream ends. Memory per subscriber is therefore
 * bounded, and replay never comes from memory.
 */
public final class ResumableStream {

    /** Where a stream's items come from. */
    public interface Source<E> {

        /** Recorded items with an id above {@code cursor}, ascending, at most {@code limit}. */
        Uni<List<E>> after(long cursor, int limit);

        /** Items as they are recorded (hot). */
        Multi<E> live();

        long id(E item);

        /** True for the last item the stream will ever carry (a job's terminal event). */
        boolean ends(E item);

        /** True when nothing will ever follow {@code cursor} (the job had already ended). */
        Uni<Boolean> finished(long cursor);

        /** Whether ids go up by exactly one, so that a skipped id reveals a gap. */
        boolean contiguous();

        /** The event to send for an item, or null for a marker that only ends the stream. */
        StreamItem.Event toEvent(E item);
    }

    static final int PAGE = 500;

    private ResumableStream() {}

    public static <E> Multi<StreamItem> open(Source<E> source, long from, int buffer, Duration heartbeat) {
        AtomicLong cursor = new AtomicLong(from);
        AtomicLong delivered = new AtomicLong(from);
        Object replay = new Object();
        // Only live items are buffered, and a consumer too slow for them is cut off. The replay is read from the store
        // page by page as the consumer asks for more, so a long history never fills the buffer.
        Multi<Object> live =
                source.live().map(item -> (Object) item).onOverflow().buffer(buffer);
        // Merges ask for one item at a time, so that no queue inside them stretches the bound.
        Multi<Object> triggers = Multi.createBy()
                .merging()
                .withRequests(1)
                .streams(Multi.createFrom().item(replay), live);
        @SuppressWarnings("unchecked")
        Multi<StreamItem> items = triggers.onItem()
                .transformToMultiAndConcatenate(
                        t -> t == replay ? catchUp(source, cursor, true) : onLive(source, cursor, (E) t));
        Multi<StreamItem> beats = Multi.createFrom()
                .ticks()
                .startingAfter(heartbeat)
                .every(heartbeat)
                .onOverflow()
                .drop()
                .map(tick -> StreamItem.HEARTBEAT);
        // A first comment commits the response headers at once, so clients and proxies see the stream open.
        return Multi.createBy()
                .merging()
                .withRequests(1)
                .streams(Multi.createFrom().item(StreamItem.HEARTBEAT), items, beats)
                .invoke(item -> {
                    if (item instanceof StreamItem.Event event) {
                        delivered.set(event.id());
                    }
                })
                .onFailure(BackPressureFailure.class)
                .recoverWithMulti(
                        () -> Multi.createFrom().items(new StreamItem.Reconnect(delivered.get()), StreamItem.END))
                .select()
                .first(item -> !(item instanceof StreamItem.End));
    }

    private static <E> Multi<StreamItem> onLive(Source<E> source, AtomicLong cursor, E item) {
        if (source.ends(item) && source.toEvent(item) == null) {
            // An end marker is never stored: deliver what is stored up to here, then end.
            return Multi.createBy()
                    .concatenating()
                    .streams(catchUp(source, cursor, false), Multi.createFrom().item(StreamItem.END));
        }
        long id = source.id(item);
        if (id <= cursor.get()) {
            return Multi.createFrom().empty();
        }
        if (source.contiguous() && id > cursor.get() + 1) {
            return catchUp(source, cursor, false);
        }
        return Multi.createFrom().iterable(deliver(source, cursor, List.of(item)));
    }

    /** Reads everything recorded after the cursor, page by page, then (on the first read) checks for an end. */
    private static <E> Multi<StreamItem> catchUp(Source<E> source, AtomicLong cursor, boolean first) {
        return source.after(cursor.get(), PAGE).onItem().transformToMulti(page -> {
            List<StreamItem> out = deliver(source, cursor, page);
            boolean ended = !out.isEmpty() && out.get(out.size() - 1) == StreamItem.END;
            Multi<StreamItem> now = Multi.createFrom().iterable(out);
            if (ended) {
                return now;
            }
            if (page.size() == PAGE) {
                return Multi.createBy().concatenating().streams(now, catchUp(source, cursor, first));
            }
            if (!first) {
                return now;
            }
            Multi<StreamItem> end = source.finished(cursor.get())
                    .onItem()
                    .transformToMulti(done -> done
                            ? Multi.createFrom().item(StreamItem.END)
                            : Multi.createFrom().empty());
            return Multi.createBy().concatenating().streams(now, end);
        });
    }

    private static <E> List<StreamItem> deliver(Source<E> source, AtomicLong cursor, List<E> items) {
        List<StreamItem> out = new ArrayList<>();
        for (E item : items) {
            long id = source.id(item);
            if (id <= cursor.get()) {
                continue;
            }
            StreamItem.Event event = source.toEvent(item);
            if (event != null) {
                cursor.set(id);
                out.add(event);
            }
            if (source.ends(item)) {
                out.add(StreamItem.END);
                break;
            }
        }
        return out;
    }
}
