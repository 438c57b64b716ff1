package io.ainfinity.skypilot;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.ainfinity.job.JobStatus;
import io.ainfinity.skypilot.SkyStatusMapper.Observation;

import static org.assertj.core.api.Assertions.assertThat;

class SkyStatusMapperTest {

    @ParameterizedTest
    @CsvSource({
        "UP, INIT, PROVISIONING",
        "UP, PENDING, PROVISIONING",
        "UP, SETTING_UP, PROVISIONING",
        "UP, RUNNING, RUNNING",
        "UP, SUCCEEDED, COMPLETED",
        "UP, FAILED, FAILED",
        "UP, FAILED_SETUP, FAILED",
        "UP, FAILED_DRIVER, FAILED",
        "UP, CANCELLED, STOPPED",
        "UP, BRAND_NEW_STATE, UNKNOWN",
        "INIT, , PROVISIONING",
        "PENDING, , PROVISIONING",
        "UP, , PROVISIONING",
        "STOPPED, , UNKNOWN",
        "HIBERNATING, , UNKNOWN",
        ", , UNKNOWN"
    })
    void mapsClusterModeStates(String cluster, String job, JobStatus expected) {
        Observation o = SkyStatusMapper.cluster("c", cluster, job == null ? null : 1L, job);

        assertThat(o.status()).isEqualTo(expected);
        assertThat(o.skyStatus()).isEqualTo((cluster == null ? "-" : cluster) + "/" + (job == null ? "-" : job));
    }

    @ParameterizedTest
    @CsvSource({
        "PENDING, PROVISIONING",
        "SUBMITTED, PROVISIONING",
        "STARTING, PROVISIONING",
        "RUNNING, RUNNING",
        "RECOVERING, RUNNING",
        "WINDING_DOWN, RUNNING",
        "SUCCEEDED, COMPLETED",
        "FAILED, FAILED",
        "FAILED_SETUP, FAILED",
        "FAILED_PRECHECKS, FAILED",
        "FAILED_NO_RESOURCE, FAILED",
        "FAILED_CONTROLLER, FAILED",
        "CANCELLING, STOPPING",
        "CANCELLED, STOPPED",
        "PAUSED, UNKNOWN"
    })
    void mapsManagedStates(String sky, JobStatus expected) {
        assertThat(SkyStatusMapper.managed(7, sky, null).status()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"UP, BRAND_NEW_STATE, BRAND_NEW_STATE", "HIBERNATING, , HIBERNATING", "UP, RUNNING, "})
    void namesValuesItDoesNotKnow(String cluster, String job, String unknown) {
        assertThat(SkyStatusMapper.cluster("c", cluster, 1L, job).unknownValue())
                .isEqualTo(unknown);
    }

    @org.junit.jupiter.api.Test
    void keepsSkyPilotsFailureReasonAndNeverGuessesAVanishedOutcome() {
        Observation failed = SkyStatusMapper.managed(7, "FAILED_NO_RESOURCE", "no H100 in any zone");
        Observation vanished = SkyStatusMapper.cluster("c", null, 1L, null);

        assertThat(failed.message()).isEqualTo("FAILED_NO_RESOURCE: no H100 in any zone");
        assertThat(vanished.status()).isEqualTo(JobStatus.UNKNOWN);
        assertThat(vanished.message()).contains("vanished before the job's final status was seen");
        assertThat(SkyStatusMapper.cluster("c", "UP", 1L, "FAILED_SETUP").message())
                .contains("setup");
    }
}
