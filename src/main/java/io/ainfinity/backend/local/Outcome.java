package io.ainfinity.backend.local;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import io.ainfinity.job.JobStatus;
import io.ainfinity.logs.LogFiles;

/** What an ended local task means for its job, decided from the files the wrapper script left behind. */
record Outcome(JobStatus status, String message) {

    private static final String ERROR_PREFIX = "AINFINITY_ERROR ";

    static Outcome of(JobStatus current, boolean stopRequested, RunDir dir) {
        if (stopRequested || current == JobStatus.STOPPING) {
            return new Outcome(JobStatus.STOPPED, "stopped by request");
        }
        Optional<Integer> code = dir.exitCode();
        if (code.isEmpty()) {
            return new Outcome(JobStatus.FAILED, "the task process ended without recording an exit code (killed?)");
        }
        if (code.get() == 0) {
            return new Outcome(JobStatus.COMPLETED, "task finished");
        }
        String phase = "setup-failed".equals(dir.phase().orElse("")) ? "setup" : "run";
        String reason = reason(dir).map(r -> ": " + r).orElse("");
        return new Outcome(JobStatus.FAILED, "%s exited with code %d%s".formatted(phase, code.get(), reason));
    }

    /** The payload's one-line reason, when it printed one near the end of the log. */
    private static Optional<String> reason(RunDir dir) {
        try {
            List<String> tail = LogFiles.tail(dir.log(), 50);
            for (int i = tail.size() - 1; i >= 0; i--) {
                String line = tail.get(i);
                if (line.startsWith(ERROR_PREFIX)) {
                    return Optional.of(line.substring(ERROR_PREFIX.length()).trim());
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
