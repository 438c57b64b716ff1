package io.ainfinity.security.ratelimit;

import java.time.Duration;
import java.util.Map;
import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.quarkus.runtime.annotations.RegisterForReflection;

import io.ainfinity.config.AinfinityConfig;

/**
 * Token buckets per caller and budget (Bucket4j), held in a Caffeine cache: callers do not wait for one another (no
 * lock shared by all requests), and the cache is bounded in size, so a flood of distinct callers (or spoofed addresses)
 * costs bounded memory. A bucket unused for the time it takes to refill is full anyway and is dropped; a caller evicted
 * for room simply starts with a full bucket.
 */
// Caffeine loads a generated class for each combination of cache features by reflection: this cache (size bound, expiry
// after access) is SSMSA with PSAMS nodes, which quarkus-caffeine does not register; without them the native binary's
// first request fails.
@RegisterForReflection(
        classNames = {"com.github.benmanes.caffeine.cache.SSMSA", "com.github.benmanes.caffeine.cache.PSAMS"})
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
    /** The time an empty bucket takes to fill up again. */
    private static final Duration REFILL = Duration.ofMinutes(1);

    private final boolean enabled;
    private final Map<Budget, Long> perMinute;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(MAX_CALLERS)
            .expireAfterAccess(REFILL)
            .build();

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
        return buckets.get(
                budget + "|" + caller,
                k -> Bucket.builder()
                        .addLimit(Bandwidth.builder()
                                .capacity(limit)
                                .refillGreedy(limit, REFILL)
                                .build())
                        .build());
    }
}
