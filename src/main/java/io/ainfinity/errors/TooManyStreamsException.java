package io.ainfinity.errors;

import java.time.Duration;

/** A caller already holds as many open streams as it may. Answered as 429 with Retry-After. */
public final class TooManyStreamsException extends RuntimeException {

    /** Streams end when their clients leave; a retry a little later usually finds a slot. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(10);

    public TooManyStreamsException(int max) {
        super("this caller already holds %d open streams, the most it may; close one or retry later".formatted(max));
    }
}
