package io.ainfinity.job.api;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.ainfinity.job.JobStatus;

/** Response bodies of the jobs API, in the earlier service's shapes ({@code success} first). */
@RegisterForReflection
public final class Responses {

    private Responses() {}

    public record JobResponse(
            @Schema(required = true) boolean success,
            @Schema(required = true) String message,
            @Schema(required = true) JobInfo jobInfo) {}

    /** @param nextCursor the {@code after} of the next page; null on the last page */
    public record JobListResponse(
            @Schema(required = true) boolean success,

            @Schema(required = true) @JsonSerialize(contentUsing = CachedJobJson.class)
            List<JobInfo> jobs,

            @Schema(required = true) long total,
            String nextCursor) {}

    public record LogsResponse(
            @Schema(required = true) boolean success,
            @Schema(required = true) String jobName,
            @Schema(required = true) String logs,
            @Schema(required = true) int lines) {}

    /** Metrics are null until the job has reported some. */
    public record MetricsResponse(
            @Schema(required = true) boolean success,
            @Schema(required = true) String jobName,
            @Schema(required = true) JobStatus status,

            @Schema(description = WireSchemas.TRAINING_METRICS)
            Map<String, Object> trainingMetrics,

            @Schema(description = WireSchemas.EVALUATION_METRICS)
            Map<String, Object> evaluationMetrics,

            @Schema(description = WireSchemas.GPU_METRICS) Map<String, Object> gpuMetrics) {}
}
