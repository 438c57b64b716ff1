package io.ainfinity.logs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class LogFilesTest {

    @TempDir
    Path dir;

    @Test
    void returnsTheLastLinesInOrder() throws Exception {
        Path log = dir.resolve("job.log");
        Files.writeString(log, "a\nb\nc\nd\n");

        assertThat(LogFiles.tail(log, 2)).containsExactly("c", "d");
        assertThat(LogFiles.tail(log, 4)).containsExactly("a", "b", "c", "d");
        assertThat(LogFiles.tail(log, 10)).containsExactly("a", "b", "c", "d");
    }

    @Test
    void keepsAnUnterminatedLastLine() throws Exception {
        Path log = dir.resolve("job.log");
        Files.writeString(log, "a\nb\npartial");

        assertThat(LogFiles.tail(log, 2)).containsExactly("b", "partial");
    }

    @Test
    void readsAcrossChunkBoundaries() throws Exception {
        Path log = dir.resolve("big.log");
        String line = "x".repeat(1000);
        Files.writeString(
                log, IntStream.range(0, 500).mapToObj(i -> i + line).collect(Collectors.joining("\n", "", "\n")));

        List<String> tail = LogFiles.tail(log, 300);

        assertThat(tail).hasSize(300);
        assertThat(tail.get(0)).startsWith("200x");
        assertThat(tail.get(299)).startsWith("499x");
    }

    @Test
    void missingOrEmptyLogHasNoLines() throws Exception {
        assertThat(LogFiles.tail(dir.resolve("none.log"), 5)).isEmpty();
        Path empty = Files.createFile(dir.resolve("empty.log"));
        assertThat(LogFiles.tail(empty, 5)).isEmpty();
    }
}
