package io.ainfinity.logs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class LogFollowerTest {

    @TempDir
    Path dir;

    private Path log() {
        return dir.resolve("job.log");
    }

    private void append(String text) throws IOException {
        Files.writeString(log(), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void returnsOnlyLinesWrittenSinceTheLastRead() throws IOException {
        LogFollower follower = new LogFollower(log(), 1000);
        append("one\ntwo\n");

        assertThat(follower.readNew(Long.MAX_VALUE)).containsExactly("one", "two");
        append("three\n");
        assertThat(follower.readNew(Long.MAX_VALUE)).containsExactly("three");
        assertThat(follower.readNew(Long.MAX_VALUE)).isEmpty();
        assertThat(follower.offset()).isEqualTo(14);
    }

    @Test
    void keepsALineBeingWrittenUntilItsEndArrives() throws IOException {
        LogFollower follower = new LogFollower(log(), 1000);
        append("AINFINITY_METRICS {\"kind\":");

        assertThat(follower.readNew(Long.MAX_VALUE)).isEmpty();
        append("\"train\"}\nnext");
        assertThat(follower.readNew(Long.MAX_VALUE)).containsExactly("AINFINITY_METRICS {\"kind\":\"train\"}");
        assertThat(follower.readRest()).containsExactly("next");
    }

    @Test
    void aCarriageReturnStartsTheLineAgainSoABarShowsItsLastStateAndHidesNoMetricLine() throws IOException {
        LogFollower follower = new LogFollower(log(), 1000);

        append("\r 10%|#   |\r 20%|##  |AINFINITY_METRICS {}\r\nplain\r\n");
        append(" 30%|### |\r\r\nbar\rAINFINITY_METRICS {\"kind\":\"train\"}\n");

        assertThat(follower.readNew(Long.MAX_VALUE))
                .containsExactly(
                        " 20%|##  |AINFINITY_METRICS {}",
                        "plain", " 30%|### |", "AINFINITY_METRICS {\"kind\":\"train\"}");
    }

    @Test
    void cutsLinesLongerThanTheLimitAndKeepsNoMoreOfThem() throws IOException {
        LogFollower follower = new LogFollower(log(), 10);
        append("short\n" + "x".repeat(25));

        assertThat(follower.readNew(Long.MAX_VALUE)).containsExactly("short");
        append("tail-of-long\nafter\n");
        assertThat(follower.readNew(Long.MAX_VALUE)).containsExactly("x".repeat(10), "after");
    }

    @Test
    void readsAtMostAboutTheBudgetAndCatchesUpLater() throws IOException {
        LogFollower follower = new LogFollower(log(), 1000);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append("line ").append(i).append('\n');
        }
        append(text.toString());

        int first = follower.readNew(1).size();
        int rest = follower.readNew(Long.MAX_VALUE).size();

        assertThat(first).isPositive().isLessThan(20_000);
        assertThat(first + rest).isEqualTo(20_000);
    }

    @Test
    void startsAgainWhenTheFileShrinksAndWaitsForAFileThatIsNotThereYet() throws IOException {
        LogFollower follower = new LogFollower(log(), 1000);
        assertThat(follower.readNew(Long.MAX_VALUE)).isEmpty();
        append("first run, a long line\n");
        assertThat(follower.readNew(Long.MAX_VALUE)).hasSize(1);

        Files.writeString(log(), "new\n", StandardCharsets.UTF_8);

        assertThat(follower.readNew(Long.MAX_VALUE)).containsExactly("new");
    }
}
