package io.ainfinity.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command to run: an argument vector (never a shell string), extra environment, working directory and timeout.
 *
 * @param env added to the inherited environment; the only channel for secrets, which must never go in argv
 * @param workDir null for the service's own working directory
 * @param inherited names of this service's environment variables the command gets; null for all of them
 */
public record CommandSpec(
        List<String> argv, Map<String, String> env, Path workDir, Duration timeout, Set<String> inherited) {

    public CommandSpec {
        if (argv == null || argv.isEmpty() || argv.get(0).isBlank()) {
            throw new IllegalArgumentException("a command needs at least the program to run");
        }
        argv = List.copyOf(argv);
        env = env == null ? Map.of() : Map.copyOf(env);
        inherited = inherited == null ? null : Set.copyOf(inherited);
    }

    /** A command that inherits this service's whole environment. */
    public CommandSpec(List<String> argv, Map<String, String> env, Path workDir, Duration timeout) {
        this(argv, env, workDir, timeout, null);
    }

    public static CommandSpec of(Duration timeout, String... argv) {
        return new CommandSpec(List.of(argv), Map.of(), null, timeout);
    }

    public String program() {
        return argv.get(0);
    }
}
