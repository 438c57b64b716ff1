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

    /** {@code outputs}, or a relative path under it. */
    public static final String OUTPUT_DIR_REGEX = "outputs(/" + SEGMENT + ")*";

    /** A dataset name (a hub id such as {@code org/name}) or a relative path. */
    public static final String DATASET_REGEX = SEGMENT + "(/" + SEGMENT + ")*";

    static final String OUTPUT_DIR_RULE = "must be outputs or a relative path under it (segments of letters, digits,"
            + " '.', '_' or '-', not starting with '.')";
    static final String DATASET_RULE = "must be a dataset name or a relative path (segments of letters, digits, '.',"
            + " '_' or '-', not starting with '.')";

    private static final Pattern OUTPUT_DIR = Pattern.compile(OUTPUT_DIR_REGEX);
    private static final Pattern DATASET = Pattern.compile(DATASET_REGEX);

    private HostPaths() {}

    /** What is wrong with an output directory, if anything. */
    static Optional<String> outputDir(String path) {
        return path == null || OUTPUT_DIR.matcher(path).matches() ? Optional.empty() : Optional.of(OUTPUT_DIR_RULE);
    }

    /** What is wrong with a dataset name or path, if anything. */
    static Optional<String> dataset(String path) {
        return path == null || DATASET.matcher(path).matches() ? Optional.empty() : Optional.of(DATASET_RULE);
    }
}
