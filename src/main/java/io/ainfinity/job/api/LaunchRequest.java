package io.ainfinity.job.api;

import java.util.Map;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.ainfinity.task.Resources;
import io.ainfinity.task.SpecRules;
import io.ainfinity.task.Training;

/**
 * Body of {@code POST /api/v1/jobs}: the earlier service's fields plus {@code template}, {@code labels}, {@code envs}
 * and {@code mode}.
 */
@RegisterForReflection
@Schema(additionalProperties = Schema.False.class)
public record LaunchRequest(
        @Schema(example = "smoke-1", description = "SkyPilot cluster-name rule, at most 63 characters")
        @NotBlank(message = "is required")
        @Size(max = 63, message = "must be at most 63 characters")
        @Pattern(regexp = SpecRules.JOB_NAME_REGEX, message = "must match " + SpecRules.JOB_NAME_REGEX)
        String jobName,

        @Valid Resources resources,
        @Valid Training training,

        @Schema(description = "Accepted for compatibility; tasks always run detached")
        Boolean detach,

        @Schema(description = "Tear the cluster down once the job ends (default true)")
        Boolean down,

        @Schema(example = "local-smoke", description = "Task template from skylaunch/ (default deepspeed)")
        @Size(max = 63)
        String template,

        @Schema(
                description = "Labels to find the job by (GET /jobs?label=key=value)",
                maxProperties = SpecRules.MAX_ENTRIES,
                propertyNames = WireSchemas.LabelKey.class,
                additionalProperties = WireSchemas.LabelValue.class)
        Map<String, String> labels,

        @Schema(
                description = "Environment variables of the task: only the names its template accepts"
                        + " (accepted_envs in GET /api/v1/templates), values without control characters",
                maxProperties = SpecRules.MAX_ENTRIES,
                propertyNames = WireSchemas.EnvName.class,
                additionalProperties = WireSchemas.EnvValue.class)
        Map<String, String> envs,

        @Schema(
                example = "cluster",
                description = "SkyPilot mode: 'cluster' (a cluster per job) or 'managed' (a SkyPilot managed"
                        + " job); default from ainfinity.skypilot.default-mode; ignored for infra 'local'")
        @Pattern(regexp = "cluster|managed", message = "must be 'cluster' or 'managed'")
        String mode) {}
