package io.ainfinity.metrics;

import java.lang.reflect.Field;
import java.util.Set;
import java.util.stream.Stream;

import com.github.benmanes.caffeine.cache.Cache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.caffeine.runtime.graal.CacheConstructorsFeature;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MeteredCachesTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void keepsAtMostItsMaximumAndMetersSizeHitsMissesAndEvictions() {
        Cache<String, Integer> cache = MeteredCaches.bounded("test.bounded", 3, registry);

        for (int i = 0; i < 10; i++) {
            cache.put("key" + i, i);
        }
        cache.cleanUp();
        String kept = cache.asMap().keySet().iterator().next();
        assertThat(cache.getIfPresent(kept)).isNotNull();
        assertThat(cache.get("absent", key -> 42)).isEqualTo(42);
        cache.cleanUp();

        assertThat(cache.estimatedSize()).isLessThanOrEqualTo(3);
        assertThat(gets("hit")).isEqualTo(1.0);
        assertThat(gets("miss")).isEqualTo(1.0);
        assertThat(registry.get("cache.size")
                        .tag("cache", "test.bounded")
                        .gauge()
                        .value())
                .isEqualTo(cache.estimatedSize());
        assertThat(registry.get("cache.evictions")
                        .tag("cache", "test.bounded")
                        .functionCounter()
                        .count())
                .isGreaterThanOrEqualTo(8.0);
    }

    /**
     * Caffeine loads a class generated for each combination of cache features by reflection; a native image has only
     * those quarkus-caffeine registers: the common ones, and those recording statistics when Micrometer is present.
     */
    @Test
    void itsGeneratedClassesAreAmongThoseRegisteredForTheNativeImage() throws ReflectiveOperationException {
        Cache<String, String> cache = MeteredCaches.bounded("test.native", 10, registry);
        Set<String> registered = Set.copyOf(Stream.concat(
                        Stream.of(CacheConstructorsFeature.typesNeedingConstructorsRegistered()),
                        Stream.of(CacheConstructorsFeature.typesNeedingConstructorsRegisteredWhenRecordingStats()))
                .toList());

        Object local = field(cache, "cache");
        Object nodes = field(local, "nodeFactory");

        assertThat(registered)
                .contains(local.getClass().getName(), nodes.getClass().getName());
    }

    private double gets(String result) {
        return registry.get("cache.gets")
                .tag("cache", "test.bounded")
                .tag("result", result)
                .functionCounter()
                .count();
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        for (Class<?> type = owner.getClass(); type != null; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (field.getName().equals(name)) {
                    field.setAccessible(true);
                    return field.get(owner);
                }
            }
        }
        throw new NoSuchFieldException(owner.getClass().getName() + "." + name);
    }
}
