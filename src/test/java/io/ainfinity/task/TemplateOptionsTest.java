package io.ainfinity.task;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ainfinity.errors.InvalidRequestException.Violation;
import io.ainfinity.template.TemplateCatalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class TemplateOptionsTest {

    private static final PayloadConfigs PAYLOAD = PayloadConfigs.load(Path.of("train"));
    private static final Map<String, TemplateOptions> OPTIONS =
            TemplateOptions.all(TemplateCatalog.load(Path.of("skylaunch")), PAYLOAD);

    private static Training training(String config, String model, String dataset, String accelerate) {
        return new Training(config, dataset, model, null, null, null, null, accelerate, null).withDefaults();
    }

    private static List<String> fields(List<Violation> violations) {
        return violations.stream().map(Violation::field).toList();
    }

    @Test
    void readsTheNamesThePayloadShips() {
        assertThat(PAYLOAD.configFiles()).containsExactly("cpu_tiny", "finetuning");
        assertThat(PAYLOAD.models()).containsExactly("qwen3", "tiny_random");
        // local_file has a mandatory path: it is chosen by giving a file, never by name.
        assertThat(PAYLOAD.datasets()).containsExactly("orca_chat", "tiny_chat");
        assertThat(PAYLOAD.accelerateConfigs())
                .containsOnly(entry("ds2_config.yaml", "DEEPSPEED"), entry("fsdp_config.yaml", "FSDP"));
    }

    @Test
    void eachTrainingTemplateAcceptsTheAccelerateConfigsOfItsOwnKind() {
        TemplateOptions deepspeed = OPTIONS.get("deepspeed");
        TemplateOptions fsdp = OPTIONS.get("fsdp");

        assertThat(deepspeed.training()).isTrue();
        assertThat(deepspeed.accelerateConfigs()).containsExactly("ds2_config.yaml");
        assertThat(deepspeed.defaultAccelerateConfig()).isEqualTo("ds2_config.yaml");
        assertThat(deepspeed.configFiles()).containsExactly("cpu_tiny", "finetuning");
        assertThat(fsdp.accelerateConfigs()).containsExactly("fsdp_config.yaml");
        assertThat(fsdp.defaultAccelerateConfig()).isEqualTo("fsdp_config.yaml");
    }

    @Test
    void aLaunchThatNamesNoAccelerateConfigGetsItsTemplatesDefault() {
        assertThat(TemplateOptions.accelerateDefaults(OPTIONS.values()))
                .containsExactlyInAnyOrderEntriesOf(Map.of("fsdp", "fsdp_config.yaml", "deepspeed", "ds2_config.yaml"));
        assertThat(TemplateOptions.templatesByAccelerateConfig(OPTIONS.values()))
                .containsExactlyInAnyOrderEntriesOf(Map.of("fsdp_config.yaml", "fsdp", "ds2_config.yaml", "deepspeed"));
        // Templates that ignore it have none of their own (launches keep showing the earlier service's default).
        assertThat(TemplateOptions.accelerateDefaults(OPTIONS.values())).doesNotContainKey("local-smoke");
    }

    @Test
    void theSmokeTemplateAcceptsNoTrainingOptionsAndIgnoresThem() {
        TemplateOptions smoke = OPTIONS.get("local-smoke");

        assertThat(smoke.training()).isFalse();
        assertThat(smoke.configFiles()).isEmpty();
        assertThat(smoke.check(training("nope", "nope", "nope", "nope"), Set.of()))
                .isEmpty();
    }

    @Test
    void acceptsKnownNamesAndDatasetFiles() {
        TemplateOptions deepspeed = OPTIONS.get("deepspeed");

        assertThat(deepspeed.check(training("cpu_tiny", "tiny_random", "tiny_chat", "ds2_config.yaml"), Set.of()))
                .isEmpty();
        assertThat(deepspeed.check(training(null, null, "data/chats.JSONL", null), Set.of()))
                .isEmpty();
        assertThat(deepspeed.check(training(null, null, "/mnt/chats.parquet", null), Set.of()))
                .isEmpty();
    }

    @Test
    void namesEveryFieldItCannotRun() {
        List<Violation> violations = OPTIONS.get("deepspeed")
                .check(training("cpu_huge", "llama", "local_file", "fsdp_config.yaml"), Set.of());

        assertThat(fields(violations))
                .containsExactly(
                        "training.config_file", "training.model", "training.dataset", "training.accelerate_config");
        assertThat(violations.get(0).message())
                .isEqualTo("unknown config 'cpu_huge' for template 'deepspeed'; accepted: cpu_tiny, finetuning");
        assertThat(violations.get(2).message()).contains("or a path ending in .jsonl, .json, .parquet");
        assertThat(violations.get(3).message()).endsWith("accepted: ds2_config.yaml");
    }

    @Test
    void aTemplateWhoseDefaultAccelerateConfigIsMissingIsRefused() {
        TaskSpec broken = new TaskSpec(
                "x", ".", null, Map.of(), Map.of("ACCELERATE_CONFIG", "ds3_config.yaml"), null, null, "", "");

        assertThatThrownBy(() -> TemplateOptions.of("broken", broken, PAYLOAD))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("ds3_config.yaml");
    }

    @Test
    void aMissingPayloadDirectoryNamesTheProperty(@TempDir Path empty) {
        assertThatThrownBy(() -> PayloadConfigs.load(empty.resolve("nowhere")))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("ainfinity.payload.dir");
    }

    @Test
    void groupsAccelerateConfigsByDistributedType(@TempDir Path payload) throws IOException {
        Files.createDirectories(payload.resolve("ainfinity_train/conf/dataset"));
        Files.createDirectories(payload.resolve("accelerate"));
        Files.writeString(payload.resolve("ainfinity_train/conf/dataset/mine.yaml"), "path: ???\n");
        Files.writeString(payload.resolve("ainfinity_train/conf/dataset/ours.yaml"), "path: data.jsonl\n");
        Files.writeString(payload.resolve("accelerate/ds2.yaml"), "distributed_type: DEEPSPEED\n");
        Files.writeString(payload.resolve("accelerate/ds3.yaml"), "distributed_type: DEEPSPEED\n");
        Files.writeString(payload.resolve("accelerate/notes.txt"), "not a config\n");

        PayloadConfigs configs = PayloadConfigs.load(payload);

        assertThat(configs.datasets()).containsExactly("ours");
        assertThat(configs.accelerateConfigsOfType("DEEPSPEED")).containsExactly("ds2.yaml", "ds3.yaml");
        assertThat(configs.accelerateConfigsOfType("FSDP")).isEmpty();
    }
}
