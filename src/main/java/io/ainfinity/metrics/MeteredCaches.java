package io.ainfinity.metrics;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * Size-bounded in-process caches whose size, hits, misses and evictions are meters ({@code cache_size},
 * {@code cache_gets_total}, ... tagged {@code cache=<name>}).
 *
 * <p>Bounded by entry count and recording statistics, nothing else: strong keys and values, no expiry, no removal
 * listener. Caffeine loads a generated class for each combination of features by reflection; this one is
 * {@code SSSMS} with {@code PSMS} nodes, which quarkus-caffeine registers for the native image (the statistics
 * variant because Micrometer is present). A cache with another feature needs another class registered.
 */
public final class MeteredCaches {

    private MeteredCaches() {}

    /**
     * A cache metered in the application's registry. The caches live in static fields, built when their class is first
     * used, with no bean at hand; the {@link MeterRegistry} Quarkus injects is this global registry.
     */
    public static <K, V> Cache<K, V> bounded(String name, long maximumSize) {
        return bounded(name, maximumSize, Metrics.globalRegistry);
    }

    static <K, V> Cache<K, V> bounded(String name, long maximumSize, MeterRegistry registry) {
        Cache<K, V> cache =
                Caffeine.newBuilder().maximumSize(maximumSize).recordStats().build();
        return CaffeineCacheMetrics.monitor(registry, cache, name);
    }
}
