package io.ainfinity.skypilot;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ainfinity.process.WorkerPool;
import io.ainfinity.support.SqliteFiles;

import static org.assertj.core.api.Assertions.assertThat;

/** Teardowns kept as rows in a store set up as the service sets up its own: SQLite here, PostgreSQL in a subclass. */
class TeardownsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final List<String> downs = new CopyOnWriteArrayList<>();
    private WorkerPool pool;
    private CleanupRows rows;
    private Teardowns teardowns;

    @BeforeEach
    void teardowns() {
        pool = new WorkerPool("teardowns-test", 2, 64);
        rows = new CleanupRows(store(dir), pool);
        teardowns = fresh(T0);
    }

    @AfterEach
    void close() throws Exception {
        pool.close();
    }

    DataSource store(Path dir) {
        return SqliteFiles.migrated(dir.resolve("store.db"));
    }

    /** A new instance on the same rows, as a restarted service or a new leader has; its clock stopped at {@code now}. */
    private Teardowns fresh(Instant now) {
        Teardowns t = new Teardowns(rows, Clock.fixed(now, ZoneOffset.UTC));
        t.downWith(cluster -> {
            downs.add(cluster);
            return Uni.createFrom().item(true);
        });
        return t;
    }

    private void review(Set<String> listed, Instant statusStartedAt) {
        List<CleanupRows.Row> pending = rows.all().await().atMost(WAIT);
        teardowns.review(pending, listed, statusStartedAt).await().atMost(WAIT);
        settle();
    }

    private void settle() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (teardowns.acting() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    private List<String> pending() {
        return rows.all().await().atMost(WAIT).stream()
                .map(CleanupRows.Row::name)
                .toList();
    }

    @Test
    void tearsDownAtOnceThenWatchesUntilStatusNoLongerListsTheCluster() {
        teardowns.tearDown("c1", "j1").await().atMost(WAIT);
        settle();
        assertThat(downs).containsExactly("c1");

        // A status read started before the down finished proves nothing.
        review(Set.of("c1"), T0.minusSeconds(1));
        assertThat(downs).containsExactly("c1");
        assertThat(pending()).containsExactly("c1");

        review(Set.of(), T0.plusSeconds(5));
        assertThat(pending()).isEmpty();
    }

    @Test
    void aClusterStillListedAfterADownThatExitedZeroIsTornDownAgainByTheNextLeader() {
        teardowns.downed("c1", "j1").await().atMost(WAIT);
        teardowns = fresh(T0.plusSeconds(10));

        review(Set.of("c1"), T0.plusSeconds(5));

        assertThat(downs).containsExactly("c1");
        assertThat(rows.all().await().atMost(WAIT))
                .singleElement()
                .satisfies(r -> assertThat(r.attempts()).isEqualTo(2));
    }

    @Test
    void aWatchedClusterIsTornDownOnlyIfStatusListsIt() {
        teardowns.watch("partial", "j1").await().atMost(WAIT);
        teardowns.watch("never", "j2").await().atMost(WAIT);

        review(Set.of("partial"), T0.plusSeconds(1));

        assertThat(downs).containsExactly("partial");
        assertThat(pending()).containsExactly("partial");
    }

    @Test
    void givesUpToSkyPilotsAutodownAfterSoManyDowns() {
        teardowns.watch("c1", "j1").await().atMost(WAIT);

        for (int i = 0; i <= Teardowns.MAX_DOWNS; i++) {
            teardowns = fresh(T0.plusSeconds(i));
            review(Set.of("c1"), T0.plusSeconds(i).plusMillis(500));
        }

        assertThat(downs).hasSize(Teardowns.MAX_DOWNS);
        assertThat(pending()).isEmpty();
    }
}
