package io.ainfinity.task;

import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Everything a launch asked for, after defaults were applied. Stored with the job and shown back in job_info.
 *
 * @param mode how SkyPilot runs the job; null for local jobs, and for jobs stored before modes existed (which ran as
 *     {@link SkyMode#CLUSTER})
 */
// Written to the spec_json column by the store's own mapper, which native builds cannot see from REST signatures.
@RegisterForReflection
public record JobSpec(
        String template,
        Resources resources,
        Training training,
        Map<String, String> labels,
        Map<String, String> envs,
        boolean detach,
        boolean down,
        SkyMode mode) {

    public JobSpec {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        envs = envs == null ? Map.of() : Map.copyOf(envs);
    }

    public boolean isLocal() {
        return Backends.LOCAL_INFRA.equals(resources.infra());
    }

    /** The SkyPilot mode, {@link SkyMode#CLUSTER} when none was recorded. */
    public SkyMode skyMode() {
        return mode == null ? SkyMode.CLUSTER : mode;
    }
}
