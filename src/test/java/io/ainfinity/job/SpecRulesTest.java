package io.ainfinity.job;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.ainfinity.job.InvalidRequestException.Violation;

import static org.assertj.core.api.Assertions.assertThat;

class SpecRulesTest {

    private static JobSpec spec(Map<String, String> labels, Map<String, String> envs, Map<String, String> extra) {
        Training training = new Training(null, null, null, null, null, null, null, null, extra).withDefaults();
        return new JobSpec(
                "local-smoke", Resources.empty().withDefaults("local"), training, labels, envs, true, true, null);
    }

    private static List<String> fields(JobSpec spec) {
        return SpecRules.check(spec).stream().map(Violation::field).toList();
    }

    @Test
    void acceptsOrdinaryEnvsLabelsAndExtraArgs() {
        JobSpec spec = spec(
                Map.of("team", "nlp", "run/id", "a1.b"),
                Map.of("HF_HOME", "/tmp/hf"),
                Map.of("trainer.warmup_ratio", "0.1"));

        assertThat(SpecRules.check(spec)).isEmpty();
    }

    @Test
    void rejectsReservedAndMalformedEnvNames() {
        JobSpec spec = spec(
                Map.of(), Map.of("AINFINITY_TRAINING", "{}", "SKYPILOT_X", "1", "1BAD", "x", "A-B", "y"), Map.of());

        assertThat(fields(spec))
                .containsExactlyInAnyOrder("envs.AINFINITY_TRAINING", "envs.SKYPILOT_X", "envs.1BAD", "envs.A-B");
    }

    @Test
    void rejectsLabelsThatCouldNotBeFilteredOn() {
        JobSpec spec = spec(Map.of("a=b", "c", "ok", "has space", "", "v"), Map.of(), Map.of());

        assertThat(fields(spec)).containsExactlyInAnyOrder("labels.a=b", "labels.ok", "labels.");
    }

    @Test
    void rejectsExtraArgKeysThatAreNotConfigPaths() {
        JobSpec spec = spec(Map.of(), Map.of(), Map.of("a b", "1", "x;rm", "2", "trainer.seed", "3"));

        assertThat(fields(spec)).containsExactlyInAnyOrder("training.extra_args.a b", "training.extra_args.x;rm");
    }

    private static JobSpec paths(String infra, String outputDir, String dataset, Map<String, String> extra) {
        Training training = new Training(null, dataset, null, null, null, null, outputDir, null, extra).withDefaults();
        return new JobSpec(
                "local-smoke", Resources.empty().withDefaults(infra), training, Map.of(), Map.of(), true, true, null);
    }

    @Test
    void rejectsEnvNamesThatRunCodeBeforeTheTask() {
        JobSpec spec = spec(
                Map.of(),
                Map.of(
                        "BASH_ENV",
                        "$(touch x)",
                        "LD_PRELOAD",
                        "/x.so",
                        "PYTHONPATH",
                        "/x",
                        "SHELLOPTS",
                        "xtrace",
                        "PS4",
                        "$(x)",
                        "BASH_FUNC_ls%%",
                        "() { x; }",
                        "PATH",
                        "/x",
                        "CUDA_VISIBLE_DEVICES",
                        "0",
                        "HF_TOKEN_FILE",
                        "x",
                        "PYTHONUNBUFFERED",
                        "1"),
                Map.of());

        assertThat(fields(spec))
                .containsExactlyInAnyOrder(
                        "envs.BASH_ENV",
                        "envs.LD_PRELOAD",
                        "envs.PYTHONPATH",
                        "envs.SHELLOPTS",
                        "envs.PS4",
                        "envs.BASH_FUNC_ls%%",
                        "envs.PATH");
    }

    @Test
    void keepsLocalJobsWritingUnderOutputsAndReadingRelativePaths() {
        assertThat(fields(paths("local", "outputs/run-1", "data/chat.jsonl", Map.of())))
                .isEmpty();
        assertThat(fields(paths("local", "/tmp/elsewhere", "/etc/chat.jsonl", Map.of())))
                .containsExactlyInAnyOrder("training.output_dir", "training.dataset");
        assertThat(fields(paths("local", "skylaunch", "../x.jsonl", Map.of())))
                .containsExactlyInAnyOrder("training.output_dir", "training.dataset");
        assertThat(fields(paths(
                        "local",
                        null,
                        null,
                        Map.of(
                                "training.output_dir", "/tmp/x",
                                "dataset.path", "/tmp/x.jsonl",
                                "training.resume_from_checkpoint", "outputs/../../x",
                                "training.seed", "/not/a/path"))))
                .containsExactlyInAnyOrder(
                        "training.extra_args.training.output_dir",
                        "training.extra_args.dataset.path",
                        "training.extra_args.training.resume_from_checkpoint");
    }

    @Test
    void letsCloudJobsUseAbsolutePathsOnTheirClusterButNeverClimb() {
        assertThat(fields(paths("aws", "/mnt/checkpoints/run-1", "/mnt/data/chat.jsonl", Map.of())))
                .isEmpty();
        assertThat(fields(paths("aws", "/mnt/../etc", "a/../../b.jsonl", Map.of())))
                .containsExactlyInAnyOrder("training.output_dir", "training.dataset");
    }
}
