package io.ainfinity.job;

import io.ainfinity.security.Caller;

/** A validated launch: the job's name, who asks, and what to run. */
public record LaunchCommand(String jobName, Caller caller, JobSpec spec) {

    /** The job's owner: the caller's token subject. */
    public String owner() {
        return caller.subject();
    }
}
