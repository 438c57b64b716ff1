package io.ainfinity.job.logs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LogWatchTest {

    @TempDir
    Path dir;

    @Test
    void aWriteToAWatchedFileIsToldAndOtherFilesAreNot() throws Exception {
        Path log = dir.resolve("run.log");
        Path other = dir.resolve("other.log");
        Files.writeString(log, "");
        List<Path> told = new CopyOnWriteArrayList<>();
        try (LogWatch watch = new LogWatch(told::add)) {
            assertThat(watch.watch(log)).isTrue();

            Files.writeString(other, "not followed\n");
            Files.writeString(log, "step 1\n", StandardOpenOption.APPEND);

            await().atMost(Duration.ofSeconds(5)).until(() -> told.contains(log.toAbsolutePath()));
            assertThat(told).doesNotContain(other.toAbsolutePath());

            watch.forget(log);
            told.clear();
            Files.writeString(log, "step 2\n", StandardOpenOption.APPEND);
            Thread.sleep(300);
            assertThat(told).isEmpty();
        }
    }

    @Test
    void aDirectoryThatIsNotThereCannotBeWatchedYet() throws Exception {
        try (LogWatch watch = new LogWatch(file -> {})) {
            assertThat(watch.watch(dir.resolve("later/run.log"))).isFalse();
        }
    }
}
