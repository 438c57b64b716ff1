package io.ainfinity.job.logs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ainfinity.logs.LogFiles;
import io.ainfinity.logs.LogFollower;

import static org.assertj.core.api.Assertions.assertThat;

/** The tail, the stream and the metric reader see the same lines in the same log. */
class LineRuleTest {

    @TempDir
    Path dir;

    @Test
    void everyViewOfALogAgreesOnItsLines() throws Exception {
        Path log = dir.resolve("job.log");
        String text = "windows\r\n"
                + "\r 10%|#   |\r 50%|##  |\r100%|####|\n"
                + "\n"
                + "doubled\r\r\n"
                + "é".repeat(LogLine.MAX_CHARS + 5) + "\n"
                + "last, unterminated";
        Files.writeString(log, text, StandardCharsets.UTF_8);
        List<String> expected =
                List.of("windows", "100%|####|", "", "doubled", "é".repeat(LogLine.MAX_CHARS), "last, unterminated");

        LogIndex index = new LogIndex(log);
        List<String> streamed =
                index.advance(Long.MAX_VALUE, true).stream().map(LogLine::text).toList();
        List<String> replayed = index.read(0, 100).stream().map(LogLine::text).toList();

        assertThat(streamed).containsExactlyElementsOf(expected);
        assertThat(replayed).containsExactlyElementsOf(expected);
        assertThat(LogFiles.tail(log, 100)).containsExactlyElementsOf(expected);
        assertThat(LogFiles.tail(log, 2)).containsExactlyElementsOf(expected.subList(4, 6));
        assertThat(new LogFollower(log, LogLine.MAX_CHARS).readRest()).containsExactlyElementsOf(expected);
    }
}
