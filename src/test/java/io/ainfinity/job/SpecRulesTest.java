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

    @Test
    void pathOverridesStayUnderOutputsAndNeverClimb() {
        JobSpec spec = spec(
                Map.of(),
                Map.of(),
                Map.of(
                        "training.output_dir", "/tmp/x",
                        "training.logging_dir", "outputs/logs",
                        "dataset.path", "/tmp/x.jsonl",
                        "training.resume_from_checkpoint", "outputs/../../x",
                        "training.seed", "/not/a/path"));

        assertThat(fields(spec))
                .containsExactlyInAnyOrder(
                        "training.extra_args.training.output_dir",
                        "training.extra_args.dataset.path",
                        "training.extra_args.training.resume_from_checkpoint");
    }

    @Test
    void thePathRulesAcceptWhatThePayloadWritesAndReads() {
        assertThat(HostPaths.outputDir("outputs")).isEmpty();
        assertThat(HostPaths.outputDir("outputs/run-1/v1.2")).isEmpty();
        assertThat(HostPaths.dataset("tiny_chat")).isEmpty();
        assertThat(HostPaths.dataset("Open-Orca/OpenOrca")).isEmpty();
        assertThat(HostPaths.dataset("data/chat.jsonl")).isEmpty();
        for (String bad : List.of("/tmp/x", "outputs/../x", "outputs/.hidden", "outputs-elsewhere", "skylaunch", "")) {
            assertThat(HostPaths.outputDir(bad)).as(bad).isPresent();
        }
        for (String bad : List.of("/etc/x.jsonl", "../x.jsonl", "a/../../b.jsonl", "./x", "")) {
            assertThat(HostPaths.dataset(bad)).as(bad).isPresent();
        }
    }
}
