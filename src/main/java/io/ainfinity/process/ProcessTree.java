package io.ainfinity.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Ends a process and everything it started. Commands are started with {@code setsid}, so each one leads its own
 * process group, and the group still holds children that were re-parented after their parent died, which a walk of
 * {@link ProcessHandle#descendants()} alone would miss.
 *
 * <p>Members are found by reading each process's group from {@code /proc} and are signalled through
 * {@link ProcessHandle}, which checks the process's start time. A plain {@code kill -- -pgid} is never sent: once a
 * group is empty its number may be handed to an unrelated new group, which would then be killed instead.
 */
public final class ProcessTree {

    private static final Path PROC = Path.of("/proc");
    private static final int ROUNDS = 5;

    private ProcessTree() {}

    /** SIGTERM to the group, up to {@code grace} for the leader to exit, then SIGKILL to whatever is left. */
    public static void terminate(ProcessHandle leader, Duration grace) {
        long pgid = leader.pid();
        members(pgid, leader).forEach(ProcessHandle::destroy);
        try {
            leader.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception timeoutOrFailure) {
            // Fall through to the hard kill below.
        }
        kill(leader);
    }

    /**
     * Like {@link #terminate} without holding a thread through the grace period: SIGTERM now, SIGKILL to what is left
     * when the leader has not exited after {@code grace}. Completes once the kill (if any) was sent.
     */
    public static CompletableFuture<Void> terminateAsync(ProcessHandle leader, Duration grace) {
        members(leader.pid(), leader).forEach(ProcessHandle::destroy);
        return leader.onExit()
                .thenApply(exited -> (Void) null)
                .completeOnTimeout(null, grace.toMillis(), TimeUnit.MILLISECONDS)
                .thenRunAsync(() -> kill(leader));
    }

    /** SIGKILLs the group, repeating while members keep appearing (a member may fork as it is being killed). */
    public static void kill(ProcessHandle leader) {
        for (int round = 0; round < ROUNDS; round++) {
            List<ProcessHandle> alive = members(leader.pid(), leader).stream()
                    .filter(ProcessHandle::isAlive)
                    .toList();
            if (alive.isEmpty()) {
                return;
            }
            alive.forEach(ProcessHandle::destroyForcibly);
            alive.forEach(
                    p -> p.onExit().completeOnTimeout(p, 1, TimeUnit.SECONDS).join());
        }
    }

    /**
     * Ends what is left of a group after its leader exited (children left running in the background, or a task
     * orphaned by a crash of this service): SIGTERM now, SIGKILL to whoever is still there after {@code grace}.
     * Members must carry {@code envEntry} ({@code NAME=value}) in their environment, so that a group number handed
     * to an unrelated group is never signalled. Completes at once when nothing is left.
     */
    public static CompletableFuture<Void> reapAsync(long pgid, String envEntry, Duration grace) {
        List<ProcessHandle> left = inGroup(pgid, envEntry);
        if (left.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        left.forEach(ProcessHandle::destroy);
        return CompletableFuture.allOf(left.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, grace.toMillis(), TimeUnit.MILLISECONDS)
                .thenRunAsync(() -> {
                    for (int round = 0; round < ROUNDS; round++) {
                        List<ProcessHandle> alive = inGroup(pgid, envEntry);
                        if (alive.isEmpty()) {
                            return;
                        }
                        alive.forEach(ProcessHandle::destroyForcibly);
                        alive.forEach(p -> p.onExit()
                                .completeOnTimeout(p, 1, TimeUnit.SECONDS)
                                .join());
                    }
                });
    }

    /** The process group of a live process, -1 when it is gone. */
    public static long groupOf(ProcessHandle process) {
        return processGroup(PROC.resolve(Long.toString(process.pid()))).orElse(-1L);
    }

    /** Values of the environment variable {@code name} of every live process that has it, by process. */
    public static Map<ProcessHandle, String> withEnv(String name) {
        Map<ProcessHandle, String> found = new HashMap<>();
        String prefix = name + "=";
        forEachProcess(entry -> environment(entry).stream()
                .filter(e -> e.startsWith(prefix))
                .findFirst()
                .ifPresent(e -> ProcessHandle.of(
                                Long.parseLong(entry.getFileName().toString()))
                        .ifPresent(h -> found.put(h, e.substring(prefix.length())))));
        return found;
    }

    /** Live processes whose argument vector holds every one of {@code args} (in any position). */
    public static List<ProcessHandle> withArguments(List<String> args) {
        List<ProcessHandle> found = new ArrayList<>();
        forEachProcess(entry -> {
            try {
                List<String> argv = List.of(Files.readString(entry.resolve("cmdline"), StandardCharsets.UTF_8)
                        .split("\0"));
                if (argv.containsAll(args)) {
                    ProcessHandle.of(Long.parseLong(entry.getFileName().toString()))
                            .filter(ProcessHandle::isAlive)
                            .ifPresent(found::add);
                }
            } catch (IOException | RuntimeException gone) {
                // Ended meanwhile, or not ours to read.
            }
        });
        return found;
    }

    private static List<ProcessHandle> inGroup(long pgid, String envEntry) {
        List<ProcessHandle> found = new ArrayList<>();
        forEachProcess(entry -> {
            if (processGroup(entry).orElse(-1L) == pgid && environment(entry).contains(envEntry)) {
                ProcessHandle.of(Long.parseLong(entry.getFileName().toString()))
                        .filter(ProcessHandle::isAlive)
                        .ifPresent(found::add);
            }
        });
        return found;
    }

    private static void forEachProcess(Consumer<Path> action) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path entry : entries) {
                action.accept(entry);
            }
        } catch (IOException | RuntimeException noProcfs) {
            // Without /proc nothing beyond a live leader's descendants can be found.
        }
    }

    /** The entries of /proc/PID/environ; empty for a process that is gone or not ours to read. */
    private static List<String> environment(Path procEntry) {
        try {
            return List.of(Files.readString(procEntry.resolve("environ"), StandardCharsets.UTF_8)
                    .split("\0"));
        } catch (IOException | RuntimeException unreadable) {
            return List.of();
        }
    }

    /** The leader (while it lives), its descendants, and every process whose group is {@code pgid}. */
    static List<ProcessHandle> members(long pgid, ProcessHandle leader) {
        List<ProcessHandle> found = new ArrayList<>();
        Stream.concat(Stream.of(leader), leader.descendants())
                .filter(ProcessHandle::isAlive)
                .forEach(found::add);
        forEachProcess(entry -> {
            long pid = Long.parseLong(entry.getFileName().toString());
            if (pid != pgid && processGroup(entry).orElse(-1L) == pgid) {
                ProcessHandle.of(pid).ifPresent(found::add);
            }
        });
        return found.stream().distinct().toList();
    }

    /** Field 5 of /proc/PID/stat, read after the command name, which may itself contain spaces and parentheses. */
    static Optional<Long> processGroup(Path procEntry) {
        try {
            String stat = Files.readString(procEntry.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(Long.parseLong(fields[2]));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }
}
