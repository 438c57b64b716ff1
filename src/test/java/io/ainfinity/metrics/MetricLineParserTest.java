package io.ainfinity.metrics;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class MetricLineParserTest {

    private static MetricLine parsed(String line) {
        Optional<MetricLine> result = MetricLineParser.parse(line);
        assertThat(result).as(line).isPresent();
        return result.get();
    }

    @Test
    void readsATrainLineWithStepAndTypedValues() {
        MetricLine line = parsed("AINFINITY_METRICS {\"kind\":\"train\",\"step\":4,\"total_steps\":36,"
                + "\"epoch\":0.5,\"loss\":5.9,\"grad_norm\":null,\"note\":\"warm\",\"flag\":true}");

        assertThat(line.kind()).isEqualTo(MetricKind.TRAIN);
        assertThat(line.step()).isEqualTo(4L);
        assertThat(line.values())
                .containsExactly(
                        entry("total_steps", 36L),
                        entry("epoch", 0.5),
                        entry("loss", 5.9),
                        entry("grad_norm", null),
                        entry("note", "warm"),
                        entry("flag", true));
    }

    @Test
    void readsTheTrainersClosingSummary() {
        MetricLine line = parsed("AINFINITY_METRICS {\"kind\":\"summary\",\"step\":36,\"total_steps\":36,"
                + "\"train_runtime\":0.2795,\"train_samples_per_second\":515.3,\"train_steps_per_second\":128.8,"
                + "\"total_flos\":2723171328.0,\"train_loss\":4.3057,\"epoch\":4.0}");

        assertThat(line.kind()).isEqualTo(MetricKind.SUMMARY);
        assertThat(line.step()).isEqualTo(36L);
        assertThat(line.values())
                .containsExactly(
                        entry("total_steps", 36L),
                        entry("train_runtime", 0.2795),
                        entry("train_samples_per_second", 515.3),
                        entry("train_steps_per_second", 128.8),
                        entry("total_flos", 2.723171328E9),
                        entry("train_loss", 4.3057),
                        entry("epoch", 4.0));
    }

    @Test
    void keepsTheGpuListAsPlainListsAndMaps() {
        MetricLine line = parsed("AINFINITY_METRICS {\"kind\":\"gpu\",\"step\":10,"
                + "\"gpus\":[{\"index\":0,\"utilization_pct\":97.0,\"power_w\":null}]}");

        assertThat(line.kind()).isEqualTo(MetricKind.GPU);
        assertThat(line.values().get("gpus"))
                .isEqualTo(List.of(mapOf("index", 0L, "utilization_pct", 97.0, "power_w", null)));
    }

    @Test
    void allowsTextBeforeThePrefixSuchAsSkyPilotsNodeTag() {
        MetricLine line = parsed(
                "(head, rank=0, pid=123) AINFINITY_METRICS {\"kind\":\"eval\",\"step\":9," + "\"eval_loss\":5.4}");

        assertThat(line.kind()).isEqualTo(MetricKind.EVAL);
        assertThat(line.values()).containsEntry("eval_loss", 5.4);
    }

    @Test
    void readsNonFiniteNumbersAsNull() {
        MetricLine line = parsed("AINFINITY_METRICS {\"kind\":\"train\",\"step\":2,\"loss\":NaN,\"grad_norm\":Infinity,"
                + "\"learning_rate\":-Infinity,\"huge\":1e999}");

        assertThat(line.values())
                .containsExactly(
                        entry("loss", null),
                        entry("grad_norm", null),
                        entry("learning_rate", null),
                        entry("huge", null));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "epoch 1/3 done",
                "{}",
                "{'loss': '6.232', 'grad_norm': '3.378', 'learning_rate': '0', 'epoch': '0.1111'}",
                "{'loss': 6.232, 'step': 12, 'epoch': 0.11}",
                "{'eval_loss': '5.445', 'epoch': '1'}",
                "{'train_runtime': '0.28', 'train_loss': '4.306', 'epoch': '4'}",
                "(head, rank=0, pid=7) {\"kind\": \"train\", \"step\": 1, \"loss\": 1.0}",
                "AINFINITY_METRICS not json",
                "AINFINITY_METRICS {\"kind\":\"train\",\"loss\":1.0}",
                "AINFINITY_METRICS {\"kind\":\"train\",\"step\":true}",
                "AINFINITY_METRICS {\"kind\":\"train\",\"step\":1.5}",
                "AINFINITY_METRICS {\"kind\":\"train\",\"step\":\"1\"}",
                "AINFINITY_METRICS {\"kind\":\"train\",\"step\":99999999999999999999}",
                "AINFINITY_METRICS {\"kind\":\"weird\",\"step\":1}",
                "AINFINITY_METRICS {\"kind\":\"gpu\",\"step\":1}",
                "AINFINITY_METRICS [1, 2]",
                "AINFINITY_METRICS {\"kind\":\"train\",\"step\":1} {\"kind\":\"train\",\"step\":2}",
            })
    void everyOtherLineGivesNothing(String line) {
        assertThat(MetricLineParser.parse(line)).isEmpty();
    }

    @Test
    void refusesLinesLongerThanTheLimitAndDeepNesting() {
        String metric = "AINFINITY_METRICS {\"kind\":\"train\",\"step\":1,\"loss\":1.0}";
        assertThat(MetricLineParser.parse(metric)).isPresent();
        assertThat(MetricLineParser.parse(metric + " ".repeat(MetricLineParser.MAX_LINE)))
                .isEmpty();
        assertThat(MetricLineParser.parse(null)).isEmpty();
        String deep = "AINFINITY_METRICS {\"kind\":\"train\",\"step\":1,\"x\":" + "[".repeat(20_000)
                + "]".repeat(20_000) + "}";
        assertThat(MetricLineParser.parse(deep)).isEmpty();
    }

    private static Map<String, Object> mapOf(Object... keysAndValues) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
