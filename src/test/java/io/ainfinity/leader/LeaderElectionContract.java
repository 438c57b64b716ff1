package io.ainfinity.leader;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ainfinity.process.WorkerPool;
import io.ainfinity.support.MovableClock;

import static org.assertj.core.api.Assertions.assertThat;

/** Two replicas contending for the lease on a real store; each database runs this suite through a subclass. */
abstract class LeaderElectionContract {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration LEASE = Duration.ofSeconds(15);

    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private LeaderElection a;
    private LeaderElection b;

    protected abstract DataSource dataSource();

    protected abstract WorkerPool pool();

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    @BeforeEach
    void freeLease() throws Exception {
        try (Connection c = dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE leadership SET holder = NULL, fence = 0, expires_at = 0");
        }
        JdbcLeases leases = new JdbcLeases(dataSource(), pool());
        a = new LeaderElection("replica-a", LEASE, leases, clock);
        b = new LeaderElection("replica-b", LEASE, leases, clock);
    }

    @Test
    void acquiresAFreeLease() {
        assertThat(await(a.claim())).isTrue();

        assertThat(a.leads()).isTrue();
        assertThat(a.fence()).isEqualTo(1);
        assertThat(a.holder()).contains("replica-a");
    }

    @Test
    void refusesASecondContenderWhileTheLeaseIsValid() {
        await(a.claim());
        clock.advance(LEASE.minusMillis(1));

        assertThat(await(b.claim())).isFalse();

        assertThat(b.leads()).isFalse();
        assertThat(b.holder()).contains("replica-a");
        assertThat(a.leads()).isTrue();
    }

    @Test
    void renewsWithinItsTermAndPushesTheExpiryBack() {
        await(a.claim());
        clock.advance(Duration.ofSeconds(10));

        assertThat(await(a.claim())).isTrue();
        clock.advance(Duration.ofSeconds(10));

        assertThat(a.fence()).as("a renewal keeps the term").isEqualTo(1);
        assertThat(a.leads())
                .as("20 s after the first claim, 10 s after the renewal")
                .isTrue();
        assertThat(await(b.claim())).isFalse();
    }

    @Test
    void takesOverAnExpiredLeaseWithAHigherFence() {
        await(a.claim());
        long first = a.fence();
        clock.advance(LEASE);

        assertThat(a.leads()).as("a leader that did not renew stops at expiry").isFalse();
        assertThat(await(b.claim())).isTrue();

        assertThat(b.fence()).isEqualTo(first + 1);
        assertThat(await(a.claim())).as("the old leader's renewal is refused").isFalse();
        assertThat(a.holder()).contains("replica-b");
    }

    @Test
    void releasesOnShutdownSoAnotherTakesOverAtOnce() {
        await(a.claim());
        long first = a.fence();

        assertThat(await(a.release())).isTrue();

        assertThat(a.leads()).isFalse();
        assertThat(await(b.claim())).as("no wait for the expiry").isTrue();
        assertThat(b.fence()).isEqualTo(first + 1);
        assertThat(await(a.claim())).as("a released replica never claims again").isFalse();
    }

    @Test
    void oneOfTwoSimultaneousClaimsWins() {
        Uni<Boolean> first = a.claim();
        Uni<Boolean> second = b.claim();

        boolean[] won = await(
                Uni.combine().all().unis(first, second).asTuple().map(t -> new boolean[] {t.getItem1(), t.getItem2()}));

        assertThat(won[0] ^ won[1]).as("exactly one leads").isTrue();
        assertThat(a.fence() + b.fence())
                .as("one term, fence 1; the other holds none (-1)")
                .isZero();
    }
}
