package io.ainfinity.template;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.ainfinity.job.InvalidRequestException.Violation;
import io.ainfinity.job.Training;
import io.ainfinity.skypilot.task.TaskRenderer;
import io.ainfinity.skypilot.task.TaskSpec;
import io.ainfinity.skypilot.task.TemplateException;

/**
 * What one task template accepts in a launch's {@code training} options. A template runs the training payload when it
 * declares the {@value TaskRenderer#ACCELERATE_CONFIG_ENV} env: its value is the template's default accelerate
 * config, and the template accepts the payload's accelerate configs of the same {@code distributed_type} (a DeepSpeed
 * template takes DeepSpeed configs, an FSDP template FSDP ones). Other templates ignore training options. Pure.
 *
 * @param training whether the template runs the payload; when false every list is empty
 * @param defaultAccelerateConfig used when a launch names none; null when {@code training} is false
 */
public record TemplateOptions(
        String name,
        boolean training,
        List<String> configFiles,
        List<String> models,
        List<String> datasets,
        List<String> datasetSuffixes,
        List<String> accelerateConfigs,
        String defaultAccelerateConfig) {

    /** Dataset files the payload reads when {@code dataset} is a path instead of a config name. */
    public static final List<String> DATASET_SUFFIXES = List.of(".jsonl", ".json", ".parquet");

    public TemplateOptions {
        configFiles = List.copyOf(configFiles);
        models = List.copyOf(models);
        datasets = List.copyOf(datasets);
        datasetSuffixes = List.copyOf(datasetSuffixes);
        accelerateConfigs = List.copyOf(accelerateConfigs);
    }

    public static TemplateOptions of(String name, TaskSpec template, PayloadConfigs payload) {
        String accelerate = template.envs().get(TaskRenderer.ACCELERATE_CONFIG_ENV);
        if (accelerate == null) {
            return new TemplateOptions(name, false, List.of(), List.of(), List.of(), List.of(), List.of(), null);
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
                accelerate);
    }

    /** The options of every template, by name in order. */
    public static Map<String, TemplateOptions> all(Map<String, TaskSpec> templates, PayloadConfigs payload) {
        Map<String, TemplateOptions> result = new TreeMap<>();
        templates.forEach((name, task) -> result.put(name, of(name, task, payload)));
        return Collections.unmodifiableMap(result);
    }

    /**
     * The accelerate config a launch of {@code template} gets when it names none: the template's own default, or, for
     * a template that ignores it, the earlier service's default, which job_info has always shown.
     */
    public static String launchDefault(Map<String, TemplateOptions> options, String template) {
        TemplateOptions found = template == null ? null : options.get(template);
        return found == null || found.defaultAccelerateConfig() == null
                ? Training.DEFAULT_ACCELERATE_CONFIG
                : found.defaultAccelerateConfig();
    }

    /** The training options this template cannot run, each naming its field; empty when it ignores them. */
    public List<Violation> check(Training t) {
        List<Violation> violations = new ArrayList<>();
        if (!training || t == null) {
            return violations;
        }
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
