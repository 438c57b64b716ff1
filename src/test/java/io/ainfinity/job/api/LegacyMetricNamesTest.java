package io.ainfinity.job.api;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.ainfinity.task.Training;

import static org.assertj.core.api.Assertions.assertThat;

class LegacyMetricNamesTest {

    private static Map<String, Object> trainLine() {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("step", 40);
        line.put("total_steps", 120);
        line.put("epoch", 1.33);
        line.put("loss", 0.9);
        return line;
    }

    @Test
    void addsTheEarlierNamesBesideTheNewOnes() {
        Map<String, Object> shown = LegacyMetricNames.withAliases(trainLine(), 3);

        assertThat(shown)
                .containsAllEntriesOf(trainLine())
                .containsEntry("current_step", 40)
                .containsEntry("current_epoch", 1.33)
                .containsEntry("total_steps", 120)
                .containsEntry("total_epochs", 3);
    }

    @Test
    void leavesOutWhatIsNotKnown() {
        Map<String, Object> summaryOnly = Map.of("step", 7, "train_loss", 0.4);

        Map<String, Object> shown = LegacyMetricNames.withAliases(summaryOnly, null);

        assertThat(shown).containsEntry("current_step", 7).doesNotContainKeys("current_epoch", "total_epochs");
        assertThat(LegacyMetricNames.withAliases(null, 3)).isNull();
    }

    @Test
    void keepsTheStoredMapAsItWas() {
        Map<String, Object> stored = trainLine();

        LegacyMetricNames.withAliases(stored, 3);

        assertThat(stored).doesNotContainKeys("current_step", "current_epoch", "total_epochs");
    }

    @Test
    void totalEpochsAreTheLaunchsUnlessExtraArgsOverrideThem() {
        Training asked = Training.empty().withDefaults();
        Training three = new Training(null, null, null, 3, null, null, null, null, Map.of());

        assertThat(LegacyMetricNames.totalEpochs(asked)).isNull();
        assertThat(LegacyMetricNames.totalEpochs(three)).isEqualTo(3);
        assertThat(LegacyMetricNames.totalEpochs(three.withExtraArgs(Map.of("training.num_train_epochs", "5"))))
                .isEqualTo(5);
        assertThat(LegacyMetricNames.totalEpochs(three.withExtraArgs(Map.of("training.num_train_epochs", "x"))))
                .isEqualTo(3);
        assertThat(LegacyMetricNames.totalEpochs(null)).isNull();
    }
}
