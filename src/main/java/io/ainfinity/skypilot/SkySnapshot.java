package io.ainfinity.skypilot;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one reconcile cycle learnt from SkyPilot. A part that could not be read is null (unknown), which is not the same
 * as empty: nothing is concluded from a command that failed.
 *
 * @param clusters {@code sky status}, by cluster name; null when not read or unreadable
 * @param queues {@code sky queue}, by cluster name; a cluster is absent, its queue unknown, when its queue was not
 *     read, the read failed or printed no JSON, or SkyPilot could not fetch that cluster's queue
 * @param managed {@code sky jobs queue}; null when not read or unreadable
 * @param statusStartedAt when the reads were started (status and jobs queue together): a teardown, or a stray managed
 *     job, is judged only by a later read
 */
public record SkySnapshot(
        Map<String, Cluster> clusters,
        Map<String, List<ClusterJob>> queues,
        List<ManagedJob> managed,
        Instant statusStartedAt) {

    public record Cluster(String name, String status) {

        /** Whether {@code sky queue} can list this cluster's jobs (and so is asked to). */
        public boolean queueReadable() {
            return "UP".equals(status) || "AUTOSTOPPING".equals(status);
        }
    }

    public record ClusterJob(long jobId, String jobName, String status) {}

    public record ManagedJob(long jobId, String jobName, String status, String failureReason) {}

    public SkySnapshot {
        queues = queues == null ? Map.of() : queues;
    }

    public boolean clustersKnown() {
        return clusters != null;
    }

    public boolean managedKnown() {
        return managed != null;
    }

    public Optional<Cluster> cluster(String name) {
        return clustersKnown() ? Optional.ofNullable(clusters.get(name)) : Optional.empty();
    }

    public boolean queueKnown(String cluster) {
        return queues.containsKey(cluster);
    }

    /** The job with that id on the cluster, or with no id the newest job carrying the job's name. */
    public Optional<ClusterJob> clusterJob(String cluster, Long jobId, String jobName) {
        List<ClusterJob> jobs = queues.getOrDefault(cluster, List.of());
        if (jobId != null) {
            return jobs.stream().filter(j -> j.jobId() == jobId).findFirst();
        }
        return jobs.stream()
                .filter(j -> jobName.equals(j.jobName()))
                .max(Comparator.comparingLong(ClusterJob::jobId))
                .or(() -> jobs.stream().max(Comparator.comparingLong(ClusterJob::jobId)));
    }

    /** The managed job with that id, or with no id the newest one carrying the job's name. */
    public Optional<ManagedJob> managedJob(Long jobId, String jobName) {
        if (!managedKnown()) {
            return Optional.empty();
        }
        if (jobId != null) {
            return managed.stream().filter(j -> j.jobId() == jobId).findFirst();
        }
        return managed.stream()
                .filter(j -> jobName.equals(j.jobName()))
                .max(Comparator.comparingLong(ManagedJob::jobId));
    }
}
