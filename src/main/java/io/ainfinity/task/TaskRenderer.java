package io.ainfinity.task;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Overlays a launch request on a template and serializes the result. Pure: the same inputs give the same YAML byte
 * for byte, which the golden-file tests hold it to. User values only ever become YAML scalars through the serializer
 * (which quotes them as needed) and reach the task's commands as environment variables.
 */
public final class TaskRenderer {

    /** Environment variable holding the training options as one JSON object, read by the training payload. */
    public static final String TRAINING_ENV = "AINFINITY_TRAINING";

    /** Environment variable holding the job's name. */
    public static final String JOB_NAME_ENV = "AINFINITY_JOB_NAME";

    /**
     * Environment variable naming the accelerate config (a file under {@code train/accelerate/}) in templates that
     * run the training payload: the template sets its default, a launch's {@code training.accelerate_config} (checked
     * against the files first) replaces it.
     */
    public static final String ACCELERATE_CONFIG_ENV = "ACCELERATE_CONFIG";

    /**
     * Environment variable naming the model whose own code the payload may run: set only for a launch that asked for
     * {@code model.trust_remote_code} and was checked against the operator's list first.
     */
    public static final String REMOTE_CODE_ENV = "AINFINITY_REMOTE_CODE_MODELS";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_EMPTY)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private TaskRenderer() {}

    public static TaskSpec overlay(TaskSpec template, String jobName, JobSpec spec) {
        Map<String, Object> resources = new LinkedHashMap<>(template.resources());
        Resources r = spec.resources();
        if (!spec.isLocal()) {
            put(resources, "infra", r.infra());
        }
        put(resources, "accelerators", r.accelerators());
        put(resources, "cpus", r.cpus());
        put(resources, "memory", r.memory());
        put(resources, "disk_size", r.diskSize());
        put(resources, "image_id", r.imageId());
        put(resources, "use_spot", r.useSpot());

        Map<String, String> envs = new LinkedHashMap<>(template.envs());
        envs.putAll(new TreeMap<>(spec.envs()));
        String accelerate = spec.training() == null ? null : spec.training().accelerateConfig();
        if (template.envs().containsKey(ACCELERATE_CONFIG_ENV) && accelerate != null) {
            // After the request's envs, so that only the checked training option decides the config.
            envs.put(ACCELERATE_CONFIG_ENV, accelerate);
        }
        envs.put(JOB_NAME_ENV, jobName);
        envs.put(TRAINING_ENV, trainingJson(spec.training()));
        Map<String, String> extra = spec.training() == null || spec.training().extraArgs() == null
                ? Map.of()
                : spec.training().extraArgs();
        if ("true".equalsIgnoreCase(extra.get("model.trust_remote_code"))) {
            envs.put(REMOTE_CODE_ENV, extra.get("model.name_or_path"));
        }

        return new TaskSpec(
                jobName,
                template.workdir(),
                template.numNodes(),
                resources,
                envs,
                template.secrets(),
                template.fileMounts(),
                template.setup(),
                template.run());
    }

    public static String render(TaskSpec template, String jobName, JobSpec spec) {
        return TaskYaml.write(overlay(template, jobName, spec));
    }

    static String trainingJson(Training training) {
        try {
            return JSON.writeValueAsString(training == null ? Training.empty() : training);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("training options cannot be serialized", e);
        }
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
