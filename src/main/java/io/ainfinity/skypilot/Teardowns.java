package io.ainfinity.skypilot;

import java.time.Clock;
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

/**
 * Clusters the service has to see gone: those it tore down (after recording the job's outcome, or on a stop), whose
 * {@code sky down} exits 0 even when it failed, and those a failed launch may have left behind. Each reconcile cycle
 * compares them with a {@code sky status} started after the last {@code sky down}: a cluster still listed is torn
 * down again, a few times, after which SkyPilot's own autodown (launched with {@code --down -i}) is the safety net.
 * Kept as rows in the store, so the leader after a restart or a hand-over carries on with them; only which
 * {@code sky down} calls this process has under way is in memory.
 */
final class Teardowns {

    private static final Logger LOG = Logger.getLogger(Teardowns.class);
    static final int MAX_DOWNS = 5;

    private final CleanupRows rows;
    private final Clock clock;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private Function<String, Uni<Boolean>> downer = cluster -> Uni.createFrom().item(false);

    Teardowns(CleanupRows rows, Clock clock) {
        this.rows = rows;
        this.clock = clock;
    }

    /** How a cluster is torn down (a queued operation); answers whether {@code sky down} exited 0. */
    void downWith(Function<String, Uni<Boolean>> downer) {
        this.downer = downer;
    }

    /** Tears the cluster down now and watches until status no longer lists it. */
    Uni<Void> tearDown(String cluster, String job) {
        inFlight.add(cluster);
        return rows.put(new Row(Kind.DOWN, cluster, job, 0, null, null))
                .onFailure()
                .invoke(e -> LOG.warnf("cluster=%s job=%s teardown not recorded: %s", cluster, job, e.toString()))
                .onFailure()
                .recoverWithNull()
                .invoke(() -> down(cluster));
    }

    /** Watches a cluster that may exist: torn down only if status lists it. */
    Uni<Void> watch(String cluster, String job) {
        return rows.putIfAbsent(new Row(Kind.DOWN, cluster, job, 0, null, null));
    }

    /** A stop has just run {@code sky down} itself: only check that it worked. */
    Uni<Void> downed(String cluster, String job) {
        return rows.put(new Row(Kind.DOWN, cluster, job, 1, clock.instant(), null));
    }

    /**
     * Compares the watched clusters ({@code pending}, read from the store before the status call) with a status
     * listing started at {@code statusStartedAt}.
     */
    Uni<Void> review(List<Row> pending, Set<String> listed, Instant statusStartedAt) {
        return Multi.createFrom()
                .iterable(pending)
                .filter(r -> r.kind() == Kind.DOWN)
                .onItem()
                .transformToUniAndConcatenate(r -> review(r, listed, statusStartedAt))
                .collect()
                .last()
                .replaceWithVoid();
    }

    private Uni<Void> review(Row r, Set<String> listed, Instant statusStartedAt) {
        String cluster = r.name();
        if (inFlight.contains(cluster) || (r.actedAt() != null && !statusStartedAt.isAfter(r.actedAt()))) {
            return Uni.createFrom().voidItem();
        }
        if (!listed.contains(cluster)) {
            LOG.debugf("cluster=%s job=%s is gone", cluster, r.job());
            return rows.remove(r);
        }
        if (r.attempts() >= MAX_DOWNS) {
            LOG.errorf(
                    "cluster=%s job=%s still exists after %d `sky down`; left to SkyPilot's autodown",
                    cluster, r.job(), r.attempts());
            return rows.remove(r);
        }
        if (r.attempts() > 0) {
            LOG.warnf(
                    "cluster=%s job=%s is still listed after `sky down` exited 0; tearing it down again",
                    cluster, r.job());
        }
        if (inFlight.add(cluster)) {
            down(cluster);
        }
        return Uni.createFrom().voidItem();
    }

    /** Whether a {@code sky} call this process started is still under way, or its attempt not yet recorded. */
    boolean acting() {
        return !inFlight.isEmpty();
    }

    private void down(String cluster) {
        downer.apply(cluster)
                .onFailure()
                .recoverWithItem(false)
                .flatMap(ok -> rows.attempted(Kind.DOWN, cluster, clock.instant()))
                .onFailure()
                .invoke(e -> LOG.warnf("cluster=%s teardown attempt not recorded: %s", cluster, e.toString()))
                .onTermination()
                .invoke(() -> inFlight.remove(cluster))
                .subscribe()
                .with(ok -> {}, e -> {});
    }
}
