package io.ainfinity.leader;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ainfinity.process.WorkerPool;
import io.ainfinity.support.MovableClock;
import io.ainfinity.support.SqliteFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a follower sees when the leader stops: two replicas, each with the store pool of its own, on one store. At
 * shutdown Quarkus notifies the observers of {@link ShutdownEvent} before it destroys beans, and so before the
 * store's pool is closed (a disposer); the leader's observer returns only once the store has freed the lease.
 */
class LeaderHandOverTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration LEASE = Duration.ofSeconds(15);
    private static final Duration RENEW = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private WorkerPool leaderPool;
    private WorkerPool followerPool;
    private LeaderElection leader;
    private LeaderElection follower;

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    @BeforeEach
    void twoReplicas() {
        DataSource store = SqliteFiles.migrated(dir.resolve("store.db"));
        leaderPool = new WorkerPool("store-a", 2, 16);
        followerPool = new WorkerPool("store-b", 2, 16);
        leader = new LeaderElection("replica-a", LEASE, new JdbcLeases(store, leaderPool), clock);
        follower = new LeaderElection("replica-b", LEASE, new JdbcLeases(store, followerPool), clock);
        assertThat(await(leader.claim())).isTrue();
        assertThat(await(follower.claim())).isFalse();
    }

    @AfterEach
    void closePools() {
        leaderPool.close();
        followerPool.close();
    }

    @Test
    void aLeaderShutDownGivesTheLeaseUpBeforeItsPoolClosesSoTheNextClaimTakesOver() {
        leader.stop(new ShutdownEvent());
        // What the Database disposer does next: interrupt whatever still runs on the store's pool.
        leaderPool.close();

        assertThat(leader.leads()).isFalse();
        clock.advance(RENEW);
        assertThat(await(follower.claim()))
                .as("the follower's next claim, one renew interval on, takes the freed lease")
                .isTrue();
        assertThat(follower.fence()).isEqualTo(2);
    }

    @Test
    void aLeaderThatVanishesIsReplacedOnlyOnceItsLeaseRunsOut() {
        // Killed (SIGKILL, a lost node): no shutdown observer runs and the lease stays taken.
        leaderPool.close();

        clock.advance(RENEW);
        assertThat(await(follower.claim())).isFalse();
        clock.advance(LEASE.minus(RENEW).minusMillis(1));
        assertThat(await(follower.claim())).as("just before the expiry").isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(await(follower.claim())).as("at the expiry").isTrue();
    }
}
