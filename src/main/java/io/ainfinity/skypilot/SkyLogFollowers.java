package io.ainfinity.skypilot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;

import org.jboss.logging.Logger;

import io.ainfinity.job.Job;
import io.ainfinity.logs.LogUpstream;
import io.ainfinity.process.CommandSpec;
import io.ainfinity.process.ProcessRunner;
import io.ainfinity.process.ProcessTree;
import io.ainfinity.task.SkyMode;

/**
 * The upstream of a SkyPilot job's log stream: one {@code sky logs --follow} (or {@code sky jobs logs --follow})
 * process per followed job, writing into a spool file that the stream's feed reads. At most
 * {@code ainfinity.skypilot.max-log-followers} run at once, since each holds a slot on the SkyPilot API server.
 */
final class SkyLogFollowers {

    private static final Logger LOG = Logger.getLogger(SkyLogFollowers.class);

    private final SkyCli cli;
    private final SkyFiles files;
    private final int max;
    private final Semaphore slots;

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
     * Starts following the job's log into its spool file; empty when there is nothing to follow yet (no SkyPilot job
     * id) or no slot is free, so the caller tries again later. The spool is rewritten from the log's first line
     * ({@code --tail 0}), so line numbers stay the same whenever a follower restarts.
     */
    Optional<LogUpstream> start(Job job) {
        Optional<SkyRef> ref = SkyRef.parse(job.runRef()).filter(r -> r.jobId() != null);
        if (ref.isEmpty() || !slots.tryAcquire()) {
            return Optional.empty();
        }
        List<String> argv = job.spec().skyMode() == SkyMode.MANAGED
                ? cli.commands().jobsLogsFollow(ref.get().jobId())
                : cli.commands().logsFollow(SkyLauncher.cluster(job), ref.get().jobId());
        try {
            Path spool = spool(job.name());
            Files.createDirectories(spool.getParent());
            Files.deleteIfExists(spool);
            Process process =
                    ProcessRunner.start(new CommandSpec(argv, cli.settings().env(), null, Duration.ZERO), spool);
            process.onExit().thenRun(slots::release);
            LOG.debugf("job=%s following its log (pid %d)", job.name(), process.pid());
            return Optional.of(new LogUpstream() {
                @Override
                public boolean writing() {
                    return process.isAlive();
                }

                @Override
                public void close() {
                    ProcessTree.kill(process.toHandle());
                }
            });
        } catch (IOException | RuntimeException e) {
            slots.release();
            LOG.warnf("job=%s log follower not started: %s", job.name(), e.getMessage());
            return Optional.empty();
        }
    }
}
