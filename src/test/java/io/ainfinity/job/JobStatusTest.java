package io.ainfinity.job;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static io.ainfinity.job.JobStatus.COMPLETED;
import static io.ainfinity.job.JobStatus.FAILED;
import static io.ainfinity.job.JobStatus.PENDING;
import static io.ainfinity.job.JobStatus.PROVISIONING;
import static io.ainfinity.job.JobStatus.RUNNING;
import static io.ainfinity.job.JobStatus.STOPPED;
import static io.ainfinity.job.JobStatus.STOPPING;
import static io.ainfinity.job.JobStatus.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

class JobStatusTest {

    /** The lifecycle written out independently of the implementation's table. */
    private static final Map<JobStatus, Set<JobStatus>> EXPECTED = Map.of(
            PENDING, EnumSet.of(PROVISIONING, RUNNING, COMPLETED, FAILED, STOPPING, UNKNOWN),
            PROVISIONING, EnumSet.of(RUNNING, COMPLETED, FAILED, STOPPING, UNKNOWN),
            RUNNING, EnumSet.of(COMPLETED, FAILED, STOPPING, UNKNOWN),
            STOPPING, EnumSet.of(STOPPED, COMPLETED, FAILED, UNKNOWN),
            UNKNOWN, EnumSet.of(PROVISIONING, RUNNING, COMPLETED, FAILED, STOPPING, STOPPED),
            COMPLETED, EnumSet.noneOf(JobStatus.class),
            FAILED, EnumSet.noneOf(JobStatus.class),
            STOPPED, EnumSet.noneOf(JobStatus.class));

    @Test
    void allowsExactlyTheDocumentedTransitions() {
        for (JobStatus from : JobStatus.values()) {
            for (JobStatus to : JobStatus.values()) {
                assertThat(from.canTransitionTo(to))
                        .as("%s -> %s", from, to)
                        .isEqualTo(EXPECTED.get(from).contains(to));
            }
        }
    }

    @Test
    void terminalStatusesAreCompletedFailedAndStopped() {
        assertThat(EnumSet.allOf(JobStatus.class).stream().filter(JobStatus::isTerminal))
                .containsExactlyInAnyOrder(COMPLETED, FAILED, STOPPED);
    }

    @Test
    void noStatusMayFollowItself() {
        for (JobStatus s : JobStatus.values()) {
            assertThat(s.canTransitionTo(s)).as("%s -> itself", s).isFalse();
        }
    }

    @Test
    void wireNamesAreLowercaseAndRoundTrip() {
        assertThat(PROVISIONING.wireName()).isEqualTo("provisioning");
        for (JobStatus s : JobStatus.values()) {
            assertThat(JobStatus.fromWire(s.wireName())).contains(s);
        }
        assertThat(JobStatus.fromWire(" Running ")).contains(RUNNING);
        assertThat(JobStatus.fromWire("SUCCEEDED")).isEmpty();
        assertThat(JobStatus.fromWire(null)).isEmpty();
    }
}
