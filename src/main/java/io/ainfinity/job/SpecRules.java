package io.ainfinity.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.ainfinity.job.InvalidRequestException.Violation;

/**
 * Rules on a launch that Bean Validation cannot express: names of env variables and labels, and names reserved for
 * the service. Pure; every broken rule is reported, each with the field it concerns.
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

    public static List<Violation> check(JobSpec spec) {
        List<Violation> violations = new ArrayList<>();
        checkEnvs(spec.envs(), violations);
        checkLabels(spec.labels(), violations);
        checkPaths(spec, violations);
        spec.training().extraArgs().keySet().stream()
                .filter(key -> !key.matches(EXTRA_ARG_KEY_REGEX))
                .forEach(key -> violations.add(new Violation(
                        "training.extra_args." + key, "keys must be config paths such as 'trainer.warmup_ratio'")));
        return violations;
    }

    private static void checkEnvs(Map<String, String> envs, List<Violation> violations) {
        if (envs.size() > MAX_ENTRIES) {
            violations.add(new Violation("envs", "at most " + MAX_ENTRIES + " entries"));
        }
        envs.forEach((key, value) -> {
            String field = "envs." + key;
            if (!ENV_NAME.matcher(key).matches()) {
                violations.add(new Violation(field, "names must match [A-Za-z_][A-Za-z0-9_]* (at most 128 chars)"));
            } else if (RESERVED_ENV.matcher(key).matches()) {
                violations.add(new Violation(field, "names starting with AINFINITY_ or SKYPILOT_ are reserved"));
            } else if (EnvRules.controlsStartUp(key)) {
                violations.add(new Violation(
                        field,
                        "a shell, the dynamic loader or an interpreter acts on this name as it starts"
                                + " (BASH_ENV, PATH, LD_*, PYTHONPATH and the like are refused)"));
            }
            if (value == null) {
                violations.add(new Violation(field, "must be a string"));
            } else if (value.length() > MAX_ENV_VALUE) {
                violations.add(new Violation(field, "must be at most " + MAX_ENV_VALUE + " characters"));
            }
        });
    }

    /**
     * Paths given as the payload's config overrides ({@code training.output_dir} and the dataset's own fields are
     * checked by their annotations), which name files on the machine the task runs on.
     */
    private static void checkPaths(JobSpec spec, List<Violation> violations) {
        spec.training().extraArgs().forEach((key, value) -> {
            String field = "training.extra_args." + key;
            if (key.endsWith("output_dir") || key.endsWith("logging_dir")) {
                HostPaths.outputDir(value).ifPresent(m -> violations.add(new Violation(field, m)));
            } else if (key.startsWith("dataset.") || key.endsWith("_file") || key.endsWith("checkpoint")) {
                HostPaths.dataset(value).ifPresent(m -> violations.add(new Violation(field, m)));
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
