package io.ainfinity.job;

/**
 * Fired (synchronously, after the commit) whenever an event of a job is stored, whatever its kind: the one signal the
 * event bus reads on. Observers of a kind observe its own type ({@link JobTransitioned}, …).
 */
public interface JobEventRecorded {

    /** The job's key. */
    String jobName();

    /** The job was recorded, with its first event. */
    record Created(String jobName) implements JobEventRecorded {}

    /** New metrics of the job were stored with a metrics event. */
    record Metrics(String jobName) implements JobEventRecorded {}
}
