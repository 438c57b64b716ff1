package io.ainfinity.security.keys;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * In the {@code local} and {@code dev} profiles, and only when no verification key is configured, points token
 * verification and signing at a key pair kept in the data directory. Its ordinal is below application.properties and
 * the environment, so configured keys always win; in every other profile it supplies nothing.
 */
public final class LocalKeysConfigSourceFactory implements ConfigSourceFactory {

    /** Set to true when the keys in use are the generated local ones. */
    public static final String GENERATED = "ainfinity.security.generated-keys";

    private static final Set<String> LOCAL_PROFILES = Set.of("local", "dev");
    private static final int ORDINAL = 200;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        boolean local = context.getProfiles().stream().anyMatch(LOCAL_PROFILES::contains);
        if (!local || isSet(context, "mp.jwt.verify.publickey.location") || isSet(context, "mp.jwt.verify.publickey")) {
            return List.of();
        }
        ConfigValue dataDir = context.getValue("ainfinity.data-dir");
        Path dir = LocalKeys.ensure(Path.of(isSet(dataDir) ? dataDir.getValue() : "data"));
        Map<String, String> values = Map.of(
                "mp.jwt.verify.publickey.location",
                dir.resolve(LocalKeys.PUBLIC).toString(),
                "smallrye.jwt.sign.key.location",
                dir.resolve(LocalKeys.PRIVATE).toString(),
                GENERATED,
                "true");
        return List.of(new MapBackedConfigSource("ainfinity-local-keys", values, ORDINAL) {});
    }

    private static boolean isSet(ConfigSourceContext context, String name) {
        return isSet(context.getValue(name));
    }

    private static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }
}
