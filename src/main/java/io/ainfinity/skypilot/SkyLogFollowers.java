package io.ainfinity.skypilot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.ainfinity.job.Job;
import io.ainfinity.logs.LogUpstream;
import io.ainfinity.process.CommandSpec;
import io.ainfinity.process.ProcessRunner;
import io.ainfinity.process.ProcessTree;
import io.ainfinity.task.SkyMode;

/**
 * The upstream of a SkyPilot job's log: one {@code sky logs --follow} (or {@code sky jobs logs --follow}) process per
 * followed job, writing into a spool file that the job's log streams and its metrics harvest read. Every user of a
 * job's log gets a handle on the same process; the process stops when the last handle is closed (or when the job
 * ends). At most {@code ainfinity.skypilot.max-log-followers} run at once, since each holds a slot on the SkyPilot API
 * server.
 */
final class SkyLogFollowers {

    private static final Logger LOG = Logger.getLogger(SkyLogFollowers.class);

    private final SkyCli cli;
    private final SkyFiles files;
    private final int max;
    private final Semaphore slots;
    private final Map<String, Follower> following = new ConcurrentHashMap<>();

    SkyLogFollowers(SkyCli cli, SkyFiles files, int max) {
        this.cli = cli;
        this.files = files;
        this.max = max;
        this.slots = new Semaphore(max);
    }

    /** Followers running now. */
    int running() {
        return max - slots.availablePermits();
    }

    int max() {
        return max;
    }

    Path spool(String job) {
        return files.dir(job).resolve("follow.log");
    }

    /**
     * A handle on the job's follower, started unless one already runs; empty when there is nothing to follow yet (no
     * SkyPilot job id) or no slot is free, so the caller tries again later. A new follower rewrites the spool from the
     * log's first line ({@code --tail 0}), so line numbers stay the same whenever a follower restarts.
     */
    Optional<Handle> start(Job job) {
        Optional<SkyRef> ref = SkyRef.parse(job.runRef()).filter(r -> r.jobId() != null);
        if (ref.isEmpty()) {
            return Optional.empty();
        }
        // Under the map's lock for the job, so users asking at once share one process.
        Follower follower = following.compute(
                job.name(), (name, current) -> current != null && current.join() ? current : launch(job, ref.get()));
        return Optional.ofNullable(follower).map(f -> new Handle(job.name(), f));
    }

    private Follower launch(Job job, SkyRef ref) {
        if (!slots.tryAcquire()) {
            return null;
        }
        List<String> argv = job.spec().skyMode() == SkyMode.MANAGED
                ? cli.commands().jobsLogsFollow(ref.jobId())
                : cli.commands().logsFollow(SkyLauncher.cluster(job), ref.jobId());
        try {
            Path spool = spool(job.name());
            Files.createDirectories(spool.getParent());
            Files.deleteIfExists(spool);
            Process process =
                    ProcessRunner.start(new CommandSpec(argv, cli.settings().env(), null, Duration.ZERO), spool);
            process.onExit().thenRun(slots::release);
            LOG.debugf("job=%s following its log (pid %d)", job.name(), process.pid());
            return new Follower(process);
        } catch (IOException | RuntimeException e) {
            slots.release();
            LOG.warnf("job=%s log follower not started: %s", job.name(), e.getMessage());
            return null;
        }
    }

    /**
     * Stops every follower, whoever holds it: at shutdown, since each runs in its own session and would otherwise
     * outlive the service until its job ends. Handles still open afterwards find their upstream no longer writing.
     */
    void stopAll() {
        following.forEach((job, follower) -> {
            following.remove(job, follower);
            ProcessTree.kill(follower.process.toHandle());
        });
    }

    private void release(String job, Follower follower) {
        if (follower.leave()) {
            following.remove(job, follower);
            ProcessTree.kill(follower.process.toHandle());
        }
    }

    /** One follower process and the number of open handles on it. */
    private static final class Follower {

        private final Process process;
        private int users = 1;

        Follower(Process process) {
            this.process = process;
        }

        /** One more user; false when the last one has just left, so the process is being stopped. */
        synchronized boolean join() {
            if (users == 0) {
                return false;
            }
            users++;
            return true;
        }

        /** One user fewer; true when it was the last. */
        synchronized boolean leave() {
            return --users == 0;
        }
    }

    /** One user's hold on a job's follower; closing it (once) stops the process if nobody else holds it. */
    final class Handle implements LogUpstream {

        private final String job;
        private final Follower follower;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Handle(String job, Follower follower) {
            this.job = job;
            this.follower = follower;
        }

        @Override
        public boolean writing() {
            return follower.process.isAlive();
        }

        /**
         * Completes once the process has exited: true when it ended with its job, having copied the whole log (it
         * exits with the job's status), false when it failed or was killed.
         */
        CompletableFuture<Boolean> finished() {
            return follower.process.onExit().thenApply(p -> SkyLogs.printed(p.exitValue()));
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                release(job, follower);
            }
        }
    }
}
