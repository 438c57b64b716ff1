package io.ainfinity.task;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.ainfinity.errors.InvalidRequestException.Violation;

/**
 * What one task template accepts in a launch's {@code training} options. A template runs the training payload when it
 * declares the {@value TaskRenderer#ACCELERATE_CONFIG_ENV} env: its value is the template's default accelerate
 * config, and the template accepts the payload's accelerate configs of the same {@code distributed_type} (a DeepSpeed
 * template takes DeepSpeed configs, an FSDP template FSDP ones). Other templates ignore training options. Pure.
 *
 * @param training whether the template runs the payload; when false every list is empty
 * @param defaultAccelerateConfig used when a launch names none; null when {@code training} is false
 * @param extraArgs what {@code training.extra_args} may set, by key
 */
public record TemplateOptions(
        String name,
        boolean training,
        List<String> configFiles,
        List<String> models,
        List<String> datasets,
        List<String> datasetSuffixes,
        List<String> accelerateConfigs,
        String defaultAccelerateConfig,
        Map<String, OptionRule> extraArgs) {

    /** The one option that loads code, accepted only for the models an operator named. */
    public static final String REMOTE_CODE = "model.trust_remote_code";

    public static final String MODEL_PATH = "model.name_or_path";

    /** Dataset files the payload reads when {@code dataset} is a path instead of a config name. */
    public static final List<String> DATASET_SUFFIXES = List.of(".jsonl", ".json", ".parquet");

    public TemplateOptions {
        configFiles = List.copyOf(configFiles);
        models = List.copyOf(models);
        datasets = List.copyOf(datasets);
        datasetSuffixes = List.copyOf(datasetSuffixes);
        accelerateConfigs = List.copyOf(accelerateConfigs);
        extraArgs = Collections.unmodifiableMap(new TreeMap<>(extraArgs));
    }

    public static TemplateOptions of(String name, TaskSpec template, PayloadConfigs payload) {
        String accelerate = template.envs().get(TaskRenderer.ACCELERATE_CONFIG_ENV);
        if (accelerate == null) {
            return new TemplateOptions(
                    name, false, List.of(), List.of(), List.of(), List.of(), List.of(), null, Map.of());
        }
        String type = payload.accelerateConfigs().get(accelerate);
        if (type == null) {
            throw new TemplateException(
                    "template '%s' launches with accelerate config '%s', which the training payload lacks (has: %s)"
                            .formatted(
                                    name,
                                    accelerate,
                                    payload.accelerateConfigs().keySet()));
        }
        return new TemplateOptions(
                name,
                true,
                payload.configFiles(),
                payload.models(),
                payload.datasets(),
                DATASET_SUFFIXES,
                payload.accelerateConfigsOfType(type),
                accelerate,
                payload.options());
    }

    /** The options of every template, by name in order. */
    public static Map<String, TemplateOptions> all(Map<String, TaskSpec> templates, PayloadConfigs payload) {
        Map<String, TemplateOptions> result = new TreeMap<>();
        templates.forEach((name, task) -> result.put(name, of(name, task, payload)));
        return Collections.unmodifiableMap(result);
    }

    /** Template → the accelerate config a launch of it gets when it names none, for templates that have one. */
    public static Map<String, String> accelerateDefaults(Collection<TemplateOptions> all) {
        Map<String, String> defaults = new TreeMap<>();
        all.stream()
                .filter(o -> o.defaultAccelerateConfig() != null)
                .forEach(o -> defaults.put(o.name(), o.defaultAccelerateConfig()));
        return defaults;
    }

    /**
     * Accelerate config → the template that accepts it, so that a launch naming only its accelerate config (as the
     * earlier service's clients do) gets the template it belongs to. A config several templates accept names none.
     */
    public static Map<String, String> templatesByAccelerateConfig(Collection<TemplateOptions> all) {
        Map<String, List<String>> owners = new TreeMap<>();
        all.forEach(o -> o.accelerateConfigs()
                .forEach(config ->
                        owners.computeIfAbsent(config, k -> new ArrayList<>()).add(o.name())));
        Map<String, String> unique = new TreeMap<>();
        owners.forEach((config, names) -> {
            if (names.size() == 1) {
                unique.put(config, names.get(0));
            }
        });
        return unique;
    }

    /**
     * The training options this template cannot run, each naming its field; empty when it ignores them.
     *
     * @param remoteCodeModels the models whose own code a launch may run ({@value #REMOTE_CODE})
     */
    public List<Violation> check(Training t, Set<String> remoteCodeModels) {
        List<Violation> violations = new ArrayList<>();
        if (!training || t == null) {
            return violations;
        }
        t.extraArgs().forEach((key, value) -> checkExtraArg(violations, key, value, t.extraArgs(), remoteCodeModels));
        checkName(violations, "training.config_file", "config", t.configFile(), configFiles);
        checkName(violations, "training.model", "model", t.model(), models);
        if (t.dataset() != null && !isDatasetFile(t.dataset())) {
            String accepted = "%s, or a path ending in %s"
                    .formatted(String.join(", ", datasets), String.join(", ", datasetSuffixes));
            checkName(violations, "training.dataset", "dataset", t.dataset(), datasets, accepted);
        }
        checkName(
                violations, "training.accelerate_config", "accelerate config", t.accelerateConfig(), accelerateConfigs);
        return violations;
    }

    private void checkExtraArg(
            List<Violation> out, String key, String value, Map<String, String> all, Set<String> remoteCodeModels) {
        String field = "training.extra_args." + key;
        if (REMOTE_CODE.equals(key)) {
            checkRemoteCode(out, field, value, all.get(MODEL_PATH), remoteCodeModels);
            return;
        }
        OptionRule rule = extraArgs.get(key);
        if (rule == null) {
            out.add(new Violation(field, notAccepted(key)));
            return;
        }
        rule.check(value).ifPresent(why -> out.add(new Violation(field, why)));
    }

    /** Names the accepted keys of the key's own group (there are dozens in all); GET /templates lists every one. */
    private String notAccepted(String key) {
        String group = key.contains(".") ? key.substring(0, key.indexOf('.') + 1) : key;
        List<String> siblings =
                extraArgs.keySet().stream().filter(k -> k.startsWith(group)).toList();
        String accepted = siblings.isEmpty()
                ? "groups "
                        + extraArgs.keySet().stream()
                                .map(k -> k.substring(0, k.indexOf('.') + 1) + "*")
                                .distinct()
                                .toList()
                : String.join(", ", siblings);
        return "not an accepted training option for template '%s'; accepted: %s (all: GET /api/v1/templates)"
                .formatted(name, accepted);
    }

    private static void checkRemoteCode(
            List<Violation> out, String field, String value, String model, Set<String> remoteCodeModels) {
        if ("false".equalsIgnoreCase(value)) {
            return;
        }
        if (!"true".equalsIgnoreCase(value)) {
            out.add(new Violation(field, "must be true or false"));
        } else if (model == null || !remoteCodeModels.contains(model)) {
            out.add(new Violation(
                    field,
                    "runs the model's own code on the machine; allowed only with %s naming one of the models this"
                                    .formatted(MODEL_PATH)
                            + " service trusts (ainfinity.jobs.remote-code-models): "
                            + (remoteCodeModels.isEmpty()
                                    ? "none"
                                    : String.join(", ", new TreeSet<>(remoteCodeModels)))));
        }
    }

    private boolean isDatasetFile(String dataset) {
        String lower = dataset.toLowerCase(Locale.ROOT);
        return datasetSuffixes.stream().anyMatch(lower::endsWith);
    }

    private void checkName(List<Violation> out, String field, String what, String value, List<String> accepted) {
        checkName(out, field, what, value, accepted, String.join(", ", accepted));
    }

    private void checkName(
            List<Violation> out, String field, String what, String value, List<String> accepted, String shown) {
        if (value != null && !accepted.contains(value)) {
            out.add(new Violation(
                    field, "unknown %s '%s' for template '%s'; accepted: %s".formatted(what, value, name, shown)));
        }
    }
}
