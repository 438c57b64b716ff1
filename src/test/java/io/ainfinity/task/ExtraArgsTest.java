package io.ainfinity.task;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.ainfinity.errors.InvalidRequestException.Violation;
import io.ainfinity.template.TemplateCatalog;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code training.extra_args} against the payload's allow-list ({@code train/ainfinity_train/options.yaml}). */
class ExtraArgsTest {

    private static final TemplateOptions DEEPSPEED = TemplateOptions.all(
                    TemplateCatalog.load(Path.of("skylaunch")), PayloadConfigs.load(Path.of("train")))
            .get("deepspeed");

    private static List<Violation> check(Map<String, String> extraArgs, Set<String> remoteCodeModels) {
        Training training = new Training(null, null, null, null, null, null, null, null, extraArgs).withDefaults();
        return DEEPSPEED.check(training, remoteCodeModels);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "training.num_train_epochs | 3",
                "training.max_steps | -1",
                "training.learning_rate | 2e-5",
                "training.learning_rate | .001",
                "training.lr_scheduler_type | cosine",
                "training.bf16 | auto",
                "training.gradient_checkpointing | FALSE",
                "training.output_dir | outputs/run-1",
                "training.resume_from_checkpoint | auto",
                "training.resume_from_checkpoint | outputs/run-1/checkpoint-500",
                "model.name_or_path | Qwen/Qwen3-0.6B",
                "model.revision | v1.0",
                "model.attn_implementation | sdpa",
                "dataset.name | Open-Orca/SlimOrca",
                "dataset.split | train[:1000]",
                "dataset.max_samples | null",
                "dataset.eval_fraction | 0.5",
                "training_arguments.gradient_accumulation_steps | 2",
                "training_arguments.logging_steps | 1",
                "training_arguments.warmup_steps | 0.1",
                "training_arguments.optim | adafactor",
                "training_arguments.save_total_limit | null",
                "training_arguments.logging_strategy | no",
                "training_arguments.output_dir | outputs/old-run",
            })
    void acceptsWhatTheAllowListAccepts(String key, String value) {
        assertThat(check(Map.of(key, value), Set.of())).isEmpty();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "training.num_train_epochs | 0",
                "training.num_train_epochs | 1_000",
                "training.num_train_epochs | ' 5'",
                "training.num_train_epochs | 2.0",
                "training.learning_rate | 0",
                "training.learning_rate | nan",
                "training.learning_rate | 1e9999",
                "training.lr_scheduler_type | my.module.Scheduler",
                "training.bf16 | yes",
                "training.output_dir | /tmp/x",
                "training.output_dir | outputs/../x",
                "training.resume_from_checkpoint | ../elsewhere",
                "model.name_or_path | /etc",
                "model.name_or_path | ../model",
                "model.dtype | load",
                "model.attn_implementation | kernels-community/flash-attn",
                "model.revision | '${oc.env:HOME}'",
                "dataset.eval_fraction | 0.9",
                "dataset.max_samples | none",
                "training_arguments.gradient_accumulation_steps | 0",
                "training_arguments.logging_steps | 0.5",
                "training_arguments.optim | my.module.Optimizer",
                "training_arguments.logging_strategy | false",
                "training_arguments.report_to | all",
                "training_arguments.output_dir | /tmp/x",
                "training_arguments.resume_from_checkpoint | ../checkpoint-5",
            })
    void refusesWhatBreaksARule(String key, String value) {
        List<Violation> violations = check(Map.of(key, value), Set.of());

        assertThat(violations).extracting(Violation::field).containsExactly("training.extra_args." + key);
    }

    @Test
    void refusesKeysTheAllowListDoesNotName() {
        List<Violation> violations = check(
                Map.of("training.push_to_hub", "true", "model.kind", "pretrained", "trainer.custom_class", "x.Y"),
                Set.of());

        assertThat(violations)
                .extracting(Violation::field)
                .containsExactlyInAnyOrder(
                        "training.extra_args.training.push_to_hub",
                        "training.extra_args.model.kind",
                        "training.extra_args.trainer.custom_class");
        Map<String, String> messages =
                violations.stream().collect(java.util.stream.Collectors.toMap(Violation::field, Violation::message));
        // A known group's keys are named; a group the payload does not have gets the list of groups.
        assertThat(messages.get("training.extra_args.model.kind"))
                .contains("model.name_or_path")
                .doesNotContain("dataset.");
        assertThat(messages.get("training.extra_args.trainer.custom_class"))
                .contains("groups [")
                .contains("training_arguments.*");
    }

    @Test
    void refusesTrainingArgumentsTheAllowListDoesNotName() {
        List<String> names = List.of(
                "not_a_field", "push_to_hub", "hub_token", "hub_model_id", "deepspeed", "fsdp_config", "optim_args");
        Map<String, String> asked = new TreeMap<>();
        names.forEach(name -> asked.put("training_arguments." + name, "1"));

        assertThat(check(asked, Set.of()))
                .extracting(Violation::field)
                .containsExactlyInAnyOrderElementsOf(names.stream()
                        .map(name -> "training.extra_args.training_arguments." + name)
                        .toList());
    }

    @Test
    void remoteCodeIsRefusedUnlessTheOperatorTrustsThatVeryModel() {
        Map<String, String> asked =
                Map.of("model.trust_remote_code", "true", "model.name_or_path", "some-org/some-model");

        assertThat(check(asked, Set.of())).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("training.extra_args.model.trust_remote_code");
            assertThat(v.message())
                    .contains("ainfinity.jobs.remote-code-models")
                    .endsWith(": none");
        });
        assertThat(check(asked, Set.of("other-org/other-model"))).hasSize(1);
        assertThat(check(Map.of("model.trust_remote_code", "true"), Set.of("some-org/some-model")))
                .hasSize(1);
        assertThat(check(asked, Set.of("some-org/some-model"))).isEmpty();
        assertThat(check(Map.of("model.trust_remote_code", "false"), Set.of())).isEmpty();
    }

    @Test
    void everyTrainingTemplateListsTheRulesForClients() {
        assertThat(DEEPSPEED.extraArgs()).containsKeys("training.learning_rate", "model.name_or_path");
        assertThat(DEEPSPEED.extraArgs()).doesNotContainKey(TemplateOptions.REMOTE_CODE);
        assertThat(DEEPSPEED.extraArgs().get("model.dtype").values())
                .containsExactly("auto", "bfloat16", "float16", "float32");
    }
}
