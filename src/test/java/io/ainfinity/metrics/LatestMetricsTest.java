package io.ainfinity.metrics;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class LatestMetricsTest {

    private static MetricLine line(String text) {
        return MetricLineParser.parse(text).orElseThrow();
    }

    @Test
    void showsNothingBeforeTheFirstLine() {
        LatestMetrics latest = new LatestMetrics();

        assertThat(latest.training()).isNull();
        assertThat(latest.evaluation()).isNull();
        assertThat(latest.gpus()).isNull();
    }

    @Test
    void keepsTheLatestLineOfEachKindWithItsStep() {
        LatestMetrics latest = new LatestMetrics();

        latest.apply(line("AINFINITY_METRICS {\"kind\":\"train\",\"step\":1,\"total_steps\":4,\"loss\":3.0,"
                + "\"grad_norm\":1.5}"));
        latest.apply(line("AINFINITY_METRICS {\"kind\":\"eval\",\"step\":2,\"total_steps\":4,\"eval_loss\":2.5}"));
        latest.apply(line("AINFINITY_METRICS {\"kind\":\"gpu\",\"step\":2,\"gpus\":[]}"));
        latest.apply(line("AINFINITY_METRICS {\"kind\":\"train\",\"step\":4,\"total_steps\":4,\"loss\":2.0}"));

        assertThat(latest.training()).containsExactly(entry("step", 4L), entry("total_steps", 4L), entry("loss", 2.0));
        assertThat(latest.evaluation())
                .containsExactly(entry("step", 2L), entry("total_steps", 4L), entry("eval_loss", 2.5));
        assertThat(latest.gpus()).containsExactly(entry("step", 2L), entry("gpus", List.of()));
    }

    @Test
    void ignoresTheTrainersRepeatsOnceStructuredLinesAppearButKeepsItsSummary() {
        LatestMetrics latest = new LatestMetrics();
        latest.apply(line("AINFINITY_METRICS {\"kind\":\"train\",\"step\":36,\"total_steps\":36,\"epoch\":4.0,"
                + "\"loss\":3.2554}"));

        boolean repeatChanged = latest.apply(line("{'loss': '3.255', 'epoch': '4'}"));
        boolean summaryChanged = latest.apply(line("{'train_runtime': '0.28', 'train_loss': '4.306', 'epoch': '4'}"));

        assertThat(repeatChanged).isFalse();
        assertThat(summaryChanged).isTrue();
        assertThat(latest.training())
                .containsExactly(
                        entry("step", 36L),
                        entry("total_steps", 36L),
                        entry("epoch", 4.0),
                        entry("loss", 3.2554),
                        entry("train_runtime", 0.28),
                        entry("train_loss", 4.306));
    }

    @Test
    void usesTheTrainersDictsWhenALogHasNoStructuredLines() {
        LatestMetrics latest = new LatestMetrics();

        latest.apply(line("{'loss': 6.232, 'learning_rate': 0.0, 'epoch': 0.11}"));
        latest.apply(line("{'eval_loss': '5.445', 'epoch': '1'}"));

        assertThat(latest.training()).isEqualTo(Map.of("loss", 6.232, "learning_rate", 0.0, "epoch", 0.11));
        assertThat(latest.evaluation()).isEqualTo(Map.of("eval_loss", 5.445, "epoch", 1.0));
    }
}
