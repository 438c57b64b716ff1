package io.ainfinity.job;

import java.time.Instant;
import java.util.Map;

/**
 * A job as stored. Immutable: every change goes through {@link JobService} and comes back as a new value.
 *
 * @param name the service's key for the job, unique across owners: its SkyPilot cluster and task name, and the name
 *     of its run directory ({@link JobKeys}); jobs stored before names became per owner keep their name here
 * @param lastSeq sequence number of the job's latest event; transitions compare-and-set on it
 * @param runRef backend-specific handle of the running task (the local backend's pid and start time)
 * @param displayName the name its owner gave it, unique among the owner's jobs: what the API shows and addresses
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
        String displayName) {

    /** A job whose key is the name its owner sees, as every job stored before names became per owner. */
    public Job(
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
            String runRef) {
        this(
                name,
                owner,
                backend,
                status,
                clusterName,
                skyStatus,
                spec,
                taskYaml,
                createdAt,
                updatedAt,
                startedAt,
                endedAt,
                errorMessage,
                trainingMetrics,
                evaluationMetrics,
                gpuMetrics,
                lastSeq,
                runRef,
                name);
    }

    /** The job after a transition: timestamps follow the status, the message lands in error_message on failure. */
    public Job transitioned(JobStatus next, Instant at, String message) {
        Instant started = startedAt == null && next == JobStatus.RUNNING ? at : startedAt;
        Instant ended = next.isTerminal() ? at : endedAt;
        String error = next == JobStatus.FAILED || next == JobStatus.UNKNOWN ? message : errorMessage;
        return new Job(
                name,
                owner,
                backend,
                next,
                clusterName,
                skyStatus,
                spec,
                taskYaml,
                createdAt,
                at,
                started,
                ended,
                error,
                trainingMetrics,
                evaluationMetrics,
                gpuMetrics,
                lastSeq + 1,
                runRef,
                displayName);
    }

    public Job withRunRef(String ref) {
        return new Job(
                name,
                owner,
                backend,
                status,
                clusterName,
                skyStatus,
                spec,
                taskYaml,
                createdAt,
                updatedAt,
                startedAt,
                endedAt,
                errorMessage,
                trainingMetrics,
                evaluationMetrics,
                gpuMetrics,
                lastSeq,
                ref,
                displayName);
    }

    /** The job with new metrics; everything else, its sequence number included, is unchanged. */
    public Job withMetrics(Map<String, Object> training, Map<String, Object> evaluation, Map<String, Object> gpu) {
        return new Job(
                name,
                owner,
                backend,
                status,
                clusterName,
                skyStatus,
                spec,
                taskYaml,
                createdAt,
                updatedAt,
                startedAt,
                endedAt,
                errorMessage,
                training,
                evaluation,
                gpu,
                lastSeq,
                runRef,
                displayName);
    }
}
