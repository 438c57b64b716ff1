package io.ainfinity.job;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One recorded transition of a job.
 *
 * @param id global, increasing across all jobs (assigned by the store)
 * @param seq per job, 1 for the creation event, then +1 per transition
 * @param from null for the creation event
 */
// The payload of job event streams, which are not typed in any REST signature.
@RegisterForReflection
public record JobEvent(long id, String jobName, long seq, JobStatus from, JobStatus to, Instant at, String message) {}
