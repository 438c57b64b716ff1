package io.ainfinity.skypilot;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import io.ainfinity.job.Job;
import io.ainfinity.skypilot.SkySnapshot.Cluster;
import io.ainfinity.skypilot.SkySnapshot.ClusterJob;
import io.ainfinity.skypilot.SkySnapshot.ManagedJob;

/**
 * Reads SkyPilot's state for a cycle with at most three {@code sky} calls whatever the number of jobs:
 * {@code sky status -o json} and {@code sky jobs queue -o json -v -a} side by side, then one {@code sky queue -o json}
 * for every cluster of a cluster-mode job that status lists as UP. A call no job needs is skipped. A call that fails
 * or prints no JSON leaves its part unknown, so nothing is concluded from it.
 */
final class SkyReader {

    private static final Logger LOG = Logger.getLogger(SkyReader.class);

    private final SkyCli cli;
    private final Clock clock;

    SkyReader(SkyCli cli, Clock clock) {
        this.cli = cli;
        this.clock = clock;
    }

    /**
     * @param teardowns clusters to see gone: status is read for them even without a cluster job
     * @param strays managed jobs to cancel if listed: the jobs queue is read for them even without a managed job
     */
    Uni<SkySnapshot> read(
            List<Job> clusterJobs,
            List<Job> managedJobs,
            Set<String> teardowns,
            Set<String> strays,
            AtomicInteger calls) {
        Instant statusAt = clock.instant();
        Uni<Optional<Map<String, Cluster>>> status = clusterJobs.isEmpty() && teardowns.isEmpty()
                ? Uni.createFrom().item(Optional.empty())
                : call(cli.commands().status(), calls).map(c -> parse(c, SkyOutput::clusters));
        Uni<Optional<List<ManagedJob>>> managed = managedJobs.isEmpty() && strays.isEmpty()
                ? Uni.createFrom().item(Optional.empty())
                : call(cli.commands().jobsQueue(), calls).map(SkyReader::managed);
        return Uni.combine().all().unis(status, managed).asTuple().flatMap(both -> {
            Map<String, Cluster> clusters = both.getItem1().orElse(null);
            List<ManagedJob> jobs = both.getItem2().orElse(null);
            Set<String> queued = new TreeSet<>();
            if (clusters != null) {
                clusterJobs.stream()
                        .map(SkyLauncher::cluster)
                        .filter(c -> clusters.containsKey(c) && clusters.get(c).queueReadable())
                        .forEach(queued::add);
            }
            // A queue that could not be read is empty here, which the snapshot tells as unknown for every cluster.
            Uni<Map<String, List<ClusterJob>>> queues = queued.isEmpty()
                    ? Uni.createFrom().item(Map.of())
                    : call(cli.commands().queue(queued), calls)
                            .map(c -> parse(c, SkyOutput::queues).orElse(Map.of()));
            return queues.map(q -> new SkySnapshot(clusters, q, jobs, statusAt));
        });
    }

    /** The call, or null when it could not even be started (pool full, CLI missing). */
    private Uni<SkyCall> call(List<String> argv, AtomicInteger calls) {
        calls.incrementAndGet();
        return cli.read(argv).onFailure().recoverWithItem(e -> {
            LOG.warnf("%s could not run: %s", argv.subList(1, Math.min(3, argv.size())), e.getMessage());
            return null;
        });
    }

    private static <T> Optional<T> parse(SkyCall call, Function<String, T> parser) {
        if (call == null) {
            return Optional.empty();
        }
        if (!call.ok()) {
            LOG.warnf("%s failed: %s", call.name(), call.failure());
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(call.stdout()));
        } catch (SkyOutputException e) {
            LOG.warnf("%s: %s", call.name(), e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<List<ManagedJob>> managed(SkyCall call) {
        // Before the first managed job there is no jobs controller, and SkyPilot says so with exit code 1.
        if (call != null
                && call.exitCode() == 1
                && !call.timedOut()
                && SkyOutput.noManagedJobs(call.stdout(), call.stderr())) {
            return Optional.of(List.of());
        }
        return parse(call, SkyOutput::managedJobs);
    }
}
