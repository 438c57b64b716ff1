package io.ainfinity.skypilot;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/**
 * Clusters the service has to see gone: those it tore down (after recording the job's outcome, or on a stop), whose
 * {@code sky down} exits 0 even when it failed, and those a failed launch may have left behind. Each reconcile cycle
 * compares them with a {@code sky status} started after the last {@code sky down}: a cluster still listed is torn
 * down again, a few times, after which SkyPilot's own autodown (launched with {@code --down -i}) is the safety net.
 * Kept in memory: after a restart that safety net covers a teardown that was pending.
 */
final class Teardowns {

    private static final Logger LOG = Logger.getLogger(Teardowns.class);
    static final int MAX_DOWNS = 5;

    /** @param downedAt when the last {@code sky down} finished; null while none has */
    private record Entry(String job, int downs, Instant downedAt, boolean inFlight) {}

    private final Map<String, Entry> clusters = new ConcurrentHashMap<>();
    private final Clock clock;
    private Function<String, Uni<Boolean>> downer = cluster -> Uni.createFrom().item(false);

    Teardowns(Clock clock) {
        this.clock = clock;
    }

    /** How a cluster is torn down (a queued operation); answers whether {@code sky down} exited 0. */
    void downWith(Function<String, Uni<Boolean>> downer) {
        this.downer = downer;
    }

    /** Tears the cluster down now and watches until status no longer lists it. */
    void tearDown(String cluster, String job) {
        clusters.put(cluster, new Entry(job, 0, null, true));
        down(cluster);
    }

    /** Watches a cluster that may exist: torn down only if status lists it. */
    void watch(String cluster, String job) {
        clusters.putIfAbsent(cluster, new Entry(job, 0, null, false));
    }

    /** A stop has just run {@code sky down} itself: only check that it worked. */
    void downed(String cluster, String job) {
        clusters.put(cluster, new Entry(job, 1, clock.instant(), false));
    }

    Set<String> pending() {
        return Set.copyOf(clusters.keySet());
    }

    /** Compares the watched clusters with a status listing started at {@code statusStartedAt}. */
    void review(Set<String> listed, Instant statusStartedAt) {
        clusters.forEach((cluster, e) -> {
            if (e.inFlight() || (e.downedAt() != null && !statusStartedAt.isAfter(e.downedAt()))) {
                return;
            }
            if (!listed.contains(cluster)) {
                clusters.remove(cluster, e);
                LOG.debugf("cluster=%s job=%s is gone", cluster, e.job());
            } else if (e.downs() >= MAX_DOWNS) {
                clusters.remove(cluster, e);
                LOG.errorf(
                        "cluster=%s job=%s still exists after %d `sky down`; left to SkyPilot's autodown",
                        cluster, e.job(), e.downs());
            } else {
                if (e.downs() > 0) {
                    LOG.warnf(
                            "cluster=%s job=%s is still listed after `sky down` exited 0; tearing it down again",
                            cluster, e.job());
                }
                clusters.put(cluster, new Entry(e.job(), e.downs(), e.downedAt(), true));
                down(cluster);
            }
        });
    }

    private void down(String cluster) {
        downer.apply(cluster)
                .onFailure()
                .recoverWithItem(false)
                .subscribe()
                .with(ok -> clusters.computeIfPresent(
                        cluster, (k, e) -> new Entry(e.job(), e.downs() + 1, clock.instant(), false)));
    }
}
