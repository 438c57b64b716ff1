package io.ainfinity.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jakarta.enterprise.context.ApplicationScoped;

import io.ainfinity.config.AinfinityConfig;
import io.ainfinity.task.TaskSpec;
import io.ainfinity.task.TemplateException;
import io.ainfinity.task.TemplateParser;

/**
 * The task templates in the configured directory ({@code skylaunch/} by default), parsed once at start-up so that a
 * broken template stops the service instead of failing a user's launch later.
 */
@ApplicationScoped
public class TemplateCatalog {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private final Map<String, TaskSpec> templates;

    public TemplateCatalog(AinfinityConfig config) {
        this.templates = load(config.templates().dir());
    }

    public Optional<TaskSpec> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(templates.get(name));
    }

    public Map<String, TaskSpec> all() {
        return templates;
    }

    /** Parses every {@code <name>.yaml} in {@code dir}; pure apart from reading it. */
    public static Map<String, TaskSpec> load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new TemplateException("template directory '%s' does not exist (set ainfinity.templates.dir)"
                    .formatted(dir.toAbsolutePath()));
        }
        Map<String, TaskSpec> result = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String fileName = file.getFileName().toString();
                if (!fileName.endsWith(".yaml")) {
                    continue;
                }
                String name = fileName.substring(0, fileName.length() - ".yaml".length());
                if (NAME.matcher(name).matches()) {
                    result.put(name, TemplateParser.parse(name, Files.readString(file, StandardCharsets.UTF_8)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read templates from " + dir, e);
        }
        return Map.copyOf(result);
    }
}
