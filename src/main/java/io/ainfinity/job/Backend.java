package io.ainfinity.job;

import java.nio.file.Path;
import java.util.Optional;

import io.smallrye.mutiny.Uni;

import io.ainfinity.logs.LogTail;
import io.ainfinity.logs.LogUpstream;

/**
 * Something that runs tasks. It reports what it observes through {@link io.ainfinity.job.JobLifecycle}; the calls
 * here only start work and return once it is under way.
 */
public interface Backend {

    /** The name stored on jobs ({@link io.ainfinity.task.Backends}). */
    String name();

    /**
     * Starts the task of a job just recorded as {@code pending}: the job as stored, its rendered task included
     * ({@link Job#taskYaml()}), so nothing is read back. Completes when the task has been started (or failed).
     */
    Uni<Void> launch(Job job);

    /** Why this backend takes no new jobs now, if it takes none: a launch is then refused before anything is recorded. */
    default Optional<String> refusesLaunches() {
        return Optional.empty();
    }

    /** Whether this backend is switched off on this server, so that even its existing jobs cannot be served. */
    default boolean disabled() {
        return false;
    }

    /**
     * Holds a place for one more launch, taken before its job is recorded: a backend whose launches wait in a bounded
     * line refuses here, so that a launch it cannot take is answered 503 and leaves no job behind. The caller closes
     * the reservation once {@link #launch} has been called or the request has failed.
     *
     * @throws io.ainfinity.errors.ServiceUnavailableException when the backend's line is full
     */
    default LaunchReservation reserveLaunch() {
        return LaunchReservation.NONE;
    }

    /**
     * Stops a job that has just been moved to {@code stopping}; the backend moves it on to {@code stopped} once nothing
     * runs any more.
     *
     * @param before the job as it was before the stop, which tells whether a launch may still be under way
     */
    Uni<Void> stop(Job before);

    /** The file holding the job's output on this host, which the log streams follow. */
    Path logFile(Job job);

    /**
     * Starts whatever keeps {@link #logFile} growing while the job runs, if the backend needs something (a process
     * copying a remote log); closing the handle stops it. Empty when nothing can be followed yet: ask again later.
     */
    Optional<LogUpstream> followLog(Job job);

    /** The last {@code tail} lines of the job's output. */
    Uni<LogTail> logs(Job job, int tail);

    /** Removes whatever the backend keeps for a finished job. */
    Uni<Void> cleanup(Job job);
}
