package io.ainfinity.security.ratelimit;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import jakarta.enterprise.context.ApplicationScoped;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import io.ainfinity.config.AinfinityConfig;

/**
 * Token buckets per caller and budget (Bucket4j). The map of buckets is an LRU bounded in size, so a flood of
 * distinct callers (or spoofed addresses) costs bounded memory; an evicted caller simply starts with a full bucket.
 */
@ApplicationScoped
public class RateLimiter {

    /**
     * The separate budgets: launches are expensive, everything else is a read or a cheap write; requests without valid
     * credentials draw on their client address's own budget.
     */
    public enum Budget {
        LAUNCH,
        READ,
        UNAUTHENTICATED
    }

    /** The answer for one request: whether it may proceed, and what the headers report. */
    public record Decision(boolean allowed, long limit, long remaining, Duration retryAfter) {}

    private static final int MAX_CALLERS = 100_000;

    private final boolean enabled;
    private final Map<Budget, Long> perMinute;
    private final Map<String, Bucket> buckets = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_CALLERS;
        }
    });

    public RateLimiter(AinfinityConfig config) {
        this.enabled = config.rateLimit().enabled();
        this.perMinute = Map.of(
                Budget.LAUNCH, config.rateLimit().launchesPerMinute(),
                Budget.READ, config.rateLimit().readsPerMinute(),
                Budget.UNAUTHENTICATED, config.rateLimit().unauthenticatedPerMinute());
    }

    public boolean enabled() {
        return enabled;
    }

    public Decision consume(String caller, Budget budget) {
        ConsumptionProbe probe = bucket(caller, budget).tryConsumeAndReturnRemaining(1);
        Duration wait = Duration.ofNanos(probe.getNanosToWaitForRefill());
        return new Decision(probe.isConsumed(), perMinute.get(budget), probe.getRemainingTokens(), wait);
    }

    /** How long {@code caller} must wait before its {@code budget} has a token again; zero when it has one now. */
    public Duration waitFor(String caller, Budget budget) {
        Bucket bucket = bucket(caller, budget);
        return bucket.getAvailableTokens() > 0
                ? Duration.ZERO
                : Duration.ofNanos(bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill());
    }

    private Bucket bucket(String caller, Budget budget) {
        long limit = perMinute.get(budget);
        return buckets.computeIfAbsent(
                budget + "|" + caller,
                k -> Bucket.builder()
                        .addLimit(Bandwidth.builder()
                                .capacity(limit)
                                .refillGreedy(limit, Duration.ofMinutes(1))
                                .build())
                        .build());
    }
}
