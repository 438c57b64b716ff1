package io.ainfinity.task;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The names the training payload ({@code train/}) lets a launch choose, read from its files: the top-level Hydra
 * configs and the model and dataset configs under {@code ainfinity_train/conf/}, and the accelerate configs under
 * {@code accelerate/} with their {@code distributed_type}. Pure apart from reading that directory.
 *
 * @param accelerateConfigs file name → {@code distributed_type} ({@code DEEPSPEED}, {@code FSDP}, ...)
 * @param options the keys {@code training.extra_args} may set ({@code ainfinity_train/options.yaml}), by key; none
 *     when the file is missing
 */
public record PayloadConfigs(
        List<String> configFiles,
        List<String> models,
        List<String> datasets,
        Map<String, String> accelerateConfigs,
        Map<String, OptionRule> options) {

    /** The payload's own rule for config names ({@code request.NAME_PATTERN}). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]*");

    /** Hydra's "mandatory, no default" marker. */
    private static final String MISSING = "???";

    public PayloadConfigs {
        configFiles = List.copyOf(configFiles);
        models = List.copyOf(models);
        datasets = List.copyOf(datasets);
        accelerateConfigs = Map.copyOf(accelerateConfigs);
        options = Collections.unmodifiableMap(new TreeMap<>(options));
    }

    public static PayloadConfigs load(Path payloadDir) {
        Path conf = payloadDir.resolve("ainfinity_train").resolve("conf");
        if (!Files.isDirectory(conf)) {
            throw new TemplateException("training payload configs '%s' do not exist (set ainfinity.payload.dir)"
                    .formatted(conf.toAbsolutePath()));
        }
        Map<String, String> accelerate = new TreeMap<>();
        for (Path file : yamlFiles(payloadDir.resolve("accelerate"))) {
            Object type = read(file).get("distributed_type");
            accelerate.put(file.getFileName().toString(), type == null ? "NO" : String.valueOf(type));
        }
        return new PayloadConfigs(
                names(conf, config -> true),
                names(conf.resolve("model"), config -> true),
                // A dataset config with a mandatory value (local_file's path) is chosen by giving a path, not its name.
                names(conf.resolve("dataset"), config -> !read(config).containsValue(MISSING)),
                accelerate,
                options(payloadDir.resolve("ainfinity_train").resolve("options.yaml")));
    }

    private static Map<String, OptionRule> options(Path file) {
        Map<String, OptionRule> rules = new TreeMap<>();
        if (!Files.isRegularFile(file)) {
            return rules;
        }
        read(file).forEach((key, value) -> {
            if (!(value instanceof Map<?, ?> rule)) {
                throw new TemplateException("training option '%s' in %s has no rule".formatted(key, file));
            }
            try {
                rules.put(String.valueOf(key), rule(String.valueOf(key), rule));
            } catch (IllegalArgumentException e) {
                throw new TemplateException("training option '%s' in %s: %s".formatted(key, file, e.getMessage()), e);
            }
        });
        return rules;
    }

    private static OptionRule rule(String key, Map<?, ?> rule) {
        Object values = rule.get("values");
        return new OptionRule(
                key,
                String.valueOf(rule.get("type")),
                decimal(rule.get("min")),
                decimal(rule.get("max")),
                decimal(rule.get("gt")),
                values instanceof List<?> list
                        ? list.stream().map(String::valueOf).toList()
                        : List.of(),
                Boolean.TRUE.equals(rule.get("nullable")));
    }

    private static BigDecimal decimal(Object number) {
        return number == null ? null : new BigDecimal(String.valueOf(number));
    }

    /** The accelerate configs of one {@code distributed_type}, sorted. */
    public List<String> accelerateConfigsOfType(String distributedType) {
        return accelerateConfigs.entrySet().stream()
                .filter(e -> e.getValue().equals(distributedType))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    private static List<String> names(Path dir, Predicate<Path> choosable) {
        return yamlFiles(dir).stream()
                .filter(choosable)
                .map(file -> stem(file.getFileName().toString()))
                .filter(name -> NAME.matcher(name).matches())
                .sorted()
                .toList();
    }

    private static List<Path> yamlFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static Map<?, ?> read(Path file) {
        try {
            Object root = new Yaml(new SafeConstructor(new LoaderOptions()))
                    .load(Files.readString(file, StandardCharsets.UTF_8));
            return root instanceof Map<?, ?> map ? map : Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (YAMLException e) {
            throw new TemplateException("training payload config '%s' is not valid YAML".formatted(file), e);
        }
    }

    private static String stem(String fileName) {
        return fileName.substring(0, fileName.length() - ".yaml".length());
    }
}
