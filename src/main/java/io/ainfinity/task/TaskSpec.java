package io.ainfinity.task;

import java.util.Map;

/**
 * The part of SkyPilot's task YAML that ainfinity reads and writes. Templates may use only these keys, so every
 * rendered task is built from known fields and serialized, never assembled as text.
 *
 * @param workdir directory synced to the cluster and used as the working directory of setup and run (may be null)
 * @param resources resource keys in SkyPilot's spelling ({@code disk_size}, {@code use_spot}, ...)
 * @param envs environment of setup and run; ainfinity passes every user value through here
 * @param secrets names whose values SkyPilot takes from {@code --secret}; values are never written here
 */
public record TaskSpec(
        String name,
        String workdir,
        Integer numNodes,
        Map<String, Object> resources,
        Map<String, String> envs,
        Map<String, String> secrets,
        Map<String, Object> fileMounts,
        String setup,
        String run) {

    public TaskSpec {
        resources = resources == null ? Map.of() : resources;
        envs = envs == null ? Map.of() : envs;
        secrets = secrets == null ? Map.of() : secrets;
        fileMounts = fileMounts == null ? Map.of() : fileMounts;
    }
}
