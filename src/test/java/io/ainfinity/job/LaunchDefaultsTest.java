package io.ainfinity.job;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.ainfinity.task.JobSpec;
import io.ainfinity.task.Resources;
import io.ainfinity.task.SkyMode;
import io.ainfinity.task.Training;

import static org.assertj.core.api.Assertions.assertThat;

/** What a launch gets for what it left out, as the earlier service's clients expect. */
class LaunchDefaultsTest {

    private static final LaunchDefaults DEFAULTS = new LaunchDefaults(
            "local",
            "deepspeed",
            SkyMode.CLUSTER,
            Map.of("deepspeed", "ds2_config.yaml", "fsdp", "fsdp_config.yaml"),
            Map.of("ds2_config.yaml", "deepspeed", "fsdp_config.yaml", "fsdp"));

    private static JobSpec spec(String template, String infra, String outputDir, String accelerate) {
        Training training = new Training(null, null, null, null, null, null, outputDir, accelerate, null);
        Resources resources = new Resources(infra, null, null, null, null, null, null);
        return new JobSpec(template, resources, training, Map.of(), Map.of(), true, true, null);
    }

    @Test
    void anAccelerateConfigNamesItsTemplateWhenNoneIsGiven() {
        assertThat(DEFAULTS.apply(spec(null, null, null, "fsdp_config.yaml")).template())
                .isEqualTo("fsdp");
        assertThat(DEFAULTS.apply(spec(" ", null, null, "ds2_config.yaml")).template())
                .isEqualTo("deepspeed");
        assertThat(DEFAULTS.apply(spec(null, null, null, null)).template()).isEqualTo("deepspeed");
        assertThat(DEFAULTS.apply(spec(null, null, null, "unknown.yaml")).template())
                .isEqualTo("deepspeed");
    }

    @Test
    void anExplicitTemplateIsKeptEvenWhenItsAccelerateConfigBelongsElsewhere() {
        // The pair is refused by the template's own options (422), never silently changed.
        JobSpec resolved = DEFAULTS.apply(spec("deepspeed", null, null, "fsdp_config.yaml"));

        assertThat(resolved.template()).isEqualTo("deepspeed");
        assertThat(resolved.training().accelerateConfig()).isEqualTo("fsdp_config.yaml");
    }

    @Test
    void theTemplatesOwnAccelerateConfigFillsAGap() {
        assertThat(DEFAULTS.apply(spec("fsdp", null, null, null)).training().accelerateConfig())
                .isEqualTo("fsdp_config.yaml");
        assertThat(DEFAULTS.apply(spec("local-smoke", null, null, null))
                        .training()
                        .accelerateConfig())
                .isEqualTo(Training.DEFAULT_ACCELERATE_CONFIG);
    }

    @Test
    void relativeOutputDirectoriesAreKeptUnderOutputs() {
        assertThat(DEFAULTS.apply(spec(null, null, "./custom-checkpoints", null))
                        .training()
                        .outputDir())
                .isEqualTo("outputs/custom-checkpoints");
        assertThat(DEFAULTS.apply(spec(null, null, "runs/a", null)).training().outputDir())
                .isEqualTo("outputs/runs/a");
        assertThat(DEFAULTS.apply(spec(null, null, "outputs/run-1", null))
                        .training()
                        .outputDir())
                .isEqualTo("outputs/run-1");
        assertThat(DEFAULTS.apply(spec(null, null, "././outputs", null))
                        .training()
                        .outputDir())
                .isEqualTo("outputs");
        // Refused paths are left for validation to name.
        assertThat(DEFAULTS.apply(spec(null, null, "../x", null)).training().outputDir())
                .isEqualTo("../x");
    }

    @Test
    void localJobsHaveNoModeAndOthersGetTheConfiguredOne() {
        assertThat(DEFAULTS.apply(spec(null, null, null, null)).mode()).isNull();
        assertThat(DEFAULTS.apply(spec(null, "aws", null, null)).mode()).isEqualTo(SkyMode.CLUSTER);
    }
}
