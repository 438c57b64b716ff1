package io.ainfinity.task;

import java.util.LinkedHashMap;
import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;

/** Serializes a {@link TaskSpec} in SkyPilot's key spelling and order, scripts as readable literal blocks. */
public final class TaskYaml {

    private TaskYaml() {}

    public static String write(TaskSpec task) {
        Map<String, Object> doc = new LinkedHashMap<>();
        put(doc, "name", task.name());
        put(doc, "workdir", task.workdir());
        put(doc, "num_nodes", task.numNodes());
        putMap(doc, "resources", task.resources());
        putMap(doc, "envs", task.envs());
        putMap(doc, "secrets", task.secrets());
        putMap(doc, "file_mounts", task.fileMounts());
        put(doc, "setup", task.setup());
        put(doc, "run", task.run());
        return yaml().dump(doc);
    }

    private static Yaml yaml() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(Integer.MAX_VALUE);
        options.setSplitLines(false);
        return new Yaml(new ScriptRepresenter(options), options);
    }

    private static void put(Map<String, Object> doc, String key, Object value) {
        if (value != null) {
            doc.put(key, value);
        }
    }

    private static void putMap(Map<String, Object> doc, String key, Map<String, ?> value) {
        if (!value.isEmpty()) {
            doc.put(key, value);
        }
    }

    /**
     * Multi-line strings become literal blocks. The emitter still falls back to a quoted scalar whenever a block
     * could not carry the text faithfully, so this is about readability, not escaping.
     */
    private static final class ScriptRepresenter extends Representer {

        ScriptRepresenter(DumperOptions options) {
            super(options);
            this.representers.put(String.class, new Represent() {
                @Override
                public Node representData(Object data) {
                    String text = (String) data;
                    DumperOptions.ScalarStyle style =
                            text.contains("\n") ? DumperOptions.ScalarStyle.LITERAL : DumperOptions.ScalarStyle.PLAIN;
                    return representScalar(Tag.STR, text, style);
                }
            });
        }
    }
}
