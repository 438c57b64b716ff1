package io.ainfinity.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One parsed metric line.
 *
 * @param step the global step, or null when the line carries none (the Trainer's own dicts)
 * @param values every other key of the line in its order, {@code kind} and {@code step} excluded: numbers as
 *     {@link Long} or {@link Double} (null where the value was not finite), strings, booleans, lists and maps
 * @param structured true for an {@code AINFINITY_METRICS} line, false for a dict the Trainer printed itself
 */
public record MetricLine(MetricKind kind, Long step, Map<String, Object> values, boolean structured) {

    public MetricLine {
        // Map.copyOf would refuse the nulls that stand for unreported or non-finite values.
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
