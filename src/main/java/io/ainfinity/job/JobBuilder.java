package io.ainfinity.job;

import java.time.Instant;
import java.util.Map;

import io.ainfinity.task.JobSpec;

/**
 * Builds a {@link Job} by field name: a new one ({@link Job#builder}), or a copy with some fields changed
 * ({@link Job#toBuilder}). A job's display name defaults to its key, as for every job stored before names became per
 * owner.
 */
public final class JobBuilder {

    private String name;
    private String owner;
    private String backend;
    private JobStatus status;
    private String clusterName;
    private String skyStatus;
    private JobSpec spec;
    private String taskYaml;
    private Instant createdAt;
    private Instant updatedAt;
    private Instant startedAt;
    private Instant endedAt;
    private String errorMessage;
    private Map<String, Object> trainingMetrics;
    private Map<String, Object> evaluationMetrics;
    private Map<String, Object> gpuMetrics;
    private long lastSeq;
    private String runRef;
    private String displayName;
    private String replica;

    JobBuilder() {}

    JobBuilder(Job job) {
        this.name = job.name();
        this.owner = job.owner();
        this.backend = job.backend();
        this.status = job.status();
        this.clusterName = job.clusterName();
        this.skyStatus = job.skyStatus();
        this.spec = job.spec();
        this.taskYaml = job.taskYaml();
        this.createdAt = job.createdAt();
        this.updatedAt = job.updatedAt();
        this.startedAt = job.startedAt();
        this.endedAt = job.endedAt();
        this.errorMessage = job.errorMessage();
        this.trainingMetrics = job.trainingMetrics();
        this.evaluationMetrics = job.evaluationMetrics();
        this.gpuMetrics = job.gpuMetrics();
        this.lastSeq = job.lastSeq();
        this.runRef = job.runRef();
        this.displayName = job.displayName();
        this.replica = job.replica();
    }

    public JobBuilder name(String name) {
        this.name = name;
        return this;
    }

    public JobBuilder owner(String owner) {
        this.owner = owner;
        return this;
    }

    public JobBuilder backend(String backend) {
        this.backend = backend;
        return this;
    }

    public JobBuilder status(JobStatus status) {
        this.status = status;
        return this;
    }

    public JobBuilder clusterName(String clusterName) {
        this.clusterName = clusterName;
        return this;
    }

    public JobBuilder skyStatus(String skyStatus) {
        this.skyStatus = skyStatus;
        return this;
    }

    public JobBuilder spec(JobSpec spec) {
        this.spec = spec;
        return this;
    }

    public JobBuilder taskYaml(String taskYaml) {
        this.taskYaml = taskYaml;
        return this;
    }

    public JobBuilder createdAt(Instant createdAt) {
        this.createdAt = createdAt;
        return this;
    }

    public JobBuilder updatedAt(Instant updatedAt) {
        this.updatedAt = updatedAt;
        return this;
    }

    public JobBuilder startedAt(Instant startedAt) {
        this.startedAt = startedAt;
        return this;
    }

    public JobBuilder endedAt(Instant endedAt) {
        this.endedAt = endedAt;
        return this;
    }

    public JobBuilder errorMessage(String errorMessage) {
        this.errorMessage = errorMessage;
        return this;
    }

    public JobBuilder trainingMetrics(Map<String, Object> trainingMetrics) {
        this.trainingMetrics = trainingMetrics;
        return this;
    }

    public JobBuilder evaluationMetrics(Map<String, Object> evaluationMetrics) {
        this.evaluationMetrics = evaluationMetrics;
        return this;
    }

    public JobBuilder gpuMetrics(Map<String, Object> gpuMetrics) {
        this.gpuMetrics = gpuMetrics;
        return this;
    }

    public JobBuilder lastSeq(long lastSeq) {
        this.lastSeq = lastSeq;
        return this;
    }

    public JobBuilder runRef(String runRef) {
        this.runRef = runRef;
        return this;
    }

    public JobBuilder displayName(String displayName) {
        this.displayName = displayName;
        return this;
    }

    public JobBuilder replica(String replica) {
        this.replica = replica;
        return this;
    }

    public Job build() {
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
                runRef,
                displayName == null ? name : displayName,
                replica);
    }
}
