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
    void readsAStructuredTrainLineWithStepAndTypedValues() {
        MetricLine line = parsed("AINFINITY_METRICS {\"kind\":\"train\",\"step\":4,\"total_steps\":36,"
                + "\"epoch\":0.5,\"loss\":5.9,\"grad_norm\":null}");

        assertThat(line.kind()).isEqualTo(MetricKind.TRAIN);
        assertThat(line.step()).isEqualTo(4L);
        assertThat(line.structured()).isTrue();
        assertThat(line.values())
                .containsExactly(
                        entry("total_steps", 36L), entry("epoch", 0.5), entry("loss", 5.9), entry("grad_norm", null));
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
    void readsTheTrainersDictWithNumbersPrintedAsStrings() {
        MetricLine line = parsed("{'loss': '6.232', 'grad_norm': '3.378', 'learning_rate': '8.824e-05', "
                + "'epoch': '0.1111', 'note': 'warm'}");

        assertThat(line.kind()).isEqualTo(MetricKind.TRAIN);
        assertThat(line.step()).isNull();
        assertThat(line.structured()).isFalse();
        assertThat(line.values())
                .containsExactly(
                        entry("loss", 6.232),
                        entry("grad_norm", 3.378),
                        entry("learning_rate", 8.824e-05),
                        entry("epoch", 0.1111),
                        entry("note", "warm"));
    }

    @Test
    void readsOlderTrainerDictsWithRealNumbersAndPythonConstants() {
        MetricLine line = parsed("(head, rank=0, pid=7) {'loss': 2.5, 'step': 12, 'grad_norm': None, "
                + "\"flag\": True, 'off': False, 'neg': -1e-3, 'list': [1, 'a\\'b'],}");

        assertThat(line.kind()).isEqualTo(MetricKind.TRAIN);
        assertThat(line.step()).isEqualTo(12L);
        assertThat(line.values())
                .containsExactly(
                        entry("loss", 2.5),
                        entry("grad_norm", null),
                        entry("flag", true),
                        entry("off", false),
                        entry("neg", -0.001),
                        entry("list", List.of(1L, "a'b")));
    }

    @Test
    void classifiesTrainerDictsLikeThePayload() {
        assertThat(parsed("{'eval_loss': '5.445', 'epoch': '1'}").kind()).isEqualTo(MetricKind.EVAL);
        assertThat(parsed("{'train_runtime': '0.28', 'train_loss': '4.306', 'epoch': '4'}")
                        .kind())
                .isEqualTo(MetricKind.SUMMARY);
        // A diverged loss is still a train line; its value is not finite, so it is reported as null.
        MetricLine diverged = parsed("{'loss': 'nan', 'epoch': '2'}");
        assertThat(diverged.kind()).isEqualTo(MetricKind.TRAIN);
        assertThat(diverged.values()).containsEntry("loss", null);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "epoch 1/3 done",
                "{}",
                "{'epoch': '1'}",
                "{'loss': 'high'}",
                "{'loss': nan}",
                "{'loss': 1.0} trailing",
                "{'loss': 1.0",
                "{'loss': 1.0,, 'x': 2}",
                "{1: 2, 'loss': 1.0}",
                "{'loss': 007}",
                "{'loss': 1.0, 'x': print('hi')}",
                "{'loss': 1.0, 'x': {1, 2}}",
                "{'loss': 1.0, 'x': (1,,)}",
                "AINFINITY_METRICS not json",
                "AINFINITY_METRICS {\"kind\":\"train\",\"loss\":1.0}",
                "AINFINITY_METRICS {\"kind\":\"train\",\"step\":true}",
                "AINFINITY_METRICS {\"kind\":\"train\",\"step\":1.5}",
                "AINFINITY_METRICS {\"kind\":\"weird\",\"step\":1}",
                "AINFINITY_METRICS {\"kind\":\"gpu\",\"step\":1}",
                "AINFINITY_METRICS [1, 2]",
                "AINFINITY_METRICS {\"kind\":\"train\",\"step\":1} {\"kind\":\"train\",\"step\":2}",
            })
    void junkGivesNothing(String line) {
        assertThat(MetricLineParser.parse(line)).isEmpty();
    }

    @Test
    void refusesLinesLongerThanTheLimitAndDeepNesting() {
        String padding = " ".repeat(MetricLineParser.MAX_LINE);
        assertThat(MetricLineParser.parse("{'loss': 1.0}" + padding)).isEmpty();
        assertThat(MetricLineParser.parse(null)).isEmpty();
        String deep = "{'loss': 1.0, 'x': " + "[".repeat(100) + "]".repeat(100) + "}";
        assertThat(MetricLineParser.parse(deep)).isEmpty();
    }

    @Test
    void decodesPythonStringEscapesAndKeepsUnknownOnesAsWritten() {
        MetricLine line = parsed("{'loss': 1, 'note': 'tab\\there \\u00e9\\x41\\101 \"q\" \\\\ \\q'}");

        assertThat(line.values()).containsEntry("note", "tab\there éAA \"q\" \\ \\q");
    }

    @Test
    void readsTuplesAsListsLikeLiteralEval() {
        MetricLine line = parsed("{'loss': (2.5), 'pair': (1, 'a'), 'one': (3,), 'none': ()}");

        assertThat(line.values())
                .containsExactly(
                        entry("loss", 2.5),
                        entry("pair", List.of(1L, "a")),
                        entry("one", List.of(3L)),
                        entry("none", List.of()));
    }

    private static Map<String, Object> mapOf(Object... keysAndValues) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
