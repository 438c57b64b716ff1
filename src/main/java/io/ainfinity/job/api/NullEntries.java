package io.ainfinity.job.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.ainfinity.errors.InvalidRequestException.Violation;

/** Map entries of a launch whose value is JSON null: each is reported by its field, and left out of the job. */
final class NullEntries {

    private NullEntries() {}

    static List<Violation> of(LaunchRequest request) {
        List<Violation> found = new ArrayList<>();
        collect("labels", request.labels(), found);
        collect("envs", request.envs(), found);
        if (request.training() != null) {
            collect("training.extra_args", request.training().extraArgs(), found);
        }
        return found;
    }

    static <V> Map<String, V> without(Map<String, V> map) {
        if (map == null || !map.containsValue(null)) {
            return map;
        }
        Map<String, V> kept = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v != null) {
                kept.put(k, v);
            }
        });
        return kept;
    }

    private static void collect(String field, Map<String, ?> map, List<Violation> found) {
        if (map != null) {
            map.forEach((key, value) -> {
                if (value == null) {
                    found.add(new Violation(field + "." + key, "must be a string"));
                }
            });
        }
    }
}
