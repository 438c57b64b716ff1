package io.ainfinity.skypilot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import io.ainfinity.errors.ServiceUnavailableException;
import io.ainfinity.job.Job;
import io.ainfinity.logs.LogTail;
import io.ainfinity.process.CommandNotFoundException;
import io.ainfinity.process.WorkerPool;
import io.ainfinity.task.SkyMode;

/**
 * Job logs from SkyPilot ({@code sky logs --no-follow}, {@code sky jobs logs --no-follow}). The logs endpoint is the
 * one read that runs {@code sky}: at most one process per job and tail at a time, its answer shared for a few seconds
 * by every caller. A cluster's log is kept on disk before the cluster is torn down, and served from there after.
 */
final class SkyLogs {

    private static final Logger LOG = Logger.getLogger(SkyLogs.class);
    private static final Duration SHARED_FOR = Duration.ofSeconds(3);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(60);
    static final int SNAPSHOT_LINES = 10_000;
    private static final Set<Integer> LOG_PRINTED = Set.of(0, 100, 101, 103);

    private record Cached(Instant at, Uni<List<String>> lines) {}

    private final SkyCli cli;
    private final SkyFiles files;
    private final WorkerPool pool;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    SkyLogs(SkyCli cli, SkyFiles files, WorkerPool pool, Clock clock) {
        this.cli = cli;
        this.files = files;
        this.pool = pool;
        this.clock = clock;
    }

    Uni<LogTail> logs(Job job, int tail) {
        String name = job.name();
        if (job.status().isTerminal() && files.hasLogSnapshot(name)) {
            return pool.submit(() -> new LogTail(files.readLogSnapshot(name, tail)));
        }
        Optional<SkyRef> ref = SkyRef.parse(job.runRef()).filter(r -> r.jobId() != null);
        if (ref.isEmpty()) {
            return Uni.createFrom().item(LogTail.empty());
        }
        List<String> argv = job.spec().skyMode() == SkyMode.MANAGED
                ? cli.commands().jobsLogs(ref.get().jobId(), tail)
                : cli.commands().logs(SkyLauncher.cluster(job), ref.get().jobId(), tail);
        return shared(name + "#" + tail, argv)
                .map(lines -> new LogTail(last(lines, tail)))
                .onFailure(CommandNotFoundException.class)
                .recoverWithUni(() -> withoutCli(name, tail));
    }

    /** The CLI has gone: the log kept on disk if there is one, else 503 like any launch while SkyPilot is missing. */
    private Uni<LogTail> withoutCli(String name, int tail) {
        if (files.hasLogSnapshot(name)) {
            return pool.submit(() -> new LogTail(files.readLogSnapshot(name, tail)));
        }
        return Uni.createFrom()
                .failure(new ServiceUnavailableException(
                        "the job's log cannot be read: "
                                + SkyAvailability.missing(cli.settings().cli()),
                        RETRY_AFTER));
    }

    /** Keeps the end of a cluster job's log before its cluster goes away; the lines kept, none when it was not read. */
    Uni<List<String>> snapshot(Job job, String cluster, long jobId) {
        return cli.read(cli.commands().logs(cluster, jobId, SNAPSHOT_LINES))
                .map(call -> {
                    if (!printed(call)) {
                        return List.<String>of();
                    }
                    List<String> lines = lines(call);
                    try {
                        files.writeLogSnapshot(job.name(), lines);
                    } catch (java.io.IOException e) {
                        LOG.warnf("job=%s log snapshot not written: %s", job.name(), e.getMessage());
                    }
                    return lines;
                })
                .onFailure()
                .recoverWithItem(List.of());
    }

    /**
     * The end of an ended job's log, read once ({@code sky logs --no-follow}, {@code sky jobs logs --no-follow}): what
     * its final metrics are taken from when no follower copied its log. None without a SkyPilot job id.
     */
    Uni<List<String>> finalLog(Job job, Long jobId) {
        if (jobId == null) {
            return Uni.createFrom().item(List.of());
        }
        List<String> argv = job.spec().skyMode() == SkyMode.MANAGED
                ? cli.commands().jobsLogs(jobId, SNAPSHOT_LINES)
                : cli.commands().logs(SkyLauncher.cluster(job), jobId, SNAPSHOT_LINES);
        return cli.read(argv)
                .map(call -> printed(call) ? lines(call) : List.<String>of())
                .onFailure()
                .recoverWithItem(List.of());
    }

    private Uni<List<String>> shared(String key, List<String> argv) {
        Instant now = clock.instant();
        cache.entrySet().removeIf(e -> e.getValue().at().plus(SHARED_FOR).isBefore(now));
        return cache.computeIfAbsent(
                        key,
                        k -> new Cached(
                                now,
                                cli.read(argv)
                                        .map(call -> {
                                            if (!printed(call)) {
                                                LOG.debugf("logs unavailable: %s", call.failure());
                                                return List.<String>of();
                                            }
                                            return lines(call);
                                        })
                                        .memoize()
                                        .atLeast(SHARED_FOR)))
                .lines();
    }

    /**
     * Whether {@code sky logs} printed the log: it exits with the job's status, 0 but also 100 (failed), 101 (not
     * finished) and 103 (cancelled), and 102 when there is no such job. {@code sky jobs logs --no-follow} exits 0.
     */
    static boolean printed(SkyCall call) {
        return !call.timedOut() && printed(call.exitCode());
    }

    /** Whether a {@code sky logs} or {@code sky jobs logs} process that exited so printed the whole log. */
    static boolean printed(int exitCode) {
        return LOG_PRINTED.contains(exitCode);
    }

    /** The log's lines without SkyPilot's coloured header, and without blank lines at either end. */
    static List<String> lines(SkyCall call) {
        List<String> lines = Arrays.stream(SkyOutput.stripAnsi(call.stdout()).split("\n", -1))
                .filter(line -> !line.startsWith("Tailing logs of job "))
                .dropWhile(String::isEmpty)
                .toList();
        int end = lines.size();
        while (end > 0 && lines.get(end - 1).isEmpty()) {
            end--;
        }
        return lines.subList(0, end);
    }

    private static List<String> last(List<String> lines, int tail) {
        return lines.size() <= tail ? lines : lines.subList(lines.size() - tail, lines.size());
    }
}
