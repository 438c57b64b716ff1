package io.ainfinity.job;

import java.time.Instant;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One recorded event of a job: a status transition, or a snapshot of its training metrics.
 *
 * @param id global, increasing across all jobs (assigned by the store)
 * @param seq per job, 1 for the creation event, then +1 per event of either type
 * @param from null for the creation event; for metrics events, null
 * @param to the status the job is in after the event
 * @param type {@link #STATUS} or {@link #METRICS}
 * @param data the values of a metrics event (null for status events)
 * @param owner the job's owner, filled when events are read for streaming (null otherwise)
 * @param displayName the name the job's owner gave it ({@link Job#displayName()}), filled when events are read
 */
// The payload of job event streams, which are not typed in any REST signature.
@RegisterForReflection
public record JobEvent(
        long id,
        String jobName,
        long seq,
        JobStatus from,
        JobStatus to,
        Instant at,
        String message,
        String type,
        Map<String, Object> data,
        String owner,
        String displayName) {

    public static final String STATUS = "status";
    public static final String METRICS = "metrics";

    /** A status transition. */
    public JobEvent(long id, String jobName, long seq, JobStatus from, JobStatus to, Instant at, String message) {
        this(id, jobName, seq, from, to, at, message, STATUS, null, null, jobName);
    }

    public JobEvent(
            long id,
            String jobName,
            long seq,
            JobStatus from,
            JobStatus to,
            Instant at,
            String message,
            String type,
            Map<String, Object> data,
            String owner) {
        this(id, jobName, seq, from, to, at, message, type, data, owner, jobName);
    }

    public boolean isTerminalStatus() {
        return STATUS.equals(type) && to.isTerminal();
    }
}
