package io.ainfinity.job.api;

import java.time.Instant;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.ainfinity.job.Job;
import io.ainfinity.job.JobStatus;
import io.ainfinity.task.Resources;
import io.ainfinity.task.SkyMode;
import io.ainfinity.task.Training;

/** A job as the API shows it: the earlier service's {@code job_info} fields first, then the newer ones. */
@RegisterForReflection
public record JobInfo(
        @Schema(required = true) String jobName,

        @Schema(
                required = true,
                description = "The SkyPilot cluster; for a job without one of its own (infra local, a managed"
                        + " job) the job's key, which names its run directory or managed job")
        String clusterName,

        @Schema(required = true) JobStatus status,
        @Schema(required = true) Resources resources,
        @Schema(required = true) Training training,
        @Schema(required = true) Instant createdAt,
        Instant startedAt,
        Instant endedAt,
        String errorMessage,
        @Schema(required = true) String owner,
        @Schema(required = true) String backend,
        @Schema(required = true) String template,
        @Schema(required = true) Map<String, String> labels,
        @Schema(required = true) Instant updatedAt,
        String skyStatus,
        @Schema(description = WireSchemas.TRAINING_METRICS) Map<String, Object> trainingMetrics,

        @Schema(description = WireSchemas.EVALUATION_METRICS)
        Map<String, Object> evaluationMetrics,

        @Schema(description = WireSchemas.GPU_METRICS) Map<String, Object> gpuMetrics,
        SkyMode mode) {

    public static JobInfo of(Job job) {
        return new JobInfo(
                job.displayName(),
                clusterName(job),
                job.status(),
                job.spec().resources(),
                job.spec().training(),
                job.createdAt(),
                job.startedAt(),
                job.endedAt(),
                job.errorMessage(),
                job.owner(),
                job.backend(),
                job.spec().template(),
                job.spec().labels(),
                job.updatedAt(),
                job.skyStatus(),
                LegacyMetricNames.training(job),
                job.evaluationMetrics(),
                job.gpuMetrics(),
                job.spec().mode());
    }

    /**
     * The earlier service always sent a string, and strict clients typed it so. A job without a cluster of its own
     * shows its key rather than a fixed word such as "local": the key is unique like a cluster name (clients that
     * index jobs by it keep working), and it is what names the job's run directory or SkyPilot managed job.
     */
    private static String clusterName(Job job) {
        return job.clusterName() != null ? job.clusterName() : job.name();
    }
}
