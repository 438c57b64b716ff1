package io.ainfinity.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Reads the metric lines a training job writes to its log: the payload's {@code AINFINITY_METRICS {json}} lines,
 * possibly behind a prefix such as SkyPilot's {@code (head, rank=0, pid=123) }. Every other line gives empty, the
 * dicts the Hugging Face Trainer prints itself included: the payload reports each of them as a line of its own. Pure;
 * it accepts exactly what {@code ainfinity_train.metrics.parse_metric_line} accepts, which the shared fixture
 * {@code train/tests/fixtures/metric_lines.txt} holds both sides to.
 */
public final class MetricLineParser {

    public static final String PREFIX = "AINFINITY_METRICS ";

    /** Longer lines are not looked at: no metric line comes near this, and parsing cost stays bounded. */
    public static final int MAX_LINE = 65_536;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Python's json.loads reads NaN and Infinity; they come out as null like any non-finite value.
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private MetricLineParser() {}

    public static Optional<MetricLine> parse(String line) {
        if (line == null || line.length() > MAX_LINE) {
            return Optional.empty();
        }
        int at = line.indexOf(PREFIX);
        return at >= 0 ? metric(line.substring(at + PREFIX.length())) : Optional.empty();
    }

    private static Optional<MetricLine> metric(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (root == null || !root.isObject()) {
            return Optional.empty();
        }
        Optional<MetricKind> kind = MetricKind.fromWire(root.path("kind").textValue());
        JsonNode step = root.path("step");
        if (kind.isEmpty() || !step.isIntegralNumber() || !step.canConvertToLong()) {
            return Optional.empty();
        }
        if (kind.get() == MetricKind.GPU && !root.path("gpus").isArray()) {
            return Optional.empty();
        }
        Map<String, Object> values = new LinkedHashMap<>();
        root.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("kind") && !field.getKey().equals("step")) {
                values.put(field.getKey(), plain(field.getValue()));
            }
        });
        return Optional.of(new MetricLine(kind.get(), step.longValue(), values));
    }

    private static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(field -> map.put(field.getKey(), plain(field.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(plain(item)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : (Object) node.doubleValue();
        }
        if (node.isNumber()) {
            double value = node.doubleValue();
            return Double.isFinite(value) ? value : null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return null;
    }
}
