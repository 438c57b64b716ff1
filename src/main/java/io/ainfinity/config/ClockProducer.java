package io.ainfinity.config;

import java.time.Clock;
import java.time.Duration;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The clock every timestamp comes from, so the core can be tested with a fixed one. */
public class ClockProducer {

    @Produces
    @Singleton
    Clock clock() {
        // Millisecond ticks: what the store keeps, so a job reads back exactly as it was written.
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }
}
