package io.ainfinity.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads the committed Kubernetes manifests and walks them by key. */
final class Manifests {

    static final Path DIR = Path.of("deploy/kubernetes");
    static final Path GENERATED_COPY = DIR.resolve("base/ainfinity.yml");

    private Manifests() {}

    /** Every document of a multi-document YAML file, as maps. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents(Path file) {
        try {
            List<Map<String, Object>> docs = new ArrayList<>();
            for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(file))) {
                if (doc != null) {
                    docs.add((Map<String, Object>) doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> resource(List<Map<String, Object>> docs, String kind, String name) {
        return docs.stream()
                .filter(d -> kind.equals(d.get("kind")) && name.equals(at(d, "metadata", "name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
    }

    /** src/main/resources/application.properties, as the build reads it (profiles are plain keys here). */
    static Properties applicationProperties() {
        Properties app = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            app.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return app;
    }

    /** The value at a path of map keys and list indexes, failing with the path when it is missing. */
    static Object at(Object node, Object... path) {
        Object current = node;
        for (Object step : path) {
            if (step instanceof Integer index) {
                assertThat(current).as("list at %s", List.of(path)).isInstanceOf(List.class);
                current = ((List<?>) current).get(index);
            } else {
                assertThat(current).as("map at %s", List.of(path)).isInstanceOf(Map.class);
                current = ((Map<?, ?>) current).get(step);
            }
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, Object... path) {
        Object value = at(node, path);
        assertThat(value).as("map at %s", List.of(path)).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object node, Object... path) {
        Object value = at(node, path);
        assertThat(value).as("list at %s", List.of(path)).isInstanceOf(List.class);
        return (List<Map<String, Object>>) value;
    }

    /** The entry of a list of named maps (containers, env, volumes, mounts) with that name. */
    static Map<String, Object> named(List<Map<String, Object>> entries, String key, String value) {
        return entries.stream()
                .filter(e -> value.equals(e.get(key)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no entry with " + key + "=" + value + " in " + entries));
    }
}
