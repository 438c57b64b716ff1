package io.ainfinity.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Reads the metric lines a training job writes to its log: the payload's {@code AINFINITY_METRICS {json}} lines and
 * the dicts the Hugging Face Trainer prints itself ({@code {'loss': '6.232', 'epoch': '0.1111'}}), each possibly
 * behind a prefix such as SkyPilot's {@code (head, rank=0, pid=123) }. Every other line gives empty. Pure; it
 * accepts exactly what {@code ainfinity_train.metrics.parse_metric_line} accepts, which the shared fixture
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
        return at >= 0 ? structured(line.substring(at + PREFIX.length())) : trainerDict(line);
    }

    private static Optional<MetricLine> structured(String json) {
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
        return Optional.of(new MetricLine(kind.get(), step.longValue(), values, true));
    }

    private static Optional<MetricLine> trainerDict(String line) {
        String text = line.strip();
        int start = text.indexOf('{');
        if (start < 0 || !text.endsWith("}")) {
            return Optional.empty();
        }
        Optional<Map<String, Object>> dict = PythonLiteral.parseDict(text.substring(start));
        if (dict.isEmpty() || dict.get().isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> values = new LinkedHashMap<>();
        boolean numericLoss = false;
        for (Map.Entry<String, Object> entry : dict.get().entrySet()) {
            Object value = entry.getValue();
            // Recent Transformers print every float pre-formatted as a string ('%.4g'); older ones print floats.
            if (value instanceof String s) {
                OptionalDouble number = PythonNumbers.parseFloat(s);
                value = number.isPresent() ? PythonNumbers.finiteOrNull(number.getAsDouble()) : s;
                numericLoss |= entry.getKey().equals("loss") && number.isPresent();
            } else {
                numericLoss |= entry.getKey().equals("loss") && value instanceof Number;
            }
            values.put(entry.getKey(), value);
        }
        MetricKind kind;
        if (values.keySet().stream().anyMatch(key -> key.startsWith("eval_"))) {
            kind = MetricKind.EVAL;
        } else if (values.containsKey("train_runtime")) {
            kind = MetricKind.SUMMARY;
        } else if (numericLoss) {
            kind = MetricKind.TRAIN;
        } else {
            return Optional.empty();
        }
        Object step = values.remove("step");
        values.remove("kind");
        return Optional.of(new MetricLine(kind, step instanceof Long l ? l : null, values, false));
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
            return PythonNumbers.finiteOrNull(node.doubleValue());
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
