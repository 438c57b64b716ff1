package io.ainfinity.skypilot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.ainfinity.logs.LogFiles;

/**
 * What the SkyPilot backend keeps on disk, under {@code <data>/sky/<job>/}: the task YAML handed to {@code sky}
 * (mode 600: it is the job's own configuration) and, once a cluster is torn down, the last lines of its log.
 */
public final class SkyFiles {

    private final Path root;

    public SkyFiles(Path dataDir) {
        this.root = dataDir.resolve("sky");
    }

    public Path dir(String job) {
        return root.resolve(job);
    }

    public Path task(String job) {
        return dir(job).resolve("task.yaml");
    }

    public Path logSnapshot(String job) {
        return dir(job).resolve("job.log");
    }

    /** Writes the task so that only this service's user can read it, replacing any earlier copy. */
    public Path writeTask(String job, String yaml) throws IOException {
        Path dir = dir(job);
        Files.createDirectories(
                dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path tmp = dir.resolve("task.yaml.tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
        return Files.move(
                tmp,
                task(job),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Keeps the final log, readable by this service's user only: a task's output may echo its envs. */
    public void writeLogSnapshot(String job, List<String> lines) throws IOException {
        Files.createDirectories(
                dir(job), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path file = logSnapshot(job);
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    public List<String> readLogSnapshot(String job, int tail) throws IOException {
        return LogFiles.tail(logSnapshot(job), tail);
    }

    public boolean hasLogSnapshot(String job) {
        return Files.isRegularFile(logSnapshot(job));
    }

    public void delete(String job) throws IOException {
        Path dir = dir(job);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
