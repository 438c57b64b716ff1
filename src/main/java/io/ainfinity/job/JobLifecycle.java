package io.ainfinity.job;

import java.time.Clock;
import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import io.ainfinity.errors.ConflictException;
import io.ainfinity.errors.ResourceNotFoundException;
import io.ainfinity.job.store.JobStore;

/**
 * The one place where a job changes status: checks the move against {@link JobStatus}'s table, persists the job and
 * its event in one transaction (compare-and-set on the event sequence), and logs the transition. Backends report
 * what they observe through here and never write statuses themselves.
 */
@ApplicationScoped
public class JobLifecycle {

    private static final Logger LOG = Logger.getLogger(JobLifecycle.class);
    private static final int MAX_ATTEMPTS = 5;

    private final JobStore store;
    private final Clock clock;
    private final Event<JobTransitioned> transitioned;

    public JobLifecycle(JobStore store, Clock clock, Event<JobTransitioned> transitioned) {
        this.store = store;
        this.clock = clock;
        this.transitioned = transitioned;
    }

    /**
     * Moves the job to {@code next}. A job already in {@code next} is returned unchanged, so observers may report the
     * same state twice; a move the table forbids fails with {@link IllegalTransitionException}.
     */
    public Uni<Job> transition(String jobName, JobStatus next, String message) {
        return attempt(read(jobName), jobName, next, message, 1);
    }

    /**
     * Moves the job to {@code next} from the state the caller has just written or read, without reading it again: the
     * write is a compare-and-set on that state's event sequence, so a job that changed meanwhile costs a read and a
     * retry, never a lost update.
     */
    public Uni<Job> transition(Job current, JobStatus next, String message) {
        return attempt(Uni.createFrom().item(current), current.name(), next, message, 1);
    }

    /**
     * Moves the job to {@code next} only if it is still as the caller read it and still owned by {@code replica}: one
     * attempt, never retried, since a job that changed meanwhile (another transition, or another replica taking it
     * over) is no longer the caller's to move. Empty when it was not moved.
     */
    public Uni<Optional<Job>> transitionOwned(Job current, String replica, JobStatus next, String message) {
        if (!current.status().canTransitionTo(next)) {
            return Uni.createFrom().item(Optional.empty());
        }
        Job after = current.transitioned(next, clock.instant(), message);
        return store.transitionOwned(after, current.lastSeq(), replica, event(current, after, message))
                .map(written -> written ? Optional.of(recorded(current, after, message)) : Optional.empty());
    }

    private Uni<Job> read(String jobName) {
        return store.find(jobName).map(found -> found.orElseThrow(() -> new ResourceNotFoundException(jobName)));
    }

    private Uni<Job> attempt(Uni<Job> state, String jobName, JobStatus next, String message, int attempt) {
        return state.flatMap(current -> {
            if (current.status() == next) {
                return Uni.createFrom().item(current);
            }
            if (!current.status().canTransitionTo(next)) {
                return Uni.createFrom().failure(new IllegalTransitionException(jobName, current.status(), next));
            }
            Job after = current.transitioned(next, clock.instant(), message);
            return store.transition(after, current.lastSeq(), event(current, after, message))
                    .flatMap(written -> {
                        if (written) {
                            return Uni.createFrom().item(recorded(current, after, message));
                        }
                        if (attempt >= MAX_ATTEMPTS) {
                            return Uni.createFrom()
                                    .failure(new ConflictException(
                                            "job '%s' kept changing; try again".formatted(jobName)));
                        }
                        return attempt(read(jobName), jobName, next, message, attempt + 1);
                    });
        });
    }

    private static JobEvent event(Job current, Job after, String message) {
        return new JobEvent(
                0, after.name(), after.lastSeq(), current.status(), after.status(), after.updatedAt(), message);
    }

    /** Logs and announces a transition that was written. */
    private Job recorded(Job current, Job after, String message) {
        LOG.infof(
                "job=%s transition %s -> %s%s",
                after.name(),
                current.status().wireName(),
                after.status().wireName(),
                message == null ? "" : " (" + message + ")");
        transitioned.fire(new JobTransitioned(current, after));
        return after;
    }
}
