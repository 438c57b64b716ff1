package io.ainfinity.process;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Ends a process and everything it started. Commands are started with {@code setsid}, so each one leads its own
 * process group; signalling the group also reaches children that were re-parented after their parent died, which a
 * walk of {@link ProcessHandle#descendants()} alone would miss.
 */
public final class ProcessTree {

    private ProcessTree() {}

    /** Sends SIGTERM to the group, waits up to {@code grace} for the leader, then SIGKILLs whatever is left. */
    public static void terminate(ProcessHandle leader, Duration grace) {
        List<ProcessHandle> tree = snapshot(leader);
        signalGroup(leader.pid(), "TERM");
        tree.forEach(ProcessHandle::destroy);
        try {
            leader.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception timeoutOrFailure) {
            // Fall through to the hard kill below.
        }
        kill(leader, tree);
    }

    /** SIGKILLs the group and every descendant at once. */
    public static void kill(ProcessHandle leader) {
        kill(leader, snapshot(leader));
    }

    private static void kill(ProcessHandle leader, List<ProcessHandle> knownTree) {
        signalGroup(leader.pid(), "KILL");
        Stream.concat(knownTree.stream(), snapshot(leader).stream())
                .filter(ProcessHandle::isAlive)
                .forEach(ProcessHandle::destroyForcibly);
    }

    private static List<ProcessHandle> snapshot(ProcessHandle leader) {
        return Stream.concat(Stream.of(leader), leader.descendants()).toList();
    }

    private static void signalGroup(long pgid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, "--", "-" + pgid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // No kill(1) on this host: the per-handle signals above and below still apply.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
