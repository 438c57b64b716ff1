package io.ainfinity.job;

/** A validated launch: the job's name, who asks, and what to run. */
public record LaunchCommand(String jobName, String owner, JobSpec spec) {}
