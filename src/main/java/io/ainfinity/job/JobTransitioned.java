package io.ainfinity.job;

/** Fired (synchronously, after the commit) each time a job changes status; observers must be quick. */
public record JobTransitioned(Job before, Job after) implements JobEventRecorded {

    @Override
    public String jobName() {
        return after.name();
    }
}
