package io.ainfinity.job.logs;

import java.util.List;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import io.ainfinity.job.events.ResumableStream;
import io.ainfinity.job.events.StreamItem;

/** A subscriber's view of a log feed: replay from the file, then the feed's live lines, ending with the log. */
final class LogSource implements ResumableStream.Source<LogLine> {

    private final LogFeed feed;
    private final LogReplays replays;

    LogSource(LogFeed feed, LogReplays replays) {
        this.feed = feed;
        this.replays = replays;
    }

    @Override
    public Uni<List<LogLine>> after(long cursor, int limit) {
        return replays.submit(() -> feed.index().read(cursor, limit));
    }

    @Override
    public Multi<LogLine> live() {
        return feed.live();
    }

    @Override
    public long id(LogLine item) {
        return item.number();
    }

    @Override
    public boolean ends(LogLine item) {
        return item.end();
    }

    @Override
    public Uni<Boolean> finished(long cursor) {
        // Read what the file holds now rather than wait for the feed's next poll: a log that ended meanwhile is seen
        // complete here, so this stream ends even if the feed announced the end just before it listened.
        return replays.submit(() -> {
            feed.poll();
            return feed.complete() && cursor >= feed.lines();
        });
    }

    @Override
    public boolean contiguous() {
        return true;
    }

    @Override
    public StreamItem.Event toEvent(LogLine item) {
        return item.end() ? null : new StreamItem.Event(item.number(), "log", item.json());
    }
}
