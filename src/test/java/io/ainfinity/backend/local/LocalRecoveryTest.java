package io.ainfinity.backend.local;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import io.ainfinity.job.Job;
import io.ainfinity.job.JobLifecycle;
import io.ainfinity.job.JobStatus;
import io.ainfinity.job.store.JobStore;
import io.ainfinity.leader.ReplicaRegistry;
import io.ainfinity.process.CommandSpec;
import io.ainfinity.process.ProcessRunner;
import io.ainfinity.task.TaskSpec;

import static io.ainfinity.support.Jobs.created;
import static io.ainfinity.support.Jobs.pending;
import static io.ainfinity.support.Jobs.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a restarted service does with local jobs it finds unfinished. Each test builds the state a crash leaves
 * behind (a job row, a run directory, maybe a live task nobody follows) and runs the start-up recovery on it.
 */
@QuarkusTest
class LocalRecoveryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    JobStore store;

    @Inject
    JobLifecycle lifecycle;

    @Inject
    LocalBackend backend;

    @Inject
    LocalMonitor monitor;

    @Inject
    ReplicaRegistry registry;

    private Job jobIn(JobStatus status, String runRef) {
        Job job = pending(uniqueName("recover"), Map.of());
        store.insert(job, created(job)).await().atMost(WAIT);
        if (status != JobStatus.PENDING) {
            lifecycle
                    .transition(job.name(), JobStatus.PROVISIONING, null)
                    .await()
                    .atMost(WAIT);
        }
        if (status != JobStatus.PENDING && status != JobStatus.PROVISIONING) {
            lifecycle.transition(job.name(), status, null).await().atMost(WAIT);
        }
        Job current = store.find(job.name()).await().atMost(WAIT).orElseThrow();
        store.updateDetails(current.withRunRef(runRef)).await().atMost(WAIT);
        return store.find(job.name()).await().atMost(WAIT).orElseThrow();
    }

    private Job reload(String name) {
        return store.find(name).await().atMost(WAIT).orElseThrow();
    }

    @Test
    void reattachesToATaskThatIsStillRunning() throws Exception {
        Job job = jobIn(JobStatus.RUNNING, null);
        RunDir dir = backend.runDir(job.name());
        dir.prepare(new TaskSpec(job.name(), null, null, null, Map.of(), null, null, null, "sleep 1; echo done"));
        Process orphan = ProcessRunner.start(
                new CommandSpec(
                        List.of("bash", dir.wrapper().toString()),
                        Map.of("AINFINITY_RUN_DIR", dir.path().toString()),
                        dir.path(),
                        Duration.ZERO),
                dir.log());
        store.updateDetails(job.withRunRef(RunRef.of(orphan.toHandle()).toString()))
                .await()
                .atMost(WAIT);

        monitor.recover(reload(job.name())).await().atMost(WAIT);

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(reload(job.name()).status()).isEqualTo(JobStatus.COMPLETED));
        assertThat(Files.readString(dir.log())).contains("done");
    }

    @Test
    void failsAJobWhoseProcessIsGone() {
        Job job = jobIn(JobStatus.RUNNING, "999999999@1");

        monitor.recover(job).await().atMost(WAIT);

        Job after = reload(job.name());
        assertThat(after.status()).isEqualTo(JobStatus.FAILED);
        assertThat(after.errorMessage()).contains("process was gone");
    }

    @Test
    void takesTheOutcomeFromTheExitCodeLeftBehind() throws Exception {
        Job job = jobIn(JobStatus.RUNNING, "999999999@1");
        RunDir dir = backend.runDir(job.name());
        Files.createDirectories(dir.path());
        Files.writeString(dir.path().resolve("phase"), "run\n");
        Files.writeString(dir.path().resolve("exit_code"), "4\n");

        monitor.recover(job).await().atMost(WAIT);

        Job after = reload(job.name());
        assertThat(after.status()).isEqualTo(JobStatus.FAILED);
        assertThat(after.errorMessage()).isEqualTo("run exited with code 4");
    }

    @Test
    void aStopInterruptedByTheRestartEndsStopped() {
        Job job = jobIn(JobStatus.STOPPING, "999999999@1");

        monitor.recover(job).await().atMost(WAIT);

        assertThat(reload(job.name()).status()).isEqualTo(JobStatus.STOPPED);
    }

    @Test
    void aJobThatNeverStartedFailsWithAReason() {
        Job job = jobIn(JobStatus.PENDING, null);

        monitor.recover(job).await().atMost(WAIT);

        Job after = reload(job.name());
        assertThat(after.status()).isEqualTo(JobStatus.FAILED);
        assertThat(after.errorMessage()).contains("before the task started");
    }

    private Job ownedBy(Job job, String replica) {
        assertThat(store.compareAndSetReplica(job.name(), job.replica(), replica)
                        .await()
                        .atMost(WAIT))
                .isTrue();
        return reload(job.name());
    }

    @Test
    void adoptingATaskTakesItOverAsThisReplicasJob() throws Exception {
        Job job = ownedBy(jobIn(JobStatus.RUNNING, null), "before-restart");
        Process task = startTask(job, "sleep 1; echo done");
        store.updateDetails(job.withRunRef(RunRef.of(task.toHandle()).toString()))
                .await()
                .atMost(WAIT);

        monitor.adopt(reload(job.name())).await().atMost(WAIT);

        assertThat(reload(job.name()).replica()).isEqualTo(registry.replica());
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(reload(job.name()).status()).isEqualTo(JobStatus.COMPLETED));
    }

    @Test
    void aJobEndedBeforeItWasAdoptedIsLeftAsItEnded() {
        Job job = ownedBy(jobIn(JobStatus.RUNNING, "999999999@1"), "before-restart");
        // The leader ended it as orphaned between the read at start-up and the adoption.
        lifecycle
                .transitionOwned(job, "before-restart", JobStatus.FAILED, "the replica that ran it stopped")
                .await()
                .atMost(WAIT);

        monitor.adopt(job).await().atMost(WAIT);

        Job after = reload(job.name());
        assertThat(after.replica()).isEqualTo("before-restart");
        assertThat(after.errorMessage()).isEqualTo("the replica that ran it stopped");
    }

    @Test
    void onAStoreOfItsOwnEveryUnfinishedJobIsThisReplicas() {
        Job elsewhere = ownedBy(jobIn(JobStatus.RUNNING, null), "another-replica");

        assertThat(registry.shared()).isFalse();
        assertThat(monitor.ours(elsewhere)).isTrue();
    }

    private Process startTask(Job job, String run) throws Exception {
        RunDir dir = backend.runDir(job.name());
        dir.prepare(new TaskSpec(job.name(), null, null, null, Map.of(), null, null, null, run));
        return ProcessRunner.start(
                new CommandSpec(
                        List.of("bash", dir.wrapper().toString()),
                        Map.of(LocalBackend.RUN_DIR_ENV, dir.path().toString()),
                        dir.path(),
                        Duration.ZERO),
                dir.log());
    }

    private long awaitPid(RunDir dir, String file) {
        await().atMost(WAIT).until(() -> Files.exists(dir.path().resolve(file)));
        return await().atMost(WAIT)
                .until(
                        () -> {
                            String text =
                                    Files.readString(dir.path().resolve(file)).trim();
                            return text.isEmpty() ? null : Long.valueOf(text);
                        },
                        pid -> pid != null);
    }

    @Test
    void processesOfATaskWhoseLeaderDiedAreEndedAfterTheRestart() throws Exception {
        Job job = jobIn(JobStatus.RUNNING, null);
        Process leader = startTask(job, "sleep 300 & echo $! > child.pid; wait");
        long child = awaitPid(backend.runDir(job.name()), "child.pid");
        store.updateDetails(reload(job.name())
                        .withRunRef(RunRef.of(leader.toHandle()).toString()))
                .await()
                .atMost(WAIT);
        // The crash: the leader goes while the service is down, the rest of its group lives on.
        leader.destroyForcibly().waitFor();
        assertThat(ProcessHandle.of(child).filter(ProcessHandle::isAlive)).isPresent();

        monitor.recover(reload(job.name())).await().atMost(WAIT);

        // The job ends only once its task's processes are gone.
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(reload(job.name()).status()).isEqualTo(JobStatus.FAILED));
        assertThat(ProcessHandle.of(child).filter(ProcessHandle::isAlive)).isEmpty();
    }

    @Test
    void theStartUpSweepEndsProcessesOfATaskWithNoJob() throws Exception {
        Job job = jobIn(JobStatus.RUNNING, null);
        Process leader = startTask(job, "sleep 300 & echo $! > child.pid; wait");
        long child = awaitPid(backend.runDir(job.name()), "child.pid");
        leader.destroyForcibly().waitFor();
        lifecycle.transition(job.name(), JobStatus.STOPPING, "stop").await().atMost(WAIT);
        lifecycle.transition(job.name(), JobStatus.STOPPED, "stopped").await().atMost(WAIT);

        backend.sweep();

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(ProcessHandle.of(child).filter(ProcessHandle::isAlive))
                        .isEmpty());
    }

    @Test
    void whatATaskLeftRunningEndsBeforeItsOutcomeIsRecorded() throws Exception {
        Job job = jobIn(JobStatus.RUNNING, null);
        Process leader = startTask(job, "sleep 300 & echo $! > child.pid; echo done");
        long child = awaitPid(backend.runDir(job.name()), "child.pid");

        backend.follow(job.name(), leader.toHandle());

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(reload(job.name()).status()).isEqualTo(JobStatus.COMPLETED));
        assertThat(ProcessHandle.of(child).filter(ProcessHandle::isAlive)).isEmpty();
    }
}
