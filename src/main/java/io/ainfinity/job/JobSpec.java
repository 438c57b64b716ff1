package io.ainfinity.job;

import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Everything a launch asked for, after defaults were applied. Stored with the job and shown back in job_info. */
// Written to the spec_json column by the store's own mapper, which native builds cannot see from REST signatures.
@RegisterForReflection
public record JobSpec(
        String template,
        Resources resources,
        Training training,
        Map<String, String> labels,
        Map<String, String> envs,
        boolean detach,
        boolean down) {

    public JobSpec {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        envs = envs == null ? Map.of() : Map.copyOf(envs);
    }

    public boolean isLocal() {
        return Backends.LOCAL_INFRA.equals(resources.infra());
    }
}
