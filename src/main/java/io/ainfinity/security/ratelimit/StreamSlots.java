package io.ainfinity.security.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;

import io.ainfinity.config.AinfinityConfig;
import io.ainfinity.errors.TooManyStreamsException;
import io.ainfinity.metrics.Meters;

/**
 * Caps the event and log streams one caller holds open at once ({@code ainfinity.events.max-streams-per-caller}): a
 * stream costs memory and a place in every fan-out for as long as it lasts, so one token could otherwise hold
 * thousands. A stream over the cap is refused before it opens; a slot is given back when its stream ends, however it
 * ends.
 */
@ApplicationScoped
public class StreamSlots {

    private final int max;
    private final Meters meters;
    private final Map<String, Integer> open = new ConcurrentHashMap<>();

    public StreamSlots(AinfinityConfig config, Meters meters) {
        this.max = config.events().maxStreamsPerCaller();
        this.meters = meters;
    }

    /**
     * {@code stream}, holding one of {@code subject}'s slots until it terminates.
     *
     * @throws TooManyStreamsException when the subject holds its maximum already
     */
    public <T> Multi<T> hold(String subject, Multi<T> stream) {
        boolean[] granted = {false};
        open.compute(subject, (key, count) -> {
            int now = count == null ? 0 : count;
            if (now >= max) {
                return count;
            }
            granted[0] = true;
            return now + 1;
        });
        if (!granted[0]) {
            meters.rateLimited("streams");
            throw new TooManyStreamsException(max);
        }
        AtomicBoolean released = new AtomicBoolean();
        return stream.onTermination().invoke(() -> {
            if (released.compareAndSet(false, true)) {
                open.computeIfPresent(subject, (key, count) -> count <= 1 ? null : count - 1);
            }
        });
    }

    /** Streams {@code subject} holds open now. */
    public int held(String subject) {
        return open.getOrDefault(subject, 0);
    }
}
