package io.ainfinity.skypilot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import io.ainfinity.skypilot.SkySnapshot.ManagedJob;

/**
 * Managed jobs a failed {@code sky jobs launch} may have left running in SkyPilot: the managed-mode counterpart of
 * {@link Teardowns#watch}. Once the service has recorded the job failed nothing else would ever cancel them, and a
 * managed job keeps its cluster (and its bill) until it ends. Each reconcile cycle compares the watched names with a
 * {@code sky jobs queue} started after the failure: a managed job of that name still running is cancelled by name, a
 * few times at most. A launch killed at its time limit leaves its request running on the SkyPilot API server, which may
 * submit the job later still, so its name stays watched for {@link #KILLED_LAUNCH_WATCH} unless the job is seen
 * ended; any other failure ended its request, and one queue read after it settles the matter. Kept in memory.
 */
final class StrayManagedJobs {

    private static final Logger LOG = Logger.getLogger(StrayManagedJobs.class);
    static final Duration KILLED_LAUNCH_WATCH = Duration.ofMinutes(10);
    static final int MAX_CANCELS = 5;

    /** @param until a queue read started after this that lists no job of the name ends the watch */
    private record Entry(Instant until, int cancels, boolean inFlight) {}

    private final Map<String, Entry> names = new ConcurrentHashMap<>();
    private final Clock clock;
    private Function<String, Uni<Boolean>> canceller = name -> Uni.createFrom().item(false);

    StrayManagedJobs(Clock clock) {
        this.clock = clock;
    }

    /** How a managed job is cancelled by name (a queued operation); answers whether {@code sky} exited 0. */
    void cancelWith(Function<String, Uni<Boolean>> canceller) {
        this.canceller = canceller;
    }

    /** Watches the name of a managed job whose launch failed; {@code killed}: its CLI was killed at the time limit. */
    void watch(String name, boolean killed) {
        Instant now = clock.instant();
        names.put(name, new Entry(killed ? now.plus(KILLED_LAUNCH_WATCH) : now, 0, false));
    }

    /** A new launch of that name owns it from now on: what SkyPilot lists under it is no stray. */
    void forget(String name) {
        names.remove(name);
    }

    boolean watched(String name) {
        return names.containsKey(name);
    }

    Set<String> pending() {
        return Set.copyOf(names.keySet());
    }

    /** Compares the watched names with a {@code sky jobs queue} started at {@code queueStartedAt}. */
    void review(List<ManagedJob> listed, Instant queueStartedAt) {
        names.forEach((name, e) -> {
            if (e.inFlight()) {
                return;
            }
            List<ManagedJob> same =
                    listed.stream().filter(m -> name.equals(m.jobName())).toList();
            boolean running = same.stream().anyMatch(m -> SkyStatusMapper.managedRunning(m.status()));
            if (!running) {
                // Seen ended (cancelled, failed…): its request is done. Not seen: wait while it may still come.
                if (!same.isEmpty() || queueStartedAt.isAfter(e.until())) {
                    names.remove(name, e);
                }
            } else if (e.cancels() >= MAX_CANCELS) {
                names.remove(name, e);
                LOG.errorf(
                        "job=%s managed job still running in SkyPilot after %d `sky jobs cancel`; cancel it by hand",
                        name, e.cancels());
            } else if (names.replace(name, e, new Entry(e.until(), e.cancels(), true))) {
                LOG.warnf("job=%s its failed launch left a managed job running in SkyPilot; cancelling it", name);
                cancel(name);
            }
        });
    }

    private void cancel(String name) {
        canceller
                .apply(name)
                .onFailure()
                .recoverWithItem(false)
                .subscribe()
                .with(ok -> names.computeIfPresent(name, (k, e) -> new Entry(e.until(), e.cancels() + 1, false)));
    }
}
