package io.ainfinity.job.logs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.smallrye.mutiny.Uni;

import io.ainfinity.logs.LogUpstream;

/**
 * The one follower of a job's log, shared by all its subscribers: it reads what the log file gained since the last
 * poll and publishes the new lines, numbered and encoded once as a {@link LogBatch}; once the job has ended, its upstream
 * has stopped writing and the file is drained, it publishes the end. Subscribers replay from the file through the same
 * {@link LogIndex}, so numbering never differs; the last few lines are also kept here, so that the many subscribers
 * that open with a short tail or resume from near the end do not each read the file.
 */
final class LogFeed {

    /** Where a feed publishes. Called on the thread that polls, in order. */
    interface Listener {
        void lines(LogBatch batch);

        /** The log is complete: {@code lastLine} is its last line. */
        void ended(long lastLine);
    }

    /** Lines kept in memory for subscribers that start near the end of the log. */
    static final int RECENT = 256;

    private static final long READ_BUDGET = 4L * 1024 * 1024;
    /**
     * How long an upstream may go on writing after its job ended. A SkyPilot follower copies the last lines a moment
     * after the job's end is known and then exits; one still running this long after is stuck, not behind.
     */
    private static final long DRAIN_WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final String job;
    private final Path file;
    private final LogIndex index;
    private final Listener listener;
    private final LogFanout fanout;
    /** The last {@value #RECENT} lines at most, replaced (never changed) at each poll that read some. */
    private volatile List<LogLine> recent = List.of();

    private final AtomicInteger subscribers = new AtomicInteger();
    private volatile long endedAt;
    private volatile boolean jobEnded;
    private volatile boolean complete;
    /** Set once a first poll has counted what the log already held: only then can a tail be counted back. */
    private volatile boolean indexed;

    private Uni<LogFeed> firstCount;
    private volatile boolean firstCountFailed;

    private volatile long idleSince = System.nanoTime();
    private volatile LogUpstream upstream;

    LogFeed(String job, Path file) {
        this(job, file, new LogFanout());
    }

    /** A feed that publishes to {@code listener} only: it has no viewers. */
    LogFeed(String job, Path file, Listener listener) {
        this.job = job;
        this.file = file;
        this.index = new LogIndex(file);
        this.listener = listener;
        this.fanout = listener instanceof LogFanout viewers ? viewers : null;
    }

    /** The feed's viewers, grouped by event loop. */
    LogFanout fanout() {
        return fanout;
    }

    String job() {
        return job;
    }

    Path file() {
        return file;
    }

    /**
     * The lines after {@code cursor} from memory, or null when some of them are no longer kept there (read the file).
     */
    List<LogLine> recentAfter(long cursor) {
        List<LogLine> kept = recent;
        long known = index.lines();
        if (cursor >= known) {
            return List.of();
        }
        if (kept.isEmpty()
                || cursor < kept.get(0).number() - 1
                || kept.get(kept.size() - 1).number() < known) {
            return null;
        }
        return kept.subList((int) (cursor - kept.get(0).number() + 1), kept.size());
    }

    LogIndex index() {
        return index;
    }

    long lines() {
        return index.lines();
    }

    boolean complete() {
        return complete;
    }

    void jobEnded() {
        if (!jobEnded) {
            endedAt = System.nanoTime();
            jobEnded = true;
        }
    }

    boolean hasUpstream() {
        return upstream != null;
    }

    void upstream(LogUpstream started) {
        upstream = started;
    }

    /** Stops the upstream (a follower process), if the feed started one. */
    void close() {
        LogUpstream current = upstream;
        upstream = null;
        if (current != null) {
            try {
                current.close();
            } catch (RuntimeException e) {
                // Best effort: a follower that cannot be stopped ends with its job anyway.
            }
        }
    }

    /** Reads and publishes new lines; once the job ended and nothing writes the file, drains it and publishes the end. */
    synchronized void poll() throws IOException {
        if (complete) {
            return;
        }
        boolean ended = jobEnded && !upstreamWriting();
        List<LogLine> lines = index.advance(READ_BUDGET, ended);
        if (!lines.isEmpty()) {
            keep(lines);
            listener.lines(LogFrames.encode(lines));
        }
        indexed = true;
        if (ended && lines.isEmpty()) {
            // Nothing was left to read after the job ended: the log is complete.
            complete = true;
            listener.ended(index.lines());
        }
    }

    private void keep(List<LogLine> lines) {
        List<LogLine> kept = new ArrayList<>(recent);
        kept.addAll(lines);
        int from = Math.max(0, kept.size() - RECENT);
        recent = List.copyOf(kept.subList(from, kept.size()));
    }

    boolean indexed() {
        return indexed;
    }

    /**
     * The feed once its first poll has counted the lines the log already holds. Every subscriber arriving meanwhile
     * waits for that one read, instead of queueing a read of its own (a burst of thousands would fill the pool); a
     * count that failed (the pool was full) is tried again by the next subscriber.
     */
    synchronized Uni<LogFeed> firstCount(LogReplays replays) {
        if (firstCount == null || firstCountFailed) {
            firstCountFailed = false;
            firstCount = replays.submit(() -> {
                        poll();
                        return this;
                    })
                    .onFailure()
                    .invoke(failure -> firstCountFailed = true)
                    .memoize()
                    .indefinitely();
        }
        return firstCount;
    }

    private boolean upstreamWriting() {
        LogUpstream current = upstream;
        return current != null && current.writing() && System.nanoTime() - endedAt < DRAIN_WAIT_NANOS;
    }

    void subscribed() {
        subscribers.incrementAndGet();
    }

    void left() {
        if (subscribers.decrementAndGet() == 0) {
            idleSince = System.nanoTime();
        }
    }

    /** True when nobody has been subscribed for {@code graceNanos}. */
    boolean idleFor(long graceNanos) {
        return subscribers.get() == 0 && System.nanoTime() - idleSince > graceNanos;
    }
}
