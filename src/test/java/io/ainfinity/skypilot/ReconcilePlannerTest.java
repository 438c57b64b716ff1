package io.ainfinity.skypilot;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.ainfinity.job.Job;
import io.ainfinity.job.JobStatus;
import io.ainfinity.skypilot.ReconcilePlanner.Decision;
import io.ainfinity.skypilot.SkySnapshot.Cluster;
import io.ainfinity.skypilot.SkySnapshot.ClusterJob;
import io.ainfinity.skypilot.SkySnapshot.ManagedJob;
import io.ainfinity.support.Jobs;
import io.ainfinity.task.JobSpec;
import io.ainfinity.task.SkyMode;

import static org.assertj.core.api.Assertions.assertThat;

class ReconcilePlannerTest {

    private static final String MARKER = SkyRef.launching(Instant.EPOCH).toString();

    private static Job job(SkyMode mode, JobStatus status, String runRef, boolean down) {
        Job base = Jobs.pending("j1", Map.of());
        JobSpec s = base.spec();
        JobSpec spec = new JobSpec(s.template(), s.resources(), s.training(), s.labels(), s.envs(), true, down, mode);
        return Job.builder()
                .name("j1")
                .owner("alice")
                .backend("skypilot")
                .status(status)
                .clusterName(mode == SkyMode.CLUSTER ? "j1" : null)
                .spec(spec)
                .taskYaml("")
                .createdAt(Jobs.T0)
                .updatedAt(Jobs.T0)
                .lastSeq(1)
                .runRef(runRef)
                .build();
    }

    private static SkySnapshot clusters(Map<String, Cluster> clusters, Map<String, List<ClusterJob>> queues) {
        return new SkySnapshot(clusters, queues, null, Instant.EPOCH);
    }

    private static SkySnapshot managed(List<ManagedJob> jobs) {
        return new SkySnapshot(null, null, jobs, Instant.EPOCH);
    }

    @Test
    void adoptsTheClusterOfALaunchWhoseOutcomeWasLost() {
        Job job = job(SkyMode.CLUSTER, JobStatus.PROVISIONING, MARKER, true);
        SkySnapshot seen = clusters(
                Map.of("j1", new Cluster("j1", "UP")), Map.of("j1", List.of(new ClusterJob(1, "j1", "RUNNING"))));

        Decision d = ReconcilePlanner.decide(job, seen, true);

        assertThat(d.relaunch()).isFalse();
        assertThat(d.adoptRef()).hasToString("cluster:1");
        assertThat(d.observation().status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void relaunchesOnlyWhenSkyPilotKnowsNothingOfTheJob() {
        Job cluster = job(SkyMode.CLUSTER, JobStatus.PROVISIONING, MARKER, true);
        Job managed = job(SkyMode.MANAGED, JobStatus.PROVISIONING, MARKER, true);

        assertThat(ReconcilePlanner.decide(cluster, clusters(Map.of(), Map.of()), false)
                        .relaunch())
                .isTrue();
        assertThat(ReconcilePlanner.decide(managed, managed(List.of()), false).relaunch())
                .isTrue();
        assertThat(ReconcilePlanner.decide(managed, managed(List.of(new ManagedJob(4, "j1", "STARTING", null))), false)
                        .adoptRef())
                .hasToString("managed:4");
        assertThat(ReconcilePlanner.decide(cluster, new SkySnapshot(null, null, null, Instant.EPOCH), false))
                .isEqualTo(Decision.NONE);
    }

    @Test
    void launchesJobsThatNeverStartedOnlyWhenRecovering() {
        Job pending = job(SkyMode.CLUSTER, JobStatus.PENDING, null, true);
        SkySnapshot none = clusters(Map.of(), Map.of());

        assertThat(ReconcilePlanner.decide(pending, none, true).relaunch()).isTrue();
        assertThat(ReconcilePlanner.decide(pending, none, false)).isEqualTo(Decision.NONE);
    }

    @Test
    void aVanishedClusterIsUnknownNeverCompleted() {
        Job running = job(SkyMode.CLUSTER, JobStatus.RUNNING, "cluster:1", true);

        Decision d = ReconcilePlanner.decide(running, clusters(Map.of(), Map.of()), false);

        assertThat(d.observation().status()).isEqualTo(JobStatus.UNKNOWN);
        assertThat(d.teardown()).isFalse();
    }

    @Test
    void tearsDownAfterATerminalStatusOnlyWhenAsked() {
        SkySnapshot done = clusters(
                Map.of("j1", new Cluster("j1", "UP")), Map.of("j1", List.of(new ClusterJob(1, "j1", "SUCCEEDED"))));

        Decision down =
                ReconcilePlanner.decide(job(SkyMode.CLUSTER, JobStatus.RUNNING, "cluster:1", true), done, false);
        Decision keep =
                ReconcilePlanner.decide(job(SkyMode.CLUSTER, JobStatus.RUNNING, "cluster:1", false), done, false);

        assertThat(down.observation().status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(down.teardown()).isTrue();
        assertThat(keep.teardown()).isFalse();
    }

    @Test
    void stopsAgainWhatStillRunsAndEndsWhatIsGone() {
        Job stopping = job(SkyMode.CLUSTER, JobStatus.STOPPING, "cluster:1", false);
        SkySnapshot stillRunning = clusters(
                Map.of("j1", new Cluster("j1", "UP")), Map.of("j1", List.of(new ClusterJob(1, "j1", "RUNNING"))));

        assertThat(ReconcilePlanner.decide(stopping, stillRunning, false).restop())
                .isTrue();
        Decision gone = ReconcilePlanner.decide(stopping, clusters(Map.of(), Map.of()), false);
        assertThat(gone.observation().status()).isEqualTo(JobStatus.STOPPED);
        Job cancelling = job(SkyMode.MANAGED, JobStatus.STOPPING, "managed:4", false);
        assertThat(ReconcilePlanner.decide(
                                cancelling, managed(List.of(new ManagedJob(4, "j1", "CANCELLING", null))), false)
                        .restop())
                .isFalse();
    }

    @Test
    void aManagedJobNoLongerListedIsUnknown() {
        Job running = job(SkyMode.MANAGED, JobStatus.RUNNING, "managed:4", true);

        Decision d =
                ReconcilePlanner.decide(running, managed(List.of(new ManagedJob(5, "other", "RUNNING", null))), false);

        assertThat(d.observation().status()).isEqualTo(JobStatus.UNKNOWN);
        assertThat(d.observation().message()).contains("managed job 4");
    }

    @Test
    void aManagedJobWhoseLaunchReportedNoIdIsNamedNeverNumbered() {
        Job running = job(SkyMode.MANAGED, JobStatus.RUNNING, "managed", true);
        Job stopping = job(SkyMode.MANAGED, JobStatus.STOPPING, "managed", false);

        Decision lost = ReconcilePlanner.decide(running, managed(List.of()), false);
        Decision stopped = ReconcilePlanner.decide(stopping, managed(List.of()), false);

        assertThat(lost.observation().status()).isEqualTo(JobStatus.UNKNOWN);
        assertThat(lost.observation().message())
                .isEqualTo("no managed job named 'j1' is listed by SkyPilot (its launch reported no job id);"
                        + " its final status was not seen");
        assertThat(stopped.observation().status()).isEqualTo(JobStatus.STOPPED);
        assertThat(stopped.observation().message()).contains("'j1'").doesNotContain("-1");
    }

    @Test
    void aQueueThatWasNotReadConcludesNothing() {
        Job running = job(SkyMode.CLUSTER, JobStatus.RUNNING, "cluster:1", true);
        Job stopping = job(SkyMode.CLUSTER, JobStatus.STOPPING, "cluster:1", true);
        Map<String, Cluster> up = Map.of("j1", new Cluster("j1", "UP"));

        assertThat(ReconcilePlanner.decide(running, clusters(up, Map.of()), false))
                .isEqualTo(Decision.NONE);
        assertThat(ReconcilePlanner.decide(running, clusters(up, Map.of("other", List.of())), false))
                .isEqualTo(Decision.NONE);
        assertThat(ReconcilePlanner.decide(
                        running, clusters(Map.of("j1", new Cluster("j1", "AUTOSTOPPING")), Map.of()), false))
                .isEqualTo(Decision.NONE);
        Decision restop = ReconcilePlanner.decide(stopping, clusters(up, Map.of()), false);
        assertThat(restop.observation()).isNull();
        assertThat(restop.restop()).isTrue();
        // A cluster still starting has no queue to read: that is no failure, and the job is provisioning.
        assertThat(ReconcilePlanner.decide(running, clusters(Map.of("j1", new Cluster("j1", "INIT")), Map.of()), false)
                        .observation()
                        .skyStatus())
                .isEqualTo("INIT/-");
    }
}
