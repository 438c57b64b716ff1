package io.ainfinity.job;

import io.ainfinity.errors.ConflictException;

/** A requested change of status that the lifecycle table forbids. Answered as 409. */
public final class IllegalTransitionException extends ConflictException {

    private final String jobName;
    private final JobStatus from;
    private final JobStatus to;

    public IllegalTransitionException(String jobName, JobStatus from, JobStatus to) {
        super("job '%s' cannot go from %s to %s".formatted(jobName, from.wireName(), to.wireName()));
        this.jobName = jobName;
        this.from = from;
        this.to = to;
    }

    public String jobName() {
        return jobName;
    }

    public JobStatus from() {
        return from;
    }

    public JobStatus to() {
        return to;
    }
}
