package io.ainfinity.job;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import io.ainfinity.job.store.JobStore;

import static io.ainfinity.support.Jobs.created;
import static io.ainfinity.support.Jobs.pending;
import static io.ainfinity.support.Jobs.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@QuarkusTest
class JobLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    JobLifecycle lifecycle;

    @Inject
    JobStore store;

    private String newJob() {
        Job job = pending(uniqueName("life"), Map.of());
        store.insert(job, created(job)).await().atMost(WAIT);
        return job.name();
    }

    @Test
    void recordsEachTransitionAsAnEvent() {
        String name = newJob();

        lifecycle.transition(name, JobStatus.RUNNING, "up").await().atMost(WAIT);
        Job done = lifecycle.transition(name, JobStatus.FAILED, "oom").await().atMost(WAIT);

        assertThat(done.status()).isEqualTo(JobStatus.FAILED);
        assertThat(done.errorMessage()).isEqualTo("oom");
        assertThat(done.endedAt()).isNotNull();
        List<JobEvent> events = store.events(name, 0, 10).await().atMost(WAIT);
        assertThat(events).extracting(JobEvent::from).containsExactly(null, JobStatus.PENDING, JobStatus.RUNNING);
        assertThat(events).extracting(JobEvent::message).containsExactly("job created", "up", "oom");
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
        assertThat(store.events(name, 0, 10).await().atMost(WAIT)).hasSize(2);
    }

    @Test
    void reportingTheCurrentStatusAgainIsANoOp() {
        String name = newJob();
        lifecycle.transition(name, JobStatus.RUNNING, null).await().atMost(WAIT);

        Job again = lifecycle.transition(name, JobStatus.RUNNING, null).await().atMost(WAIT);

        assertThat(again.lastSeq()).isEqualTo(2);
    }

    @Test
    void concurrentWritersNeverLoseAnEvent() {
        String name = newJob();

        // Two observers race with moves that are legal in either order; the loser retries against the new state.
        var a = lifecycle.transition(name, JobStatus.RUNNING, "a").subscribeAsCompletionStage();
        var b = lifecycle.transition(name, JobStatus.UNKNOWN, "b").subscribeAsCompletionStage();
        a.join();
        b.join();

        List<JobEvent> events = store.events(name, 0, 10).await().atMost(WAIT);
        assertThat(events).extracting(JobEvent::seq).containsExactly(1L, 2L, 3L);
        assertThat(store.find(name).await().atMost(WAIT).orElseThrow().lastSeq())
                .isEqualTo(3);
    }
}
