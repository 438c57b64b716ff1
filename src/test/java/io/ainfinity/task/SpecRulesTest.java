package io.ainfinity.task;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.ainfinity.errors.InvalidRequestException.Violation;

import static org.assertj.core.api.Assertions.assertThat;

class SpecRulesTest {

    private static JobSpec spec(Map<String, String> labels, Map<String, String> envs, Map<String, String> extra) {
        Training training = new Training(null, null, null, null, null, null, null, null, extra).withDefaults();
        return new JobSpec(
                "local-smoke", Resources.empty().withDefaults("local"), training, labels, envs, true, true, null);
    }

    /** What an operator allowed, the service's secrets, and what the template declares. */
    private static final EnvPolicy POLICY = new EnvPolicy(List.of("WANDB_*", "TEAM_NOTE"), Set.of("HF_TOKEN"));

    private static final Set<String> DECLARED = Set.of("SMOKE_STEPS");

    private static List<Violation> check(JobSpec spec) {
        return SpecRules.check(spec, POLICY, DECLARED);
    }

    private static List<String> fields(JobSpec spec) {
        return check(spec).stream().map(Violation::field).toList();
    }

    @Test
    void acceptsOrdinaryEnvsLabelsAndExtraArgs() {
        JobSpec spec = spec(
                Map.of("team", "nlp", "run/id", "a1.b"),
                Map.of("SMOKE_STEPS", "3", "WANDB_PROJECT", "p", "TEAM_NOTE", "a note"),
                Map.of("training.warmup_steps", "10"));

        assertThat(check(spec)).isEmpty();
    }

    @Test
    void acceptsOnlyTheTemplatesOwnEnvsAndThoseAnOperatorAllowed() {
        JobSpec spec = spec(
                Map.of(),
                Map.of(
                        "PIP_INDEX_URL", "http://127.0.0.1:1/simple/",
                        "UV_INDEX_URL", "x",
                        "HF_ENDPOINT", "x",
                        "HTTPS_PROXY", "x",
                        "SSL_CERT_FILE", "x",
                        "OPENSSL_CONF", "x",
                        "XDG_CONFIG_HOME", "x",
                        "TEAM_NOTES", "a prefix only where the operator wrote *"),
                Map.of());

        List<Violation> violations = check(spec);

        assertThat(violations.stream().map(Violation::field))
                .containsExactlyInAnyOrder(
                        "envs.PIP_INDEX_URL",
                        "envs.UV_INDEX_URL",
                        "envs.HF_ENDPOINT",
                        "envs.HTTPS_PROXY",
                        "envs.SSL_CERT_FILE",
                        "envs.OPENSSL_CONF",
                        "envs.XDG_CONFIG_HOME",
                        "envs.TEAM_NOTES");
        assertThat(violations.get(0).message()).contains("accepted: SMOKE_STEPS, TEAM_NOTE, WANDB_*");
    }

    @Test
    void startUpVariablesAndSecretsStayRefusedEvenWhenAnOperatorAllowsThem() {
        EnvPolicy everything = new EnvPolicy(List.of("*"), Set.of("HF_TOKEN"));
        JobSpec spec =
                spec(Map.of(), Map.of("BASH_ENV", "x", "LD_PRELOAD", "x", "HF_TOKEN", "x", "ANYTHING", "x"), Map.of());

        assertThat(SpecRules.check(spec, everything, Set.of()).stream().map(Violation::field))
                .containsExactlyInAnyOrder("envs.BASH_ENV", "envs.LD_PRELOAD", "envs.HF_TOKEN");
    }

    @Test
    void controlCharactersAreRefusedInEveryTextThatReachesATask() {
        Training training = new Training(
                        "fine\ntuning",
                        null,
                        "m\u0000",
                        null,
                        null,
                        null,
                        null,
                        "ds2\rconfig",
                        Map.of("model.revision", "main\u2028x"))
                .withDefaults();
        JobSpec spec = new JobSpec(
                "local-smoke",
                new Resources("local", "A100:1\t", null, "img\u0085", null, null, null),
                training,
                Map.of(),
                Map.of("SMOKE_STEPS", "5\n127.0.0.1 - - \"GET /forged\" 200", "TEAM_NOTE", "nul\u0000"),
                true,
                true,
                null);

        assertThat(fields(spec))
                .containsExactlyInAnyOrder(
                        "training.config_file",
                        "training.model",
                        "training.accelerate_config",
                        "training.extra_args.model.revision",
                        "resources.accelerators",
                        "resources.image_id",
                        "envs.SMOKE_STEPS",
                        "envs.TEAM_NOTE");
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
        JobSpec spec = spec(Map.of(), Map.of(), Map.of("a b", "1", "x;rm", "2", "training.seed", "3"));

        assertThat(fields(spec)).containsExactlyInAnyOrder("training.extra_args.a b", "training.extra_args.x;rm");
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

    @Test
    void aLaunchMayNameAnyRelativeOutputDirectoryInsideTheWorkdir() {
        for (String good : List.of("outputs/run-1", "./custom-checkpoints", "runs/a/b", "././x", "ckpt")) {
            assertThat(HostPaths.requestedOutputDir(good)).as(good).isEmpty();
        }
        for (String bad : List.of("/tmp/x", "../x", "./../x", "a/../../b", "a/.hidden", ".", "./", "a//b", "", "~/x")) {
            assertThat(HostPaths.requestedOutputDir(bad)).as(bad).isPresent();
        }
    }
}
