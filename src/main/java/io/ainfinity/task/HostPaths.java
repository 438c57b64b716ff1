package io.ainfinity.task;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Paths a request names on the machine its task runs on, which with infra {@code local} is this service's host. A job
 * writes only under the working directory's {@code outputs}, and reads datasets by name or by a relative path; no
 * segment may start with a dot, so {@code ..} never climbs out. The rules are the same for every infra, so that the
 * API document can state them (SkyPilot templates mount storage under the working directory when a job needs it).
 */
public final class HostPaths {

    private static final String SEGMENT = "[A-Za-z0-9_-][A-Za-z0-9._-]*";

    /** {@code outputs}, or a relative path under it: what the payload writes to. */
    public static final String OUTPUT_DIR_REGEX = "outputs(/" + SEGMENT + ")*";

    /**
     * What a launch may name as its output directory: a relative path inside the task's working directory, as the
     * earlier service took ({@code ./custom-checkpoints}, {@code runs/a}), which {@link #underOutputs} maps under
     * {@code outputs}. No absolute path, no {@code ..}, no hidden segment.
     */
    public static final String REQUESTED_OUTPUT_DIR_REGEX = "(\\./)*" + SEGMENT + "(/" + SEGMENT + ")*";

    /** A dataset name (a hub id such as {@code org/name}) or a relative path. */
    public static final String DATASET_REGEX = SEGMENT + "(/" + SEGMENT + ")*";

    static final String OUTPUT_DIR_RULE = "must be outputs or a relative path under it (segments of letters, digits,"
            + " '.', '_' or '-', not starting with '.')";
    static final String REQUESTED_OUTPUT_DIR_RULE = "must be a relative path inside the task's working directory, such"
            + " as outputs/run-1 or ./checkpoints (segments of letters, digits, '.', '_' or '-', not starting with"
            + " '.'); it is kept under outputs/";
    static final String DATASET_RULE = "must be a dataset name or a relative path (segments of letters, digits, '.',"
            + " '_' or '-', not starting with '.')";

    private static final Pattern OUTPUT_DIR = Pattern.compile(OUTPUT_DIR_REGEX);
    private static final Pattern REQUESTED_OUTPUT_DIR = Pattern.compile(REQUESTED_OUTPUT_DIR_REGEX);
    private static final Pattern DATASET = Pattern.compile(DATASET_REGEX);

    private HostPaths() {}

    /** What is wrong with an output directory the payload is given, if anything. */
    static Optional<String> outputDir(String path) {
        return path == null || OUTPUT_DIR.matcher(path).matches() ? Optional.empty() : Optional.of(OUTPUT_DIR_RULE);
    }

    /** What is wrong with an output directory a launch names, if anything. */
    static Optional<String> requestedOutputDir(String path) {
        return path == null || REQUESTED_OUTPUT_DIR.matcher(path).matches()
                ? Optional.empty()
                : Optional.of(REQUESTED_OUTPUT_DIR_RULE);
    }

    /**
     * A requested output directory as the payload gets it: under {@code outputs}, where the job's files are kept and
     * collected ({@code ./ckpt} → {@code outputs/ckpt}, {@code outputs/a} unchanged). Null stays null, and a path
     * {@link #requestedOutputDir} refuses is left as it is for validation to report.
     */
    public static String underOutputs(String path) {
        if (path == null || requestedOutputDir(path).isPresent()) {
            return path;
        }
        String relative = path.replaceFirst("^(\\./)+", "");
        return relative.equals("outputs") || relative.startsWith("outputs/") ? relative : "outputs/" + relative;
    }

    /** What is wrong with a dataset name or path, if anything. */
    static Optional<String> dataset(String path) {
        return path == null || DATASET.matcher(path).matches() ? Optional.empty() : Optional.of(DATASET_RULE);
    }
}
