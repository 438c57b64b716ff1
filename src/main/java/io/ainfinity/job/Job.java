package io.ainfinity.job;

import java.time.Instant;
import java.util.Map;

import io.ainfinity.task.JobSpec;

/**
 * A job as stored. Immutable: every change goes through {@link JobService} and comes back as a new value.
 *
 * @param name the service's key for the job, unique across owners: its SkyPilot cluster and task name, and the name
 *     of its run directory ({@link JobKeys}); jobs stored before names became per owner keep their name here
 * @param lastSeq sequence number of the job's latest event; transitions compare-and-set on it
 * @param runRef backend-specific handle of the running task (the local backend's pid and start time)
 * @param displayName the name its owner gave it, unique among the owner's jobs: what the API shows and addresses
 * @param replica the replica whose host runs the task (local jobs only; null for other backends and for local jobs
 *     stored before replicas were recorded)
 */
public record Job(
        String name,
        String owner,
        String backend,
        JobStatus status,
        String clusterName,
        String skyStatus,
        JobSpec spec,
        String taskYaml,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant endedAt,
        String errorMessage,
        Map<String, Object> trainingMetrics,
        Map<String, Object> evaluationMetrics,
        Map<String, Object> gpuMetrics,
        long lastSeq,
        String runRef,
        String displayName,
        String replica) {

    /** A new job, field by field. */
    public static JobBuilder builder() {
        return new JobBuilder();
    }

    /** A copy of this job to change some fields of. */
    public JobBuilder toBuilder() {
        return new JobBuilder(this);
    }

    /** The job after a transition: timestamps follow the status, the message lands in error_message on failure. */
    public Job transitioned(JobStatus next, Instant at, String message) {
        return toBuilder()
                .status(next)
                .updatedAt(at)
                .startedAt(startedAt == null && next == JobStatus.RUNNING ? at : startedAt)
                .endedAt(next.isTerminal() ? at : endedAt)
                .errorMessage(next == JobStatus.FAILED || next == JobStatus.UNKNOWN ? message : errorMessage)
                .lastSeq(lastSeq + 1)
                .build();
    }

    public Job withRunRef(String ref) {
        return toBuilder().runRef(ref).build();
    }

    /** The job with new metrics; everything else, its sequence number included, is unchanged. */
    public Job withMetrics(Map<String, Object> training, Map<String, Object> evaluation, Map<String, Object> gpu) {
        return toBuilder()
                .trainingMetrics(training)
                .evaluationMetrics(evaluation)
                .gpuMetrics(gpu)
                .build();
    }
}
