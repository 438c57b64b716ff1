package io.ainfinity.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ProcessRunnerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final WorkerPool pool = new WorkerPool("test", 2, 4);
    private final ProcessRunner runner = new ProcessRunner(pool);

    @AfterEach
    void close() {
        runner.close();
        pool.close();
    }

    private CommandResult run(CommandSpec spec) {
        return runner.run(spec, LineListener.IGNORE).await().atMost(WAIT);
    }

    private static CommandSpec bash(Duration timeout, String script) {
        return new CommandSpec(List.of("bash", "-c", script), Map.of(), null, timeout);
    }

    @Test
    void returnsExitCodeAndSeparatesStreams() {
        CommandResult result = run(bash(WAIT, "echo out; echo err >&2; exit 3"));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.timedOut()).isFalse();
        assertThat(result.succeeded()).isFalse();
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("err\n");
    }

    @Test
    void passesEnvironmentAndArgumentsWithoutAShell() {
        String hostile = "$(touch /tmp/should-not-exist); `id`";
        CommandSpec spec =
                new CommandSpec(List.of("printf", "%s|%s", hostile, "two words"), Map.of("X", "y"), null, WAIT);

        CommandResult result = run(spec);

        assertThat(result.stdout()).isEqualTo(hostile + "|two words\n");
        assertThat(run(new CommandSpec(List.of("bash", "-c", "printf %s \"$X\""), Map.of("X", "a b"), null, WAIT))
                        .stdout())
                .isEqualTo("a b\n");
    }

    @Test
    void aCommandMayInheritOnlyNamedVariablesOfThisEnvironment() {
        assertThat(System.getenv("PATH")).isNotNull();
        List<String> shown = List.of("bash", "-c", "env | cut -d= -f1 | sort");
        CommandSpec clean = new CommandSpec(shown, Map.of("MINE", "1"), null, WAIT, java.util.Set.of("PATH"));

        List<String> names = run(clean).stdout().lines().toList();

        // bash itself adds PWD, SHLVL and _; nothing else of this JVM's environment may come through.
        assertThat(names).contains("PATH", "MINE").doesNotContainAnyElementsOf(otherVariables());
        assertThat(run(new CommandSpec(shown, Map.of(), null, WAIT)).stdout().lines())
                .containsAll(otherVariables());
    }

    private static List<String> otherVariables() {
        return System.getenv().keySet().stream()
                .filter(name -> !List.of("PATH", "PWD", "SHLVL", "_", "MINE").contains(name))
                .filter(name -> name.matches("[A-Za-z_][A-Za-z0-9_]*"))
                .toList();
    }

    @Test
    void streamsLinesAsTheyArrive() {
        List<String> lines = new CopyOnWriteArrayList<>();

        runner.run(
                        bash(WAIT, "for i in 1 2 3; do echo line$i; done; echo oops >&2"),
                        (stream, line) -> lines.add(stream + ":" + line))
                .await()
                .atMost(WAIT);

        assertThat(lines).contains("STDOUT:line1", "STDOUT:line2", "STDOUT:line3", "STDERR:oops");
    }

    @Test
    void handlesLargeOutput() {
        CommandResult result = run(bash(WAIT, "seq 1 200000"));

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout().lines().count()).isEqualTo(200_000);
        assertThat(result.stdout()).endsWith("199999\n200000\n");
    }

    @Test
    void killsTheWholeTreeOnTimeout(@TempDir Path dir) throws Exception {
        Path pids = dir.resolve("pids");
        // A child in the background and a grandchild that would outlive a plain kill of the parent.
        String script = "sleep 300 & echo $! >> '%s'; bash -c 'sleep 300 & echo $! >> %s; wait' & echo $$ >> '%s'; wait"
                .formatted(pids, pids, pids);

        CommandResult result = run(bash(Duration.ofMillis(700), script));

        assertThat(result.timedOut()).isTrue();
        List<Long> started =
                Files.readAllLines(pids).stream().map(Long::parseLong).toList();
        assertThat(started).hasSize(3);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(started.stream()
                                .map(ProcessHandle::of)
                                .filter(h -> h.isPresent() && h.get().isAlive()))
                        .isEmpty());
    }

    @Test
    void reportsAMissingBinaryWithoutStartingAnything() {
        assertThatThrownBy(() -> run(CommandSpec.of(WAIT, "/nonexistent/sky", "status")))
                .isInstanceOf(CommandNotFoundException.class)
                .hasMessageContaining("/nonexistent/sky");
        assertThatThrownBy(() -> run(CommandSpec.of(WAIT, "no-such-program-ainfinity")))
                .isInstanceOf(CommandNotFoundException.class);
    }

    @Test
    void leavesNoChildProcessBehind() {
        CommandResult result = run(bash(WAIT, "sleep 300 & echo $!"));

        long child = Long.parseLong(result.stdout().trim());
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(ProcessHandle.of(child).filter(ProcessHandle::isAlive))
                        .isEmpty());
    }

    @Test
    void refusesWorkWhenThePoolIsFull() {
        try (WorkerPool tiny = new WorkerPool("tiny", 1, 0)) {
            ProcessRunner busy = new ProcessRunner(tiny);
            var first = busy.run(bash(WAIT, "sleep 2"), LineListener.IGNORE).subscribeAsCompletionStage();
            await().atMost(WAIT).until(() -> tiny.active() == 1);

            assertThat(tiny.saturated()).isTrue();
            assertThatThrownBy(() -> busy.run(bash(WAIT, "true"), LineListener.IGNORE)
                            .await()
                            .atMost(WAIT))
                    .isInstanceOf(io.ainfinity.errors.ServiceUnavailableException.class);
            assertThat(first.join().exitCode()).isZero();
            busy.close();
        }
    }
}
