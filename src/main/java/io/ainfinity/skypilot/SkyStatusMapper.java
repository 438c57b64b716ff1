package io.ainfinity.skypilot;

import java.util.Map;

import io.ainfinity.job.JobStatus;

/**
 * SkyPilot's states in ours. Pure; the one place these tables live.
 *
 * <table>
 *   <caption>Cluster mode: the job on the cluster ({@code sky queue}), else the cluster ({@code sky status})</caption>
 *   <tr><th>SkyPilot</th><th>ainfinity</th></tr>
 *   <tr><td>job INIT, PENDING, SETTING_UP</td><td>provisioning</td></tr>
 *   <tr><td>job RUNNING</td><td>running</td></tr>
 *   <tr><td>job SUCCEEDED</td><td>completed</td></tr>
 *   <tr><td>job FAILED, FAILED_SETUP, FAILED_DRIVER</td><td>failed</td></tr>
 *   <tr><td>job CANCELLED</td><td>stopped</td></tr>
 *   <tr><td>cluster INIT, PENDING, or UP with its job not listed yet</td><td>provisioning</td></tr>
 *   <tr><td>cluster STOPPED before the job's outcome was seen</td><td>unknown</td></tr>
 *   <tr><td>cluster AUTOSTOPPING with its job not listed</td><td>(no change)</td></tr>
 *   <tr><td>cluster gone before the job's outcome was seen</td><td>unknown</td></tr>
 * </table>
 *
 * <table>
 *   <caption>Managed mode ({@code sky jobs queue})</caption>
 *   <tr><th>SkyPilot</th><th>ainfinity</th></tr>
 *   <tr><td>PENDING, SUBMITTED, STARTING</td><td>provisioning</td></tr>
 *   <tr><td>RUNNING, RECOVERING, WINDING_DOWN</td><td>running</td></tr>
 *   <tr><td>SUCCEEDED</td><td>completed</td></tr>
 *   <tr><td>FAILED, FAILED_SETUP, FAILED_PRECHECKS, FAILED_NO_RESOURCE, FAILED_CONTROLLER</td>
 *       <td>failed, with SkyPilot's failure_reason</td></tr>
 *   <tr><td>CANCELLING</td><td>stopping</td></tr>
 *   <tr><td>CANCELLED</td><td>stopped</td></tr>
 *   <tr><td>no longer listed before its outcome was seen</td><td>unknown</td></tr>
 * </table>
 *
 * Any value not in these tables maps to unknown and is reported in {@link Observation#unknownValue()}, so that the
 * caller can log it (once per value): SkyPilot adds states between releases.
 */
public final class SkyStatusMapper {

    private static final Map<String, JobStatus> CLUSTER_JOB = Map.of(
            "INIT", JobStatus.PROVISIONING,
            "PENDING", JobStatus.PROVISIONING,
            "SETTING_UP", JobStatus.PROVISIONING,
            "RUNNING", JobStatus.RUNNING,
            "SUCCEEDED", JobStatus.COMPLETED,
            "FAILED", JobStatus.FAILED,
            "FAILED_SETUP", JobStatus.FAILED,
            "FAILED_DRIVER", JobStatus.FAILED,
            "CANCELLED", JobStatus.STOPPED);

    private static final Map<String, JobStatus> MANAGED = Map.ofEntries(
            Map.entry("PENDING", JobStatus.PROVISIONING),
            Map.entry("SUBMITTED", JobStatus.PROVISIONING),
            Map.entry("STARTING", JobStatus.PROVISIONING),
            Map.entry("RUNNING", JobStatus.RUNNING),
            Map.entry("RECOVERING", JobStatus.RUNNING),
            Map.entry("WINDING_DOWN", JobStatus.RUNNING),
            Map.entry("SUCCEEDED", JobStatus.COMPLETED),
            Map.entry("FAILED", JobStatus.FAILED),
            Map.entry("FAILED_SETUP", JobStatus.FAILED),
            Map.entry("FAILED_PRECHECKS", JobStatus.FAILED),
            Map.entry("FAILED_NO_RESOURCE", JobStatus.FAILED),
            Map.entry("FAILED_CONTROLLER", JobStatus.FAILED),
            Map.entry("CANCELLING", JobStatus.STOPPING),
            Map.entry("CANCELLED", JobStatus.STOPPED));

    private static final Map<String, String> CLUSTER_JOB_FAILURES = Map.of(
            "FAILED", "the task's run command failed",
            "FAILED_SETUP", "the task's setup command failed",
            "FAILED_DRIVER", "SkyPilot's job driver failed");

    /**
     * What was observed.
     *
     * @param status the status the job should have, or null when the observation says nothing new
     * @param skyStatus the raw SkyPilot status to keep on the job ({@code <cluster>/<job>} in cluster mode)
     * @param message why, for the transition's event (and error_message when it fails)
     * @param unknownValue a SkyPilot value this table does not know, or null
     */
    public record Observation(JobStatus status, String skyStatus, String message, String unknownValue) {}

    private SkyStatusMapper() {}

    /**
     * @param cluster the cluster's status, or null when {@code sky status} did not list it
     * @param jobStatus the job's status on the cluster, or null when its queue did not list it
     */
    public static Observation cluster(String clusterName, String cluster, Long jobId, String jobStatus) {
        String raw = (cluster == null ? "-" : cluster) + "/" + (jobStatus == null ? "-" : jobStatus);
        if (cluster == null) {
            return new Observation(
                    JobStatus.UNKNOWN,
                    raw,
                    "cluster '%s' vanished before the job's final status was seen".formatted(clusterName),
                    null);
        }
        if (jobStatus != null) {
            JobStatus mapped = CLUSTER_JOB.get(jobStatus);
            if (mapped == null) {
                return unknown(raw, jobStatus, "SkyPilot reported job status " + jobStatus);
            }
            String message = CLUSTER_JOB_FAILURES.containsKey(jobStatus)
                    ? "%s (SkyPilot job %s on cluster '%s' ended %s)"
                            .formatted(CLUSTER_JOB_FAILURES.get(jobStatus), jobId, clusterName, jobStatus)
                    : "SkyPilot job %s on cluster '%s' is %s".formatted(jobId, clusterName, jobStatus);
            return new Observation(mapped, raw, message, null);
        }
        return switch (cluster) {
            case "INIT", "PENDING", "UP" ->
                new Observation(
                        JobStatus.PROVISIONING, raw, "cluster '%s' is %s".formatted(clusterName, cluster), null);
            case "STOPPED" ->
                new Observation(
                        JobStatus.UNKNOWN,
                        raw,
                        "cluster '%s' stopped before the job's final status was seen".formatted(clusterName),
                        null);
            case "AUTOSTOPPING" -> new Observation(null, raw, null, null);
            default -> unknown(raw, cluster, "SkyPilot reported cluster status " + cluster);
        };
    }

    /** @param status the managed job's status as {@code sky jobs queue} lists it */
    public static Observation managed(long jobId, String status, String failureReason) {
        JobStatus mapped = MANAGED.get(status);
        if (mapped == null) {
            return unknown(status, status, "SkyPilot reported managed job status " + status);
        }
        String message = mapped == JobStatus.FAILED
                ? status + ": " + (failureReason == null || failureReason.isBlank() ? "no reason given" : failureReason)
                : "managed job %d is %s".formatted(jobId, status);
        return new Observation(mapped, status, message, null);
    }

    /**
     * Whether a managed job in this state runs, or will: neither ended nor being cancelled. A state this table does
     * not know counts as running, since SkyPilot adds states between releases.
     */
    static boolean managedRunning(String status) {
        JobStatus mapped = status == null ? null : MANAGED.get(status);
        return mapped == null || (!mapped.isTerminal() && mapped != JobStatus.STOPPING);
    }

    /**
     * A managed job {@code sky jobs queue} does not list (any more) before its outcome was seen.
     *
     * @param jobId its SkyPilot id, or null when its launch reported none (then it was looked up by name)
     */
    public static Observation managedNotListed(Long jobId, String jobName) {
        return new Observation(
                JobStatus.UNKNOWN, "-", notListed(jobId, jobName) + "; its final status was not seen", null);
    }

    /** {@code managed job 7 is no longer listed by SkyPilot}, or by name when no id was ever recorded. */
    static String notListed(Long jobId, String jobName) {
        return jobId != null
                ? "managed job %d is no longer listed by SkyPilot".formatted(jobId)
                : "no managed job named '%s' is listed by SkyPilot (its launch reported no job id)".formatted(jobName);
    }

    private static Observation unknown(String raw, String value, String message) {
        return new Observation(JobStatus.UNKNOWN, raw, message, value);
    }
}
