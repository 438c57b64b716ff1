package io.ainfinity.config;

import java.util.List;
import java.util.Map;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns the single switch {@code ainfinity.store.kind} into the {@code active} flags of the two named datasources, so
 * that operators set one property instead of four and exactly one datasource (and its Flyway migration) is ever live.
 * Its ordinal sits above application.properties and below environment variables, so explicit flags still win.
 */
public final class StoreSelectionConfigSourceFactory implements ConfigSourceFactory {

    private static final int ORDINAL = 260;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue kind = context.getValue("ainfinity.store.kind");
        boolean postgres = kind != null
                && "postgresql".equalsIgnoreCase(String.valueOf(kind.getValue()).trim());
        Map<String, String> flags = Map.of(
                "quarkus.datasource.sqlite.active", String.valueOf(!postgres),
                "quarkus.datasource.postgresql.active", String.valueOf(postgres));
        return List.of(new MapBackedConfigSource("ainfinity-store-selection", flags, ORDINAL) {});
    }
}
