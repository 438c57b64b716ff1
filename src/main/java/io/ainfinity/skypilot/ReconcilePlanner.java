package io.ainfinity.skypilot;

import java.util.Optional;

import io.ainfinity.job.Job;
import io.ainfinity.job.JobStatus;
import io.ainfinity.skypilot.SkySnapshot.Cluster;
import io.ainfinity.skypilot.SkySnapshot.ClusterJob;
import io.ainfinity.skypilot.SkySnapshot.ManagedJob;
import io.ainfinity.skypilot.SkyStatusMapper.Observation;
import io.ainfinity.task.SkyMode;

/**
 * Decides, for one active SkyPilot job and what a cycle read from SkyPilot, what the reconciler should do. Pure.
 *
 * <p>A job whose launch outcome was never recorded (a "launch started" marker with no launch in flight) is looked up
 * by name first: found, it is adopted; only when SkyPilot knows nothing of it is it launched again. So a crash between
 * {@code sky launch} and recording its result never yields a second cluster, nor a lost job.
 */
public final class ReconcilePlanner {

    /**
     * @param adoptRef a run handle to record in place of the current one (adoption, or a job id learnt late)
     * @param observation the status to move to and the raw SkyPilot status to keep; null for nothing to record
     * @param relaunch the launch never happened or left no trace: launch it (again)
     * @param restop the job is stopping but SkyPilot still runs it: run the stop again (when due)
     * @param teardown once the observed terminal status is recorded, tear the cluster down
     */
    public record Decision(
            SkyRef adoptRef, Observation observation, boolean relaunch, boolean restop, boolean teardown) {

        static final Decision NONE = new Decision(null, null, false, false, false);

        static Decision relaunchOrRestop(boolean stopping) {
            return new Decision(null, null, !stopping, stopping, false);
        }
    }

    private ReconcilePlanner() {}

    /** @param recovering the first cycle after start-up, when jobs whose launch never began are launched */
    public static Decision decide(Job job, SkySnapshot snapshot, boolean recovering) {
        boolean stopping = job.status() == JobStatus.STOPPING;
        Optional<SkyRef> ref = SkyRef.parse(job.runRef());
        if (ref.isEmpty()) {
            if (stopping) {
                return new Decision(null, null, false, true, false);
            }
            boolean neverStarted = job.status() == JobStatus.PENDING || job.status() == JobStatus.PROVISIONING;
            return recovering && neverStarted ? new Decision(null, null, true, false, false) : Decision.NONE;
        }
        return job.spec().skyMode() == SkyMode.MANAGED
                ? managed(job, ref.get(), snapshot, stopping)
                : cluster(job, ref.get(), snapshot, stopping);
    }

    private static Decision cluster(Job job, SkyRef ref, SkySnapshot snapshot, boolean stopping) {
        if (!snapshot.clustersKnown()) {
            return Decision.NONE;
        }
        String name = job.clusterName() != null ? job.clusterName() : job.name();
        Optional<Cluster> cluster = snapshot.cluster(name);
        if (ref.isLaunching() && cluster.isEmpty()) {
            return Decision.relaunchOrRestop(stopping);
        }
        if (cluster.isEmpty()) {
            Observation gone = stopping
                    ? new Observation(JobStatus.STOPPED, "-/-", "stopped; cluster '%s' is gone".formatted(name), null)
                    : SkyStatusMapper.cluster(name, null, ref.jobId(), null);
            return new Decision(null, gone, false, false, false);
        }
        if (cluster.get().queueReadable() && !snapshot.queueKnown(name)) {
            // Its queue was asked for and not read (failed, hung, garbled, or left out by SkyPilot): conclude nothing,
            // so the job keeps the status and sky_status last seen.
            return new Decision(null, null, false, stopping, false);
        }
        Long knownId = ref.isLaunching() ? null : ref.jobId();
        Optional<ClusterJob> onCluster = snapshot.clusterJob(name, knownId, job.name());
        SkyRef adopt = null;
        if (knownId == null) {
            Long learnt = onCluster.map(ClusterJob::jobId).orElse(null);
            if (ref.isLaunching() || learnt != null) {
                adopt = SkyRef.recorded(SkyMode.CLUSTER, learnt);
            }
        }
        Observation observed = SkyStatusMapper.cluster(
                name,
                cluster.get().status(),
                onCluster.map(ClusterJob::jobId).orElse(null),
                onCluster.map(ClusterJob::status).orElse(null));
        boolean terminal = observed.status() != null && observed.status().isTerminal();
        boolean teardown = terminal && (job.spec().down() || stopping);
        return new Decision(adopt, observed, false, stopping && !terminal, teardown);
    }

    private static Decision managed(Job job, SkyRef ref, SkySnapshot snapshot, boolean stopping) {
        if (!snapshot.managedKnown()) {
            return Decision.NONE;
        }
        Long knownId = ref.isLaunching() ? null : ref.jobId();
        Optional<ManagedJob> found = snapshot.managedJob(knownId, job.name());
        if (ref.isLaunching() && found.isEmpty()) {
            return Decision.relaunchOrRestop(stopping);
        }
        SkyRef adopt = knownId == null && found.isPresent()
                ? SkyRef.recorded(SkyMode.MANAGED, found.get().jobId())
                : null;
        Observation observed;
        if (found.isPresent()) {
            ManagedJob m = found.get();
            observed = SkyStatusMapper.managed(m.jobId(), m.status(), m.failureReason());
        } else if (stopping) {
            observed = new Observation(
                    JobStatus.STOPPED, "-", "stopped; " + SkyStatusMapper.notListed(knownId, job.name()), null);
        } else {
            observed = SkyStatusMapper.managedNotListed(knownId, job.name());
        }
        JobStatus next = observed.status();
        boolean settling = next != null && (next.isTerminal() || next == JobStatus.STOPPING);
        return new Decision(adopt, observed, false, stopping && !settling, false);
    }
}
