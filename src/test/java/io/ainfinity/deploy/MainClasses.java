package io.ainfinity.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.ainfinity.task.JobSpec;

/** The compiled classes of the service itself ({@code target/classes}), read as files. */
final class MainClasses {

    /** One class file: its binary name and its bytes. */
    record Entry(String name, byte[] bytes) {

        /** The class without its nested or anonymous suffix. */
        String topLevelName() {
            int dollar = name.indexOf('$');
            return dollar < 0 ? name : name.substring(0, dollar);
        }

        /** Whether the class's constant pool names {@code internalName} (e.g. {@code java/lang/String}). */
        boolean references(String internalName) {
            return new String(bytes, StandardCharsets.ISO_8859_1).contains(internalName);
        }

        Class<?> load() {
            try {
                return Class.forName(name, false, MainClasses.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private MainClasses() {}

    static List<Entry> all() {
        Path root = root();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> {
                        String relative = root.relativize(p).toString();
                        String name = relative.substring(0, relative.length() - ".class".length())
                                .replace('/', '.');
                        return new Entry(name, read(p));
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path root() {
        try {
            return Path.of(JobSpec.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
