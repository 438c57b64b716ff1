package io.ainfinity.job.api;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.ainfinity.job.logs.LogFeeds;

/**
 * Refuses a {@link ReplaysLog} stream while the pool that replays logs is full: the failure is thrown here, before the
 * stream's status line, so the usual 503 problem with Retry-After answers it.
 */
public class LogCapacityFilter {

    private final LogFeeds logs;

    public LogCapacityFilter(LogFeeds logs) {
        this.logs = logs;
    }

    @ReplaysLog
    @ServerRequestFilter
    public void check() {
        logs.checkCapacity();
    }
}
