package io.ainfinity.skypilot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ainfinity.job.Job;
import io.ainfinity.job.JobStatus;
import io.ainfinity.support.SkyRig;
import io.ainfinity.task.SkyMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A launch flows one way: the backend gets the job as the service stored it and moves it on from that state, so the
 * launch itself reads the job's row at most once (none at all when nothing else touched the job meanwhile).
 */
class LaunchReadsTest {

    @TempDir
    Path dir;

    private SkyRig rig;

    @BeforeEach
    void rig() {
        rig = new SkyRig(dir, Map.of("SKY_DOUBLE_TIME_SCALE", "0.2"));
    }

    @AfterEach
    void close() {
        rig.close();
    }

    @Test
    void aClusterLaunchReadsTheStoredJobNoMore() {
        Job stored = rig.insert("one-way", SkyMode.CLUSTER, JobStatus.PENDING, null);

        rig.backend().launch(stored).await().atMost(Duration.ofSeconds(60));

        Job launched = rig.find("one-way");
        assertThat(launched.status()).isEqualTo(JobStatus.PROVISIONING);
        assertThat(SkyRef.parse(launched.runRef()).orElseThrow().jobId()).isNotNull();
        assertThat(rig.reads.of("one-way")).isLessThanOrEqualTo(1);
    }
}
