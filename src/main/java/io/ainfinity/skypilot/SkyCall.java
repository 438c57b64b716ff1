package io.ainfinity.skypilot;

import java.time.Duration;
import java.util.List;

import io.ainfinity.process.CommandResult;

/** One {@code sky} invocation and how it ended (output already stripped of secret values). */
public record SkyCall(List<String> argv, CommandResult result, Duration timeout) {

    public boolean ok() {
        return result.succeeded();
    }

    public int exitCode() {
        return result.exitCode();
    }

    public boolean timedOut() {
        return result.timedOut();
    }

    public String stdout() {
        return result.stdout();
    }

    public String stderr() {
        return result.stderr();
    }

    /** {@code sky launch}, {@code sky jobs queue}, …: the subcommand, for messages. */
    public String name() {
        int end = argv.size() > 2 && argv.get(1).equals("jobs") ? 3 : Math.min(2, argv.size());
        return "sky " + String.join(" ", argv.subList(1, end));
    }

    /**
     * Why it failed, in one line: SkyPilot's own reason for exit 1, a note that the command line itself was refused
     * for exit 2 (a bug in the service), and the time limit for a command that was killed.
     */
    public String failure() {
        if (timedOut()) {
            return "`%s` did not finish within %s; its process tree was killed"
                    .formatted(name(), timeout.toString().substring(2).toLowerCase());
        }
        String reason = SkyOutput.reason(stdout(), stderr());
        return switch (exitCode()) {
            case 1 -> reason;
            case 2 -> "`%s` refused the command line the service built (exit 2): %s".formatted(name(), reason);
            default -> "`%s` exited %d: %s".formatted(name(), exitCode(), reason);
        };
    }
}
