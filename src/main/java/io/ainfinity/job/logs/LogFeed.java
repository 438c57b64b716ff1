package io.ainfinity.job.logs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

import io.ainfinity.logs.LogUpstream;

/**
 * The one follower of a job's log, shared by all its subscribers: it reads what the log file gained since the last
 * poll and publishes the new lines, numbered; once the job has ended, its upstream has stopped writing and the file is
 * drained, it publishes the end marker. Subscribers replay from the file through the same {@link LogIndex}, so
 * numbering never differs.
 */
final class LogFeed {

    private static final long READ_BUDGET = 4L * 1024 * 1024;
    /**
     * How long an upstream may go on writing after its job ended. A SkyPilot follower copies the last lines a moment
     * after the job's end is known and then exits; one still running this long after is stuck, not behind.
     */
    private static final long DRAIN_WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final String job;
    private final Path file;
    private final LogIndex index;
    private final BroadcastProcessor<LogLine> processor = BroadcastProcessor.create();
    private final AtomicInteger subscribers = new AtomicInteger();
    private volatile long endedAt;
    private volatile boolean jobEnded;
    private volatile boolean complete;
    /** Set once a first poll has counted what the log already held: only then can a tail be counted back. */
    private volatile boolean indexed;

    private volatile long idleSince = System.nanoTime();
    private volatile LogUpstream upstream;

    LogFeed(String job, Path file) {
        this.job = job;
        this.file = file;
        this.index = new LogIndex(file);
    }

    String job() {
        return job;
    }

    Path file() {
        return file;
    }

    Multi<LogLine> live() {
        return processor;
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
        lines.forEach(processor::onNext);
        indexed = true;
        if (ended && lines.isEmpty()) {
            // Nothing was left to read after the job ended: the log is complete.
            complete = true;
            processor.onNext(LogLine.endAfter(index.lines()));
        }
    }

    boolean indexed() {
        return indexed;
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
