package io.ainfinity.metrics;

import java.util.List;

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
    void addsTheSummaryToTheTrainingMetricsKeepingTheLastTrainLinesPosition() {
        LatestMetrics latest = new LatestMetrics();
        latest.apply(line("AINFINITY_METRICS {\"kind\":\"train\",\"step\":35,\"total_steps\":36,\"epoch\":3.89,"
                + "\"loss\":3.2554}"));

        latest.apply(line("AINFINITY_METRICS {\"kind\":\"summary\",\"step\":36,\"total_steps\":36,"
                + "\"train_runtime\":0.28,\"train_loss\":4.306,\"epoch\":4.0}"));

        assertThat(latest.training())
                .containsExactly(
                        entry("step", 35L),
                        entry("total_steps", 36L),
                        entry("epoch", 3.89),
                        entry("loss", 3.2554),
                        entry("train_runtime", 0.28),
                        entry("train_loss", 4.306));
    }

    @Test
    void showsASummaryWithItsOwnPositionWhenNoTrainLineCameBefore() {
        LatestMetrics latest = new LatestMetrics();

        latest.apply(line("AINFINITY_METRICS {\"kind\":\"summary\",\"step\":3,\"total_steps\":3,"
                + "\"train_runtime\":0.5,\"train_loss\":2.0,\"epoch\":1.0}"));

        assertThat(latest.training())
                .containsExactly(
                        entry("step", 3L),
                        entry("total_steps", 3L),
                        entry("train_runtime", 0.5),
                        entry("train_loss", 2.0),
                        entry("epoch", 1.0));
    }

    @Test
    void aTrainLineAfterTheSummaryKeepsTheSummary() {
        LatestMetrics latest = new LatestMetrics();

        latest.apply(line("AINFINITY_METRICS {\"kind\":\"summary\",\"step\":3,\"total_steps\":3,\"train_loss\":2.0}"));
        latest.apply(line("AINFINITY_METRICS {\"kind\":\"train\",\"step\":3,\"total_steps\":3,\"loss\":1.5}"));

        assertThat(latest.training())
                .containsExactly(
                        entry("step", 3L), entry("total_steps", 3L), entry("loss", 1.5), entry("train_loss", 2.0));
    }
}
