package io.ainfinity.job.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.mutiny.Uni;

import io.ainfinity.job.Job;
import io.ainfinity.job.JobEvent;
import io.ainfinity.job.JobStatus;
import io.ainfinity.job.idempotency.LaunchReceipt;

/** Where jobs and their events live. Every call runs off the event loop and comes back as a {@link Uni}. */
public interface JobStore {

    /**
     * Stores a new job with its creation event.
     *
     * @throws io.ainfinity.errors.ConflictException (as the Uni's failure) when the name is taken
     */
    default Uni<Job> insert(Job job, JobEvent created) {
        return insert(job, created, Optional.empty());
    }

    /**
     * Stores a new job with its creation event and, for a launch under an {@code Idempotency-Key}, its receipt, all in
     * one transaction.
     *
     * @throws io.ainfinity.errors.ConflictException (as the Uni's failure) when the name is taken
     * @throws io.ainfinity.job.idempotency.IdempotencyKeyTakenException (as the Uni's failure) when a live receipt
     *     holds the key
     */
    Uni<Job> insert(Job job, JobEvent created, Optional<LaunchReceipt> receipt);

    /** The job with this key ({@link Job#name()}). */
    Uni<Optional<Job>> find(String jobName);

    /**
     * Jobs whose owner calls them {@code name}, or whose key is {@code name}, in id order (at most 20).
     *
     * @param owner only this owner's jobs; null for every owner's
     */
    Uni<List<Job>> findByName(String name, String owner);

    Uni<JobPage> list(JobQuery query);

    /**
     * Replaces the job's lifecycle fields (status, timestamps, error message, sequence) with those of {@code after}
     * and appends {@code event}, but only if the stored job's sequence number is still {@code expectedSeq}. Returns
     * false when another writer got there first. Details (run handle, SkyPilot status, metrics) are left as stored, so
     * a transition never undoes a detail written meanwhile.
     */
    Uni<Boolean> transition(Job after, long expectedSeq, JobEvent event);

    /**
     * {@link #transition}, but only while the job is still owned by {@code replica}: a job another replica took over
     * meanwhile is left alone (false).
     */
    Uni<Boolean> transitionOwned(Job after, long expectedSeq, String replica, JobEvent event);

    /**
     * Hands an unfinished job to the replica {@code next}, only if it is still owned by {@code expected} (null matches
     * a job without an owner). False when the job has ended or changed hands meanwhile.
     */
    Uni<Boolean> compareAndSetReplica(String jobName, String expected, String next);

    /**
     * Unfinished jobs of {@code backend} owned by a replica other than {@code self} that has not been seen since
     * {@code seenSince}: whose task nobody follows any more. Jobs without a recorded owner are never among them.
     */
    Uni<List<Job>> orphaned(String backend, String self, Instant seenSince);

    /** Updates fields that carry no lifecycle meaning (run handle, SkyPilot status, metrics). */
    Uni<Void> updateDetails(Job job);

    /**
     * Sets the job's run handle to {@code next} only if it is still {@code expected} (null matches a job without a
     * handle). Returns false when the handle was something else, so two writers never both believe they own a launch.
     */
    Uni<Boolean> compareAndSetRunRef(String jobName, String expected, String next);

    /** Records the status SkyPilot last reported for the job, leaving every other field alone. */
    Uni<Void> updateSkyStatus(String jobName, String skyStatus);

    Uni<List<JobEvent>> events(String jobName, long afterSeq, int limit);

    /** Events of every job (or of one owner's jobs) with a global id above {@code afterId}, in id order. */
    Uni<List<JobEvent>> eventsAfterId(long afterId, String owner, int limit);

    /** The highest global event id, 0 when there is none. */
    Uni<Long> lastEventId();

    /**
     * Stores the job's newest metrics and appends a metrics event after its latest one, in one transaction. Empty
     * when the job does not exist (any more).
     */
    Uni<Optional<JobEvent>> recordMetrics(
            String jobName,
            Map<String, Object> training,
            Map<String, Object> evaluation,
            Map<String, Object> gpu,
            Instant at);

    /** Jobs not yet in a terminal status, for one backend: what a restart must pick up again. */
    Uni<List<Job>> active(String backend);

    Uni<Boolean> delete(String jobName);

    /** How many jobs are in each status (statuses with none are absent). */
    Uni<Map<JobStatus, Long>> countByStatus();

    /** A cheap round trip, for readiness. */
    Uni<Void> ping();
}
