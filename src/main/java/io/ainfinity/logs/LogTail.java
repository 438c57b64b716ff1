package io.ainfinity.logs;

import java.util.List;

/** The end of a job's output, oldest line first. */
public record LogTail(List<String> lines) {

    public LogTail {
        lines = List.copyOf(lines);
    }

    public static LogTail empty() {
        return new LogTail(List.of());
    }
}
