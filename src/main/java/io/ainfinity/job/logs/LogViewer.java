package io.ainfinity.job.logs;

import java.util.List;
import java.util.concurrent.Executor;

import org.jboss.logging.Logger;

/**
 * One subscriber of a log feed, confined to its connection's event loop: every method but {@link #start} and {@link
 * #close} runs there, so its state needs no lock. It catches up from the feed's memory or the file (on {@link
 * LogReplays}), then takes the feed's batches as they come; whenever it misses lines (it joined between two polls, or
 * its connection stopped taking data) it reads them again from the file, so every subscriber gets every line in order.
 * A connection that cannot take more (its socket buffer is full) is not written to until it drains: a slow reader
 * costs at most one page and the socket's buffer, and never holds back the others.
 */
final class LogViewer {

    private static final Logger LOG = Logger.getLogger(LogViewer.class);

    /** Lines read from the file, and written, at a time while catching up. */
    static final int PAGE = 500;

    /** The connection a viewer writes to. */
    interface Sink {

        /** Writes a batch's frames; false when the connection is gone (the viewer then stops). */
        boolean write(LogBatch batch);

        /**
         * Writes a batch that many connections take as it is, the cheapest way the connection allows; false when the
         * connection is gone.
         */
        boolean push(LogBatch batch);

        /** True while the connection's outgoing buffer is full. */
        boolean full();

        /** Runs {@code drained} once, on the viewer's loop, when the connection can take data again. */
        void onDrain(Runnable drained);

        /** Ends the stream: the log is complete and sent. */
        void end();

        /** Ends the stream with a failure the client may resume from. */
        void fail(Throwable failure);
    }

    private enum State {
        NEW,
        CATCHING_UP,
        LIVE,
        WAITING,
        ENDED
    }

    private final LogFeed feed;
    private final LogReplays replays;
    private final Executor loop;
    private Sink sink;
    private long cursor;
    private State state = State.NEW;

    LogViewer(LogFeed feed, long cursor, LogReplays replays, Executor loop) {
        this.feed = feed;
        this.cursor = cursor;
        this.replays = replays;
        this.loop = loop;
    }

    Executor loop() {
        return loop;
    }

    /** Once the response's head is out: from here on, frames go straight to the connection. */
    void start(Sink started) {
        loop.execute(() -> {
            if (state != State.NEW) {
                return;
            }
            sink = started;
            feed.fanout().join(this);
            catchUp();
        });
    }

    /** The stream terminated (its client left, or it ended): forget it. Any thread. */
    void close() {
        loop.execute(() -> {
            if (state != State.ENDED) {
                state = State.ENDED;
                feed.left();
            }
        });
    }

    boolean ended() {
        return state == State.ENDED;
    }

    /** A batch from the feed. */
    void lines(LogBatch batch) {
        if (state != State.LIVE || cursor >= batch.last()) {
            return;
        }
        if (cursor < batch.first() - 1) {
            // Lines came between this viewer's last read and its joining: read them.
            catchUp();
            return;
        }
        if (push(batch.after(cursor))) {
            cursor = batch.last();
            if (sink.full()) {
                awaitDrain();
            }
        }
    }

    /** The log is complete after {@code lastLine}. A viewer not live now sees that when it has caught up. */
    void logEnded(long lastLine) {
        if (state != State.LIVE) {
            return;
        }
        if (cursor >= lastLine) {
            end();
        } else {
            catchUp();
        }
    }

    void heartbeat(LogBatch beat) {
        if (state == State.LIVE) {
            send(beat);
        }
    }

    private void catchUp() {
        state = State.CATCHING_UP;
        List<LogLine> kept = feed.recentAfter(cursor);
        if (kept != null) {
            caughtUp(kept, false);
            return;
        }
        long from = cursor;
        replays.submit(() -> feed.index().read(from, PAGE))
                .subscribe()
                .with(
                        page -> loop.execute(() -> caughtUp(page, page.size() == PAGE)),
                        failure -> loop.execute(() -> fail(failure)));
    }

    private void caughtUp(List<LogLine> page, boolean more) {
        if (state != State.CATCHING_UP) {
            return;
        }
        if (!page.isEmpty()) {
            if (!send(LogFrames.encode(page))) {
                return;
            }
            cursor = page.get(page.size() - 1).number();
        }
        if (sink.full()) {
            awaitDrain();
        } else if (!page.isEmpty() && (more || cursor < feed.lines())) {
            // An empty read short of the count (the file was cut or replaced) waits for the next batch, never spins.
            catchUp();
        } else if (feed.complete()) {
            end();
        } else {
            // Joined before this check: a batch read after it reaches this viewer, one read before it was seen here.
            state = State.LIVE;
        }
    }

    private void awaitDrain() {
        state = State.WAITING;
        sink.onDrain(() -> {
            if (state == State.WAITING) {
                catchUp();
            }
        });
    }

    private boolean send(LogBatch batch) {
        return sink.write(batch) || gone();
    }

    private boolean push(LogBatch batch) {
        return sink.push(batch) || gone();
    }

    private boolean gone() {
        state = State.ENDED;
        feed.left();
        return false;
    }

    private void end() {
        state = State.ENDED;
        feed.left();
        sink.end();
    }

    private void fail(Throwable failure) {
        if (state == State.ENDED) {
            return;
        }
        LOG.debugf("job=%s log stream failed: %s", feed.job(), failure.getMessage());
        state = State.ENDED;
        feed.left();
        sink.fail(failure);
    }
}
