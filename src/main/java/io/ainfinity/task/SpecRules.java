package io.ainfinity.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import io.ainfinity.errors.InvalidRequestException.Violation;

/**
 * Rules on a launch that Bean Validation cannot express: which env variables it may set, label names, and no control
 * characters in any text that reaches a task (a newline or NUL there would forge log lines or break the task's
 * environment). Pure; every broken rule is reported, each with the field it concerns.
 */
public final class SpecRules {

    /** SkyPilot's cluster-name rule, which job names follow because a job's cluster carries its name. */
    public static final String JOB_NAME_REGEX = "[a-zA-Z]([-_.a-zA-Z0-9]*[a-zA-Z0-9])?";

    public static final String ENV_NAME_REGEX = "[A-Za-z_][A-Za-z0-9_]{0,127}";
    /** Env names the service sets itself. */
    public static final String RESERVED_ENV_REGEX = "(AINFINITY_|SKYPILOT_).*";

    public static final String LABEL_KEY_REGEX = "[A-Za-z0-9]([A-Za-z0-9_./-]{0,61}[A-Za-z0-9])?";
    public static final String LABEL_VALUE_REGEX = "[A-Za-z0-9_./:@+-]{0,128}";
    public static final String EXTRA_ARG_KEY_REGEX = "[a-zA-Z_][a-zA-Z0-9_.]*";
    public static final int MAX_ENTRIES = 64;
    public static final int MAX_ENV_VALUE = 4096;

    private static final Pattern ENV_NAME = Pattern.compile(ENV_NAME_REGEX);
    private static final Pattern RESERVED_ENV = Pattern.compile(RESERVED_ENV_REGEX);
    private static final Pattern LABEL_KEY = Pattern.compile(LABEL_KEY_REGEX);
    private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_REGEX);

    private SpecRules() {}

    /**
     * @param envs which env names a launch may set
     * @param declaredEnvs the env names the launch's template declares
     */
    public static List<Violation> check(JobSpec spec, EnvPolicy envs, Set<String> declaredEnvs) {
        List<Violation> violations = new ArrayList<>();
        checkEnvs(spec.envs(), envs, declaredEnvs, violations);
        checkLabels(spec.labels(), violations);
        spec.training().extraArgs().keySet().stream()
                .filter(key -> !key.matches(EXTRA_ARG_KEY_REGEX))
                .forEach(key -> violations.add(new Violation(
                        "training.extra_args." + key, "keys must be config paths such as 'training.warmup_steps'")));
        texts(spec, (field, value) -> {
            if (hasControlCharacter(value)) {
                violations.add(new Violation(field, CONTROL_CHARACTERS));
            }
        });
        return violations;
    }

    /** True when {@code text} holds a C0 or C1 control character, DEL, or a Unicode line or paragraph separator. */
    public static boolean hasControlCharacter(String text) {
        return text != null && text.chars().anyMatch(SpecRules::isControl);
    }

    public static boolean isControl(int c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029;
    }

    private static final String CONTROL_CHARACTERS =
            "must not contain control characters (newlines, tabs, NUL and the like)";

    /** Every text of the spec that reaches a task, with its field. */
    private static void texts(JobSpec spec, BiConsumer<String, String> each) {
        each.accept("template", spec.template());
        Resources r = spec.resources();
        each.accept("resources.infra", r.infra());
        each.accept("resources.accelerators", r.accelerators());
        each.accept("resources.image_id", r.imageId());
        each.accept("resources.memory", r.memory());
        each.accept("resources.cpus", r.cpus());
        Training t = spec.training();
        each.accept("training.config_file", t.configFile());
        each.accept("training.dataset", t.dataset());
        each.accept("training.model", t.model());
        each.accept("training.output_dir", t.outputDir());
        each.accept("training.accelerate_config", t.accelerateConfig());
        t.extraArgs().forEach((key, value) -> each.accept("training.extra_args." + key, value));
        spec.labels().forEach((key, value) -> each.accept("labels." + key, value));
    }

    private static void checkEnvs(
            Map<String, String> envs, EnvPolicy policy, Set<String> declared, List<Violation> violations) {
        if (envs.size() > MAX_ENTRIES) {
            violations.add(new Violation("envs", "at most " + MAX_ENTRIES + " entries"));
        }
        envs.forEach((key, value) -> {
            String field = "envs." + key;
            if (!ENV_NAME.matcher(key).matches()) {
                violations.add(new Violation(field, "names must match [A-Za-z_][A-Za-z0-9_]* (at most 128 chars)"));
            } else if (RESERVED_ENV.matcher(key).matches()) {
                violations.add(new Violation(field, "names starting with AINFINITY_ or SKYPILOT_ are reserved"));
            } else {
                policy.refusal(key, declared).ifPresent(why -> violations.add(new Violation(field, why)));
            }
            if (value == null) {
                violations.add(new Violation(field, "must be a string"));
            } else if (value.length() > MAX_ENV_VALUE) {
                violations.add(new Violation(field, "must be at most " + MAX_ENV_VALUE + " characters"));
            } else if (hasControlCharacter(value)) {
                violations.add(new Violation(field, CONTROL_CHARACTERS));
            }
        });
    }

    private static void checkLabels(Map<String, String> labels, List<Violation> violations) {
        if (labels.size() > MAX_ENTRIES) {
            violations.add(new Violation("labels", "at most " + MAX_ENTRIES + " entries"));
        }
        labels.forEach((key, value) -> {
            String field = "labels." + key;
            if (!LABEL_KEY.matcher(key).matches()) {
                violations.add(new Violation(field, "keys must be 1-63 letters, digits, '_', '.', '/' or '-'"));
            }
            if (value == null || !LABEL_VALUE.matcher(value).matches()) {
                violations.add(new Violation(field, "values must be up to 128 letters, digits or _./:@+-"));
            }
        });
    }
}
