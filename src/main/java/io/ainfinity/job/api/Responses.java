package io.ainfinity.job.api;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.quarkus.runtime.annotations.RegisterForReflection;

import io.ainfinity.job.JobStatus;

/** Response bodies of the jobs API, in the earlier service's shapes ({@code success} first). */
@RegisterForReflection
public final class Responses {

    private Responses() {}

    public record JobResponse(boolean success, String message, JobInfo jobInfo) {}

    public record JobListResponse(
            boolean success,

            @JsonSerialize(contentUsing = CachedJobJson.class)
            List<JobInfo> jobs,

            long total,
            String nextCursor) {}

    public record LogsResponse(boolean success, String jobName, String logs, int lines) {}

    public record MetricsResponse(
            boolean success,
            String jobName,
            JobStatus status,
            Map<String, Object> trainingMetrics,
            Map<String, Object> evaluationMetrics,
            Map<String, Object> gpuMetrics) {}
}
