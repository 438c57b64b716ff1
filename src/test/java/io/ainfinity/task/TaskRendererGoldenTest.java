package io.ainfinity.task;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

import io.ainfinity.job.LaunchCommand;
import io.ainfinity.job.LaunchDefaults;
import io.ainfinity.job.api.JobMapper;
import io.ainfinity.job.api.LaunchRequest;
import io.ainfinity.security.Caller;
import io.ainfinity.security.Roles;
import io.ainfinity.template.TemplateCatalog;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request JSON in, task YAML out, for every scenario under {@code src/test/resources/golden/}, rendered from the real
 * templates in {@code skylaunch/}. Run with {@code -Dgolden.update=true} to rewrite the expected files after an
 * intended change, then review the diff.
 */
class TaskRendererGoldenTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final ObjectMapper JSON =
            new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private static final Map<String, TaskSpec> TEMPLATES = TemplateCatalog.load(Path.of("skylaunch"));
    private static final Map<String, TemplateOptions> OPTIONS =
            TemplateOptions.all(TEMPLATES, PayloadConfigs.load(Path.of("train")));

    static Stream<String> scenarios() throws IOException {
        try (Stream<Path> dirs = Files.list(GOLDEN)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void rendersTheExpectedYaml(String scenario) throws IOException {
        LaunchCommand command = command(scenario);

        String yaml = TaskRenderer.render(TEMPLATES.get(command.spec().template()), command.jobName(), command.spec());

        Path expected = GOLDEN.resolve(scenario).resolve("task.yaml");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(expected, yaml, StandardCharsets.UTF_8);
        }
        assertThat(yaml).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void userValuesComeBackVerbatimAndAddNoKeys(String scenario) throws IOException {
        LaunchCommand command = command(scenario);
        TaskSpec template = TEMPLATES.get(command.spec().template());

        Map<String, Object> parsed = new Yaml().load(TaskRenderer.render(template, command.jobName(), command.spec()));

        assertThat(parsed.keySet())
                .isSubsetOf(
                        "name", "workdir", "num_nodes", "resources", "envs", "secrets", "file_mounts", "setup", "run");
        assertThat(parsed.get("setup")).isEqualTo(template.setup());
        assertThat(parsed.get("run")).isEqualTo(template.run());
        @SuppressWarnings("unchecked")
        Map<String, Object> envs = (Map<String, Object>) parsed.get("envs");
        command.spec().envs().forEach((k, v) -> {
            if (!k.equals(TaskRenderer.ACCELERATE_CONFIG_ENV)
                    || !template.envs().containsKey(k)) {
                assertThat(envs.get(k)).as("envs.%s", k).isEqualTo(v);
            }
        });
        if (template.envs().containsKey(TaskRenderer.ACCELERATE_CONFIG_ENV)) {
            assertThat(envs.get(TaskRenderer.ACCELERATE_CONFIG_ENV))
                    .as("only the checked training option picks the accelerate config")
                    .isEqualTo(command.spec().training().accelerateConfig());
        }
        assertThat(JSON.readTree((String) envs.get(TaskRenderer.TRAINING_ENV)))
                .isEqualTo(
                        JSON.readTree(TaskRenderer.trainingJson(command.spec().training())));
        @SuppressWarnings("unchecked")
        Map<String, Object> resources = (Map<String, Object>) parsed.get("resources");
        assertThat(resources.get("image_id"))
                .isEqualTo(command.spec().resources().imageId());
    }

    private static LaunchCommand command(String scenario) throws IOException {
        LaunchRequest request =
                JSON.readValue(GOLDEN.resolve(scenario).resolve("request.json").toFile(), LaunchRequest.class);
        LaunchCommand requested =
                JobMapper.toCommand(request, new Caller("tester", false, Set.of(Roles.USER)), List.of());
        LaunchDefaults defaults = new LaunchDefaults(
                "local",
                "deepspeed",
                SkyMode.CLUSTER,
                TemplateOptions.accelerateDefaults(OPTIONS.values()),
                TemplateOptions.templatesByAccelerateConfig(OPTIONS.values()));
        return new LaunchCommand(requested.jobName(), requested.caller(), defaults.apply(requested.spec()));
    }
}
