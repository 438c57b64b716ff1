package io.ainfinity.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One parsed metric line.
 *
 * @param step the global step the line reports at
 * @param values every other key of the line in its order, {@code kind} and {@code step} excluded: numbers as
 *     {@link Long} or {@link Double} (null where the value was not finite), strings, booleans, lists and maps
 */
public record MetricLine(MetricKind kind, long step, Map<String, Object> values) {

    public MetricLine {
        // Map.copyOf would refuse the nulls that stand for unreported or non-finite values.
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
