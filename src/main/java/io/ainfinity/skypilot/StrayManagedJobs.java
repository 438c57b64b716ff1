package io.ainfinity.skypilot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import io.ainfinity.skypilot.CleanupRows.Kind;
import io.ainfinity.skypilot.CleanupRows.Row;
import io.ainfinity.skypilot.SkySnapshot.ManagedJob;

/**
 * Managed jobs a failed {@code sky jobs launch} may have left running in SkyPilot: the managed-mode counterpart of
 * {@link Teardowns#watch}. Once the service has recorded the job failed nothing else would ever cancel them, and a
 * managed job keeps its cluster (and its bill) until it ends. Each reconcile cycle compares the watched names with a
 * {@code sky jobs queue} started after the failure: a managed job of that name still running is cancelled by name, a
 * few times at most. A launch whose request could not be cancelled on the SkyPilot API server may submit the job later
 * still, so its name stays watched for {@link #UNCANCELLED_LAUNCH_WATCH} unless the job is seen ended; any other failure
 * ended its request, and one queue read after it settles the matter. Kept as rows in the store, like {@link
 * Teardowns}.
 */
final class StrayManagedJobs {

    private static final Logger LOG = Logger.getLogger(StrayManagedJobs.class);
    static final Duration UNCANCELLED_LAUNCH_WATCH = Duration.ofMinutes(10);
    static final int MAX_CANCELS = 5;

    private final CleanupRows rows;
    private final Clock clock;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private Function<String, Uni<Boolean>> canceller = name -> Uni.createFrom().item(false);

    StrayManagedJobs(CleanupRows rows, Clock clock) {
        this.rows = rows;
        this.clock = clock;
    }

    /** How a managed job is cancelled by name (a queued operation); answers whether {@code sky} exited 0. */
    void cancelWith(Function<String, Uni<Boolean>> canceller) {
        this.canceller = canceller;
    }

    /**
     * Watches the name of a managed job whose launch failed.
     *
     * @param requestLive its request may still be running on the SkyPilot API server (killed, and not cancelled there)
     */
    Uni<Void> watch(String name, String job, boolean requestLive) {
        Instant now = clock.instant();
        return rows.put(
                new Row(Kind.CANCEL, name, job, 0, null, requestLive ? now.plus(UNCANCELLED_LAUNCH_WATCH) : now));
    }

    /** A new launch of that name owns it from now on: what SkyPilot lists under it is no stray. */
    Uni<Void> forget(String name) {
        return rows.forget(Kind.CANCEL, name);
    }

    /** Whether the name is still watched: a cancel waiting in line is skipped once a new launch took the name. */
    Uni<Boolean> watched(String name) {
        return rows.exists(Kind.CANCEL, name);
    }

    /**
     * Compares the watched names ({@code pending}, read from the store before the queue call) with a
     * {@code sky jobs queue} started at {@code queueStartedAt}.
     */
    Uni<Void> review(List<Row> pending, List<ManagedJob> listed, Instant queueStartedAt) {
        return Multi.createFrom()
                .iterable(pending)
                .filter(r -> r.kind() == Kind.CANCEL)
                .onItem()
                .transformToUniAndConcatenate(r -> review(r, listed, queueStartedAt))
                .collect()
                .last()
                .replaceWithVoid();
    }

    private Uni<Void> review(Row r, List<ManagedJob> listed, Instant queueStartedAt) {
        String name = r.name();
        if (inFlight.contains(name)) {
            return Uni.createFrom().voidItem();
        }
        List<ManagedJob> same =
                listed.stream().filter(m -> name.equals(m.jobName())).toList();
        boolean running = same.stream().anyMatch(m -> SkyStatusMapper.managedRunning(m.status()));
        if (!running) {
            // Seen ended (cancelled, failed…): its request is done. Not seen: wait while it may still come.
            boolean settled = !same.isEmpty() || r.watchUntil() == null || queueStartedAt.isAfter(r.watchUntil());
            return settled ? rows.remove(r) : Uni.createFrom().voidItem();
        }
        if (r.attempts() >= MAX_CANCELS) {
            LOG.errorf(
                    "job=%s managed job still running in SkyPilot after %d `sky jobs cancel`; cancel it by hand",
                    name, r.attempts());
            return rows.remove(r);
        }
        if (inFlight.add(name)) {
            LOG.warnf("job=%s its failed launch left a managed job running in SkyPilot; cancelling it", name);
            cancel(name);
        }
        return Uni.createFrom().voidItem();
    }

    /** Whether a {@code sky} call this process started is still under way, or its attempt not yet recorded. */
    boolean acting() {
        return !inFlight.isEmpty();
    }

    private void cancel(String name) {
        canceller
                .apply(name)
                .onFailure()
                .recoverWithItem(false)
                .flatMap(ok -> rows.attempted(Kind.CANCEL, name, clock.instant()))
                .onFailure()
                .invoke(e -> LOG.warnf("job=%s cancel attempt not recorded: %s", name, e.toString()))
                .onTermination()
                .invoke(() -> inFlight.remove(name))
                .subscribe()
                .with(ok -> {}, e -> {});
    }
}
