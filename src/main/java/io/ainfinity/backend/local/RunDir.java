package io.ainfinity.backend.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.ainfinity.task.TaskSpec;
import io.ainfinity.task.TaskYaml;

/**
 * The files of one local run, {@code <data>/runs/<job>/}: the task's scripts, its log, and the phase, pid and exit
 * code that the wrapper script writes. Job names are validated against SkyPilot's cluster-name rule before they get
 * here, so a name can never climb out of the runs directory; {@link #of} checks it anyway.
 */
record RunDir(Path path) {

    static final String WRAPPER = "task-wrapper.sh";

    static RunDir of(Path runsRoot, String jobName) {
        Path root = runsRoot.toAbsolutePath().normalize();
        Path dir = root.resolve(jobName).normalize();
        if (!dir.getParent().equals(root)) {
            throw new IllegalArgumentException("job name escapes the runs directory: " + jobName);
        }
        return new RunDir(dir);
    }

    /**
     * Writes the task's files. The directory and every file the service writes are its owner's alone: the task YAML
     * and the log hold the job's envs, which may be credentials.
     */
    void prepare(TaskSpec task) throws IOException {
        ownerOnly(path.getParent(), DIRECTORY);
        ownerOnly(path, DIRECTORY);
        write("task.yaml", TaskYaml.write(task).getBytes(StandardCharsets.UTF_8));
        write("setup.sh", nullToEmpty(task.setup()).getBytes(StandardCharsets.UTF_8));
        write("run.sh", nullToEmpty(task.run()).getBytes(StandardCharsets.UTF_8));
        try (InputStream wrapper = RunDir.class.getResourceAsStream("/local/" + WRAPPER)) {
            if (wrapper == null) {
                throw new IOException("the task wrapper is missing from the application");
            }
            write(WRAPPER, wrapper.readAllBytes());
        }
        // The task's output is appended to this file, which keeps the mode it is created with here.
        if (!Files.exists(log())) {
            Files.createFile(log(), PosixFilePermissions.asFileAttribute(FILE));
        }
        Files.setPosixFilePermissions(log(), FILE);
        Files.deleteIfExists(path.resolve("exit_code"));
    }

    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private static void ownerOnly(Path dir, Set<PosixFilePermission> mode) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
        Files.setPosixFilePermissions(dir, mode);
    }

    private void write(String name, byte[] content) throws IOException {
        Path file = path.resolve(name);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
        Files.write(file, content);
    }

    Path log() {
        return path.resolve("job.log");
    }

    Path wrapper() {
        return path.resolve(WRAPPER);
    }

    Optional<String> phase() {
        return read("phase");
    }

    Optional<Integer> exitCode() {
        return read("exit_code").flatMap(RunDir::parseInt);
    }

    Optional<Long> pid() {
        return read("pid").flatMap(s -> parseInt(s).map(Integer::longValue));
    }

    void delete() {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete run directory " + path, e);
        }
    }

    private Optional<String> read(String file) {
        try {
            Path p = path.resolve(file);
            return Files.isRegularFile(p) ? Optional.of(Files.readString(p).trim()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Integer> parseInt(String s) {
        try {
            return Optional.of(Integer.valueOf(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
