package io.ainfinity.skypilot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.ainfinity.config.AinfinityConfig;

/**
 * How the service runs {@code sky}, resolved once from configuration and the service's environment.
 *
 * @param env added to every {@code sky} process's environment (usage collection off, API server endpoint and token)
 * @param secrets the configured secret names that have a value in the service's environment, with those values:
 *     handed to launches as {@code --secret NAME} plus the value in the child's environment, and redacted from
 *     anything {@code sky} prints
 * @param missingSecrets configured secret names the service's environment does not set (left out of launches)
 */
public record SkySettings(
        String cli,
        Map<String, String> env,
        Map<String, String> secrets,
        List<String> missingSecrets,
        int idleMinutesToDown,
        Duration launchTimeout,
        Duration downTimeout,
        Duration readTimeout,
        String pinnedVersion) {

    /** Where {@code scripts/setup-sky.sh} installs the pinned CLI, relative to the working directory. */
    public static final Path PROJECT_VENV_SKY = Path.of(".venv", "bin", "sky");

    public SkySettings {
        env = Map.copyOf(env);
        secrets = Map.copyOf(secrets);
        missingSecrets = List.copyOf(missingSecrets);
    }

    public static SkySettings from(AinfinityConfig.Skypilot config, Map<String, String> environment) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SKYPILOT_DISABLE_USAGE_COLLECTION", "1");
        config.apiServerEndpoint().ifPresent(v -> env.put("SKYPILOT_API_SERVER_ENDPOINT", v));
        config.serviceAccountToken().ifPresent(v -> env.put("SKYPILOT_SERVICE_ACCOUNT_TOKEN", v));
        Map<String, String> secrets = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String name : config.secrets().orElse(List.of())) {
            String value = environment.get(name.trim());
            if (value == null || value.isEmpty()) {
                missing.add(name.trim());
            } else {
                secrets.put(name.trim(), value);
            }
        }
        return new SkySettings(
                resolveCli(config.cli(), Path.of("")),
                env,
                secrets,
                missing,
                config.idleMinutesToDown(),
                config.launchTimeout(),
                config.downTimeout(),
                config.readTimeout(),
                config.version());
    }

    /** The configured CLI, else the project's venv CLI when installed, else {@code sky} from the PATH. */
    static String resolveCli(Optional<String> configured, Path workDir) {
        if (configured.isPresent() && !configured.get().isBlank()) {
            String cli = configured.get().trim();
            return cli.contains("/") ? workDir.resolve(cli).toAbsolutePath().toString() : cli;
        }
        Path venv = workDir.resolve(PROJECT_VENV_SKY).toAbsolutePath();
        return Files.isExecutable(venv) ? venv.toString() : "sky";
    }
}
