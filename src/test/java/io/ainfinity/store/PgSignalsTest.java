package io.ainfinity.store;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import io.ainfinity.process.WorkerPool;
import io.ainfinity.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Signals between two replicas (two {@link PgSignals} on one PostgreSQL, each with its own listening connection), on
 * the database {@code AINFINITY_TEST_PG_URL} names. Skipped, saying so, without it; run in the slow lane.
 */
@Tag("slow")
class PgSignalsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static PGSimpleDataSource dataSource;
    private static WorkerPool pool;

    @BeforeAll
    static void connect() {
        dataSource = TestPostgres.server("signals");
        pool = new WorkerPool("pg-signals-test", 2, 64);
    }

    @AfterAll
    static void close() {
        if (pool != null) {
            pool.close();
        }
    }

    private static boolean woken(Semaphore wakes) throws InterruptedException {
        return wakes.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void aSignalFromOneReplicaWakesTheOtherEachTimeAndOnlyOnItsChannel() throws Exception {
        try (PgSignals a = new PgSignals(dataSource, pool);
                PgSignals b = new PgSignals(dataSource, pool)) {
            Semaphore events = new Semaphore(0);
            Semaphore other = new Semaphore(0);
            a.listen("test_events", events::release);
            a.listen("test_other", other::release);
            // The listener is up once a signal sent after it started comes through.
            do {
                b.signal("test_events").await().atMost(WAIT);
            } while (!events.tryAcquire(200, TimeUnit.MILLISECONDS));
            events.drainPermits();

            for (int i = 0; i < 20; i++) {
                b.signal("test_events").await().atMost(WAIT);
                assertThat(woken(events)).as("signal %d", i).isTrue();
            }
            assertThat(other.availablePermits()).isZero();
        }
    }

    @Test
    void aListenerWhoseConnectionWasKilledListensAgain() throws Exception {
        try (PgSignals a = new PgSignals(dataSource, pool);
                PgSignals b = new PgSignals(dataSource, pool)) {
            Semaphore wakes = new Semaphore(0);
            a.listen("test_killed", wakes::release);
            do {
                b.signal("test_killed").await().atMost(WAIT);
            } while (!wakes.tryAcquire(200, TimeUnit.MILLISECONDS));

            try (Connection c = dataSource.getConnection();
                    Statement s = c.createStatement()) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE query = 'LISTEN test_killed' AND pid <> pg_backend_pid()");
            }
            wakes.drainPermits();

            // Signals sent while it reconnects are lost (the poll covers them); one after it is back is not.
            long deadline = System.nanoTime() + WAIT.toNanos();
            boolean back = false;
            while (!back && System.nanoTime() < deadline) {
                b.signal("test_killed").await().atMost(WAIT);
                back = wakes.tryAcquire(300, TimeUnit.MILLISECONDS);
            }
            assertThat(back).isTrue();
        }
    }

    @Test
    void channelNamesAreCheckedBeforeTheyReachAStatement() {
        try (PgSignals a = new PgSignals(dataSource, pool)) {
            assertThatThrownBy(() -> a.listen("x; DROP TABLE jobs", () -> {}))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> a.signal("Events")).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
