package io.ainfinity.skypilot;

import java.time.Duration;
import java.time.Instant;

/**
 * When the next reconcile cycle is due: every {@code interval}, or every {@code fast} for {@code window} after a
 * launch or a stop, when users are waiting to see the job move.
 */
public final class ReconcilePacer {

    private final Duration interval;
    private final Duration fast;
    private final Duration window;
    private Instant lastRun;
    private Instant fastUntil = Instant.MIN;

    public ReconcilePacer(Duration interval, Duration fast, Duration window) {
        this.interval = interval;
        this.fast = fast;
        this.window = window;
    }

    /** True (and the cycle counted as started) when a cycle is due at {@code now}. */
    public synchronized boolean startIfDue(Instant now) {
        Duration gap = now.isBefore(fastUntil) ? fast : interval;
        if (lastRun != null && now.isBefore(lastRun.plus(gap))) {
            return false;
        }
        lastRun = now;
        return true;
    }

    public synchronized void hurry(Instant now) {
        Instant until = now.plus(window);
        if (until.isAfter(fastUntil)) {
            fastUntil = until;
        }
    }
}
