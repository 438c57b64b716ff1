package io.ainfinity.task;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ainfinity.template.TemplateCatalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateParserTest {

    @Test
    void readsEveryKnownKey() {
        TaskSpec spec = TemplateParser.parse("t", """
                name: t
                workdir: .
                num_nodes: 2
                resources: {accelerators: "H100:8", disk_size: 200}
                envs: {A: 1, B: x}
                secrets: {HF_TOKEN: null}
                file_mounts: {/data: s3://bucket}
                setup: echo setup
                run: echo run
                """);

        assertThat(spec.numNodes()).isEqualTo(2);
        assertThat(spec.resources()).containsEntry("disk_size", 200).containsEntry("accelerators", "H100:8");
        assertThat(spec.envs()).containsEntry("A", "1").containsEntry("B", "x");
        assertThat(spec.secrets()).containsKey("HF_TOKEN");
        assertThat(spec.run()).isEqualTo("echo run");
    }

    @Test
    void rejectsKeysOutsideTheModel() {
        assertThatThrownBy(() -> TemplateParser.parse("t", "name: t\nservice: {}\n"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("unsupported key 'service'");
    }

    @Test
    void rejectsDuplicateKeysAndNonMappings() {
        assertThatThrownBy(() -> TemplateParser.parse("t", "run: a\nrun: b\n")).isInstanceOf(TemplateException.class);
        assertThatThrownBy(() -> TemplateParser.parse("t", "- a\n- b\n"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("mapping");
        assertThatThrownBy(() -> TemplateParser.parse("t", "envs: [1, 2]\n"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("'envs' must be a mapping");
    }

    @Test
    void catalogLoadsOnlyYamlFilesWithValidNames(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("good.yaml"), "run: echo hi\n");
        Files.writeString(dir.resolve("Bad Name.yaml"), "run: echo hi\n");
        Files.writeString(dir.resolve("notes.txt"), "ignored");

        assertThat(TemplateCatalog.load(dir)).containsOnlyKeys("good");
        assertThatThrownBy(() -> TemplateCatalog.load(dir.resolve("missing")))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("ainfinity.templates.dir");
    }

    @Test
    void shippedTemplatesAllParse() {
        assertThat(TemplateCatalog.load(Path.of("skylaunch"))).containsKeys("deepspeed", "local-smoke");
    }
}
