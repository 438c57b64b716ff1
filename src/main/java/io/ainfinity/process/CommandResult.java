package io.ainfinity.process;

import java.time.Duration;

/**
 * How a command ended.
 *
 * @param exitCode the process's exit status; meaningless when {@code timedOut}
 * @param stdout captured standard output, cut after the runner's capture limit
 * @param truncated whether either stream exceeded the capture limit
 */
public record CommandResult(
        int exitCode, boolean timedOut, String stdout, String stderr, boolean truncated, Duration elapsed) {

    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }
}
