package io.ainfinity.task;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** Reads a template's YAML into a {@link TaskSpec}. Pure: no files, no Quarkus. */
public final class TemplateParser {

    private static final Set<String> KEYS =
            Set.of("name", "workdir", "num_nodes", "resources", "envs", "secrets", "file_mounts", "setup", "run");

    private TemplateParser() {}

    public static TaskSpec parse(String templateName, String yamlText) {
        Object root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(new SafeConstructor(options)).load(yamlText);
        } catch (YAMLException e) {
            throw new TemplateException("template '%s' is not valid YAML".formatted(templateName), e);
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new TemplateException("template '%s' must be a YAML mapping".formatted(templateName));
        }
        for (Object key : map.keySet()) {
            if (!KEYS.contains(String.valueOf(key))) {
                throw new TemplateException("template '%s' uses unsupported key '%s'".formatted(templateName, key));
            }
        }
        Object numNodes = map.get("num_nodes");
        return new TaskSpec(
                text(map.get("name")),
                text(map.get("workdir")),
                numNodes == null ? null : Integer.valueOf(String.valueOf(numNodes)),
                objects(templateName, "resources", map.get("resources")),
                strings(templateName, "envs", map.get("envs")),
                strings(templateName, "secrets", map.get("secrets")),
                objects(templateName, "file_mounts", map.get("file_mounts")),
                text(map.get("setup")),
                text(map.get("run")));
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static Map<String, Object> objects(String template, String key, Object value) {
        if (value == null) {
            return new LinkedHashMap<>();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new TemplateException("template '%s': '%s' must be a mapping".formatted(template, key));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        map.forEach((k, v) -> result.put(String.valueOf(k), v));
        return result;
    }

    private static Map<String, String> strings(String template, String key, Object value) {
        Map<String, String> result = new LinkedHashMap<>();
        objects(template, key, value).forEach((k, v) -> result.put(k, v == null ? null : String.valueOf(v)));
        return result;
    }
}
