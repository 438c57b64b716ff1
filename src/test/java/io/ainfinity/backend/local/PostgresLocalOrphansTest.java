package io.ainfinity.backend.local;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import io.ainfinity.job.Job;
import io.ainfinity.job.JobEvent;
import io.ainfinity.job.JobLifecycle;
import io.ainfinity.job.JobStatus;
import io.ainfinity.job.store.JdbcJobStore;
import io.ainfinity.job.store.JobStore;
import io.ainfinity.leader.JdbcLeases;
import io.ainfinity.leader.JdbcReplicas;
import io.ainfinity.leader.LeaderElection;
import io.ainfinity.leader.ReplicaRegistry;
import io.ainfinity.process.WorkerPool;
import io.ainfinity.support.MovableClock;
import io.ainfinity.support.NoEvents;
import io.ainfinity.support.TestPostgres;

import static io.ainfinity.support.Jobs.created;
import static io.ainfinity.support.Jobs.pending;
import static io.ainfinity.support.Jobs.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The leader ending the local jobs of a replica that is gone, on a real PostgreSQL named by
 * {@code AINFINITY_TEST_PG_URL}: two replicas, each with its election and registry, on one clock the test moves.
 */
@Tag("slow")
class PostgresLocalOrphansTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration LEASE = Duration.ofSeconds(15);

    private static PGSimpleDataSource dataSource;
    private static WorkerPool pool;
    private static JobStore store;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final String a = "a-" + UUID.randomUUID();
    private final String b = "b-" + UUID.randomUUID();
    private LeaderElection leaderA;
    private LeaderElection electionB;
    private ReplicaRegistry registryA;
    private ReplicaRegistry registryB;
    private JobLifecycle lifecycle;
    private LocalOrphans orphansA;

    @BeforeAll
    static void migrate() {
        dataSource = TestPostgres.migratedSchema("local orphans");
        pool = new WorkerPool("pg-test", 4, 64);
        store = new JdbcJobStore(dataSource, pool);
    }

    @AfterAll
    static void drop() throws Exception {
        if (pool == null) {
            return;
        }
        pool.close();
        TestPostgres.drop(dataSource);
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    @BeforeEach
    void twoReplicas() throws Exception {
        execute("UPDATE leadership SET holder = NULL, fence = 0, expires_at = 0");
        JdbcLeases leases = new JdbcLeases(dataSource, pool);
        JdbcReplicas replicas = new JdbcReplicas(dataSource, pool);
        leaderA = new LeaderElection(a, LEASE, leases, clock);
        electionB = new LeaderElection(b, LEASE, leases, clock);
        registryA = new ReplicaRegistry(leaderA, LEASE, replicas, clock);
        registryB = new ReplicaRegistry(electionB, LEASE, replicas, clock);
        lifecycle = new JobLifecycle(store, clock, new NoEvents<>());
        orphansA = new LocalOrphans(leaderA, registryA, store, lifecycle, clock);
        assertThat(await(leaderA.claim())).isTrue();
        await(registryA.beat());
        await(registryB.beat());
    }

    private Job localJob(String owner, JobStatus status) {
        Job job = pending(uniqueName("orphan"), Map.of()).toBuilder()
                .replica(owner)
                .build();
        await(store.insert(job, created(job)));
        if (status != JobStatus.PENDING) {
            await(lifecycle.transition(job.name(), status, null));
        }
        return reload(job);
    }

    private Job reload(Job job) {
        return await(store.find(job.name())).orElseThrow();
    }

    /** Time passes; replica a stays alive and leading, b is heard from only when {@code bAlive}. */
    private void pass(Duration duration, boolean bAlive) {
        Duration step = Duration.ofSeconds(3);
        for (Duration gone = Duration.ZERO; gone.compareTo(duration) < 0; gone = gone.plus(step)) {
            clock.advance(step);
            await(leaderA.claim());
            await(registryA.beat());
            if (bAlive) {
                await(registryB.beat());
            }
        }
    }

    private List<String> endOrphans() {
        return await(orphansA.endOrphans()).stream().map(Job::name).toList();
    }

    @Test
    void failsTheLocalJobsOfAReplicaUnseenForALeaseDuration() {
        Job running = localJob(b, JobStatus.RUNNING);

        pass(LEASE.plusSeconds(3), false);

        assertThat(endOrphans()).contains(running.name());
        Job after = reload(running);
        assertThat(after.status()).isEqualTo(JobStatus.FAILED);
        assertThat(after.errorMessage()).isEqualTo("the replica that ran it (" + b + ") stopped");
        List<JobEvent> events = await(store.events(running.name(), 0, 10));
        assertThat(events.get(events.size() - 1).to()).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void aStopUnderWayEndsStopped() {
        Job stopping = localJob(b, JobStatus.STOPPING);

        pass(LEASE.plusSeconds(3), false);
        endOrphans();

        assertThat(reload(stopping).status()).isEqualTo(JobStatus.STOPPED);
    }

    @Test
    void sparesTheJobsOfALiveReplica() {
        Job running = localJob(b, JobStatus.RUNNING);

        pass(LEASE.multipliedBy(3), true);

        assertThat(endOrphans()).doesNotContain(running.name());
        assertThat(reload(running).status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void sparesItsOwnJobsAndJobsWithoutAnOwner() throws Exception {
        Job own = localJob(a, JobStatus.RUNNING);
        Job legacy = localJob(null, JobStatus.RUNNING);
        pass(LEASE.plusSeconds(3), false);
        // Even with its own record lost, the leader knows that it is alive.
        execute("DELETE FROM replicas WHERE replica_id = '" + a + "'");

        endOrphans();

        assertThat(reload(own).status()).isEqualTo(JobStatus.RUNNING);
        assertThat(reload(legacy).status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void aReplicaNeverRecordedCountsAsGone() {
        Job running = localJob("never-seen-" + UUID.randomUUID(), JobStatus.RUNNING);

        pass(LEASE.plusSeconds(3), true);

        assertThat(endOrphans()).contains(running.name());
    }

    @Test
    void doesNothingWhileItHasNotBeenUpForALeaseDuration() {
        Job running = localJob("never-seen-" + UUID.randomUUID(), JobStatus.RUNNING);

        assertThat(endOrphans()).isEmpty();
        assertThat(reload(running).status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void onlyTheLeaderEndsOrphans() {
        Job running = localJob("gone-" + UUID.randomUUID(), JobStatus.RUNNING);
        LocalOrphans orphansB = new LocalOrphans(electionB, registryB, store, lifecycle, clock);
        pass(LEASE.plusSeconds(3), true);

        assertThat(await(orphansB.endOrphans())).as("a follower").isEmpty();
        assertThat(reload(running).status()).isEqualTo(JobStatus.RUNNING);
        assertThat(endOrphans()).as("the leader").contains(running.name());
    }

    @Test
    void leavesAJobReOwnedSinceItWasFoundOrphaned() {
        Job running = localJob(b, JobStatus.RUNNING);
        pass(LEASE.plusSeconds(3), false);
        Job found = await(store.orphaned("local", a, clock.instant().minus(LEASE))).stream()
                .filter(job -> job.name().equals(running.name()))
                .findFirst()
                .orElseThrow();

        // b restarted under a new id and adopted its task in the meantime.
        assertThat(await(store.compareAndSetReplica(found.name(), b, "b-again")))
                .isTrue();
        Optional<Job> moved = await(lifecycle.transitionOwned(found, b, JobStatus.FAILED, "gone"));

        assertThat(moved).isEmpty();
        Job after = reload(running);
        assertThat(after.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(after.replica()).isEqualTo("b-again");
    }

    @Test
    void ofTwoLeadersInAHandOverOnlyOneEndsTheJob() {
        Job running = localJob(b, JobStatus.RUNNING);
        pass(LEASE.plusSeconds(3), false);
        Job found = await(store.orphaned("local", a, clock.instant().minus(LEASE))).stream()
                .filter(job -> job.name().equals(running.name()))
                .findFirst()
                .orElseThrow();

        Optional<Job> first = await(lifecycle.transitionOwned(found, b, JobStatus.FAILED, "gone"));
        Optional<Job> second = await(lifecycle.transitionOwned(found, b, JobStatus.FAILED, "gone"));

        assertThat(first).isPresent();
        assertThat(second).isEmpty();
        assertThat(await(store.events(running.name(), 0, 10)))
                .filteredOn(event -> event.to() == JobStatus.FAILED)
                .hasSize(1);
    }

    @Test
    void anEndedJobCannotBeReOwned() {
        Job running = localJob(b, JobStatus.RUNNING);
        await(lifecycle.transition(running.name(), JobStatus.FAILED, "gone"));

        assertThat(await(store.compareAndSetReplica(running.name(), b, a))).isFalse();
        assertThat(reload(running).replica()).isEqualTo(b);
    }

    @Test
    void theLeaderForgetsReplicasGoneForAnHour() throws Exception {
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertThat(await(leaderA.claim())).isTrue();

        await(registryA.beat());

        List<String> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT replica_id FROM replicas")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        assertThat(ids).contains(a).doesNotContain(b);
    }

    private static void execute(String sql) throws Exception {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}
