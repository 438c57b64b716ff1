package io.ainfinity.job.events;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.ainfinity.job.JobEvent;
import io.ainfinity.job.JobStatus;

/**
 * An event as clients read it, in the history and as the {@code data:} of a stream event. Status events carry the
 * statuses and message; metrics events carry the job's metrics at that point.
 *
 * @param id the global event id (the {@code id:} of the all-jobs stream)
 * @param seq the job's event sequence number (the {@code id:} of a job's stream)
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventPayload(
        @Schema(required = true) long seq,
        @Schema(required = true) long id,
        @Schema(required = true) String jobName,

        @Schema(
                required = true,
                enumeration = {JobEvent.STATUS, JobEvent.METRICS})
        String type,

        JobStatus status,
        JobStatus previousStatus,
        String message,
        @Schema(required = true) Instant at,
        Object trainingMetrics,
        Object evaluationMetrics,
        Object gpuMetrics) {

    public static EventPayload of(JobEvent event) {
        Map<String, Object> data = event.data() == null ? Map.of() : event.data();
        return new EventPayload(
                event.seq(),
                event.id(),
                event.displayName(),
                event.type(),
                event.to(),
                event.from(),
                event.message(),
                event.at(),
                data.get("training_metrics"),
                data.get("evaluation_metrics"),
                data.get("gpu_metrics"));
    }
}
