package io.ainfinity.job.logs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class LogIndexTest {

    @TempDir
    Path dir;

    @Test
    void numbersLinesAsTheyArriveAndFindsThemAgainFromTheFile() throws Exception {
        Path log = dir.resolve("job.log");
        Files.writeString(
                log,
                IntStream.rangeClosed(1, 2500).mapToObj(i -> "line " + i).collect(Collectors.joining("\n", "", "\n")));
        LogIndex index = new LogIndex(log);

        List<LogLine> first = index.advance(Long.MAX_VALUE, false);
        Files.writeString(log, "line 2501\npartial", StandardOpenOption.APPEND);
        List<LogLine> more = index.advance(Long.MAX_VALUE, false);

        assertThat(first).hasSize(2500);
        assertThat(first.get(2499)).isEqualTo(new LogLine(2500, "line 2500"));
        assertThat(more).containsExactly(new LogLine(2501, "line 2501"));
        assertThat(index.read(1998, 3))
                .extracting(LogLine::text)
                .containsExactly("line 1999", "line 2000", "line 2001");
        assertThat(index.read(2499, 10)).extracting(LogLine::number).containsExactly(2500L, 2501L);
        assertThat(index.advance(Long.MAX_VALUE, true)).containsExactly(new LogLine(2502, "partial"));
        assertThat(index.read(2501, 10)).containsExactly(new LogLine(2502, "partial"));
    }

    @Test
    void aMissingFileHasNoLinesYet() throws Exception {
        LogIndex index = new LogIndex(dir.resolve("not-yet.log"));

        assertThat(index.advance(1024, true)).isEmpty();
        assertThat(index.read(0, 10)).isEmpty();
    }

    @Test
    void cutsRunawayLines() throws Exception {
        Path log = dir.resolve("long.log");
        Files.writeString(log, "x".repeat(LogLine.MAX_CHARS * 3) + "\n");

        assertThat(new LogIndex(log).advance(Long.MAX_VALUE, false).get(0).text())
                .hasSize(LogLine.MAX_CHARS);
    }
}
