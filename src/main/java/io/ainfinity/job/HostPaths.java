package io.ainfinity.job;

import java.util.List;
import java.util.Optional;

/**
 * Paths a request names on the machine its task runs on. On a cloud cluster they are the cluster's business (a mounted
 * bucket at an absolute path is normal); with infra {@code local} that machine is this service's host, so a job may
 * only write under the working directory's {@code outputs/} and read relative paths, never climbing out with
 * {@code ..}.
 */
final class HostPaths {

    static final String LOCAL_OUTPUT_ROOT = "outputs";

    private HostPaths() {}

    /** What is wrong with an output directory, if anything. */
    static Optional<String> outputDir(String path, boolean local) {
        if (path == null) {
            return Optional.empty();
        }
        if (climbs(path)) {
            return Optional.of("must not contain '..' segments");
        }
        boolean underRoot = path.equals(LOCAL_OUTPUT_ROOT) || path.startsWith(LOCAL_OUTPUT_ROOT + "/");
        if (local && !underRoot) {
            return Optional.of("with infra 'local' must be " + LOCAL_OUTPUT_ROOT + " or a relative path under it");
        }
        return Optional.empty();
    }

    /** What is wrong with a dataset path or name, if anything. */
    static Optional<String> dataset(String path, boolean local) {
        if (path == null) {
            return Optional.empty();
        }
        if (climbs(path)) {
            return Optional.of("must not contain '..' segments");
        }
        if (local && path.startsWith("/")) {
            return Optional.of("with infra 'local' must be a relative path or a dataset name, not an absolute path");
        }
        return Optional.empty();
    }

    private static boolean climbs(String path) {
        return List.of(path.replace('\\', '/').split("/")).contains("..");
    }
}
