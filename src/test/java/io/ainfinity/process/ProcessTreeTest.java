package io.ainfinity.process;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessTreeTest {

    @Test
    void readsTheGroupEvenWhenTheCommandNameHasParenthesesAndSpaces(@TempDir Path proc) throws Exception {
        Path entry = Files.createDirectories(proc.resolve("4242"));
        Files.writeString(entry.resolve("stat"), "4242 (odd) name (x)) S 1 4200 4200 0 -1 4194560 107 0 0 0\n");

        assertThat(ProcessTree.processGroup(entry)).contains(4200L);
        assertThat(ProcessTree.processGroup(proc.resolve("missing"))).isEmpty();
    }

    @Test
    void findsOurOwnProcessGroupInProc() {
        ProcessHandle self = ProcessHandle.current();

        assertThat(ProcessTree.processGroup(Path.of("/proc", String.valueOf(self.pid()))))
                .isPresent();
    }
}
