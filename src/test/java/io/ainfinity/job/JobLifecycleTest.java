package io.ainfinity.job;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import javax.sql.DataSource;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ainfinity.errors.ConflictException;
import io.ainfinity.errors.ResourceNotFoundException;
import io.ainfinity.job.store.JdbcJobStore;
import io.ainfinity.job.store.JobStore;
import io.ainfinity.process.WorkerPool;
import io.ainfinity.support.NoEvents;
import io.ainfinity.support.RecordedEvents;
import io.ainfinity.support.SqliteFiles;

import static io.ainfinity.support.Jobs.T0;
import static io.ainfinity.support.Jobs.created;
import static io.ainfinity.support.Jobs.pending;
import static io.ainfinity.support.Jobs.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * Transitions without Quarkus: the lifecycle wired by hand on a SQLite store, a fixed clock, and a CDI event that
 * records what it was told. Races are staged through a store that lets another writer in first.
 */
class JobLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant NOW = T0.plus(Duration.ofHours(1));
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    static Path dir;

    private static WorkerPool pool;
    private static JdbcJobStore store;

    private RecordedEvents<JobTransitioned> transitioned;
    private JobLifecycle lifecycle;

    @BeforeAll
    static void migrate() {
        DataSource dataSource = SqliteFiles.migrated(dir.resolve("jobs.db"));
        pool = new WorkerPool("lifecycle-test", 4, 64);
        store = new JdbcJobStore(dataSource, pool);
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @BeforeEach
    void wire() {
        transitioned = new RecordedEvents<>();
        lifecycle = new JobLifecycle(store, CLOCK, transitioned);
    }

    private static String newJob() {
        Job job = pending(uniqueName("life"), Map.of());
        store.insert(job, created(job)).await().atMost(WAIT);
        return job.name();
    }

    private static List<JobEvent> events(String name) {
        return store.events(name, 0, 10).await().atMost(WAIT);
    }

    /** The store, with {@code transition} answered by {@code cas} (given the store and the call's arguments). */
    private static JobStore withTransition(BiFunction<JobStore, Object[], Uni<Boolean>> cas) {
        return (JobStore) Proxy.newProxyInstance(
                JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("transition")) {
                        return cas.apply(store, args);
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void recordsEachTransitionAsAnEventStampedByTheClock() {
        String name = newJob();

        lifecycle.transition(name, JobStatus.RUNNING, "up").await().atMost(WAIT);
        Job done = lifecycle.transition(name, JobStatus.FAILED, "oom").await().atMost(WAIT);

        assertThat(done.status()).isEqualTo(JobStatus.FAILED);
        assertThat(done.errorMessage()).isEqualTo("oom");
        assertThat(done.createdAt()).isEqualTo(T0);
        assertThat(List.of(done.startedAt(), done.updatedAt(), done.endedAt())).containsOnly(NOW);
        assertThat(store.find(name).await().atMost(WAIT)).contains(done);
        List<JobEvent> events = events(name);
        assertThat(events).extracting(JobEvent::seq).containsExactly(1L, 2L, 3L);
        assertThat(events).extracting(JobEvent::from).containsExactly(null, JobStatus.PENDING, JobStatus.RUNNING);
        assertThat(events).extracting(JobEvent::message).containsExactly("job created", "up", "oom");
        assertThat(events).extracting(JobEvent::at).containsExactly(T0, NOW, NOW);
        assertThat(transitioned.fired())
                .extracting(t -> t.before().status(), t -> t.after().status())
                .containsExactly(
                        tuple(JobStatus.PENDING, JobStatus.RUNNING), tuple(JobStatus.RUNNING, JobStatus.FAILED));
        assertThat(transitioned.fired().get(1).after()).isEqualTo(done);
    }

    @Test
    void refusesAMoveTheTableForbidsAndChangesNothing() {
        String name = newJob();
        lifecycle.transition(name, JobStatus.COMPLETED, null).await().atMost(WAIT);

        assertThatThrownBy(() -> lifecycle
                        .transition(name, JobStatus.RUNNING, null)
                        .await()
                        .atMost(WAIT))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("completed")
                .hasMessageContaining("running");
        assertThat(events(name)).hasSize(2);
        assertThat(transitioned.fired()).hasSize(1);
    }

    @Test
    void reportingTheCurrentStatusAgainIsANoOp() {
        String name = newJob();
        lifecycle.transition(name, JobStatus.RUNNING, null).await().atMost(WAIT);

        Job again = lifecycle
                .transition(name, JobStatus.RUNNING, "seen again")
                .await()
                .atMost(WAIT);

        assertThat(again.lastSeq()).isEqualTo(2);
        assertThat(events(name)).hasSize(2);
        assertThat(transitioned.fired()).hasSize(1);
    }

    @Test
    void anUnknownJobIsNotFound() {
        assertThatThrownBy(() -> lifecycle
                        .transition(uniqueName("ghost"), JobStatus.RUNNING, null)
                        .await()
                        .atMost(WAIT))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(transitioned.fired()).isEmpty();
    }

    @Test
    void aWriterThatLosesTheRaceRetriesAgainstTheNewState() {
        String name = newJob();
        JobLifecycle other = new JobLifecycle(store, CLOCK, new NoEvents<>());
        AtomicInteger writes = new AtomicInteger();
        // The other writer moves the job between this one's read and its compare-and-set, once.
        JobLifecycle loser = new JobLifecycle(
                withTransition((real, args) -> {
                    if (writes.getAndIncrement() == 0) {
                        other.transition(name, JobStatus.RUNNING, "other")
                                .await()
                                .atMost(WAIT);
                    }
                    return real.transition((Job) args[0], (long) args[1], (JobEvent) args[2]);
                }),
                CLOCK,
                transitioned);

        Job after =
                loser.transition(name, JobStatus.UNKNOWN, "lost track").await().atMost(WAIT);

        assertThat(writes).hasValue(2);
        assertThat(after.status()).isEqualTo(JobStatus.UNKNOWN);
        assertThat(after.startedAt()).as("kept from the other writer's move").isEqualTo(NOW);
        List<JobEvent> events = events(name);
        assertThat(events).extracting(JobEvent::seq).containsExactly(1L, 2L, 3L);
        assertThat(events).extracting(JobEvent::from).containsExactly(null, JobStatus.PENDING, JobStatus.RUNNING);
        assertThat(events).extracting(JobEvent::message).containsExactly("job created", "other", "lost track");
        assertThat(transitioned.fired()).singleElement().satisfies(t -> {
            assertThat(t.before().status()).isEqualTo(JobStatus.RUNNING);
            assertThat(t.after()).isEqualTo(after);
        });
    }

    @Test
    void givesUpWithAConflictAfterFiveLostRaces() {
        String name = newJob();
        AtomicInteger writes = new AtomicInteger();
        JobLifecycle loser = new JobLifecycle(
                withTransition((real, args) -> {
                    writes.incrementAndGet();
                    return Uni.createFrom().item(false);
                }),
                CLOCK,
                transitioned);

        assertThatThrownBy(() ->
                        loser.transition(name, JobStatus.RUNNING, null).await().atMost(WAIT))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("kept changing");
        assertThat(writes).hasValue(5);
        assertThat(events(name)).hasSize(1);
        assertThat(transitioned.fired()).isEmpty();
    }

    @Test
    void concurrentWritersNeverLoseAnEvent() {
        String name = newJob();

        // Two observers race with moves that are legal in either order; the loser retries against the new state.
        var a = lifecycle.transition(name, JobStatus.RUNNING, "a").subscribeAsCompletionStage();
        var b = lifecycle.transition(name, JobStatus.UNKNOWN, "b").subscribeAsCompletionStage();
        a.join();
        b.join();

        assertThat(events(name)).extracting(JobEvent::seq).containsExactly(1L, 2L, 3L);
        assertThat(store.find(name).await().atMost(WAIT).orElseThrow().lastSeq())
                .isEqualTo(3);
        assertThat(transitioned.fired()).hasSize(2);
    }
}
