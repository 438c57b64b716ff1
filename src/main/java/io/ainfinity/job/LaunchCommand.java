package io.ainfinity.job;

import java.util.List;

import io.ainfinity.errors.InvalidRequestException.Violation;
import io.ainfinity.security.Caller;
import io.ainfinity.task.JobSpec;

/**
 * A launch as the API received it: the spec as requested (defaults not yet applied), who asks, and what the API
 * already found wrong with the request's shape, so that one answer can name every bad field.
 */
public record LaunchCommand(String jobName, Caller caller, JobSpec spec, List<Violation> shapeViolations) {

    public LaunchCommand {
        shapeViolations = List.copyOf(shapeViolations);
    }

    public LaunchCommand(String jobName, Caller caller, JobSpec spec) {
        this(jobName, caller, spec, List.of());
    }

    /** The job's owner: the caller's token subject. */
    public String owner() {
        return caller.subject();
    }
}
