package io.ainfinity.skypilot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.ainfinity.skypilot.SkySnapshot.Cluster;
import io.ainfinity.skypilot.SkySnapshot.ClusterJob;
import io.ainfinity.skypilot.SkySnapshot.ManagedJob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parsing of real and sample {@code sky} output (src/test/resources/skypilot/). */
class SkyOutputTest {

    static String sample(String name) {
        try {
            return Files.readString(Path.of("src/test/resources/skypilot", name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void readsClustersFromTheStatusSample() {
        assertThat(SkyOutput.clusters(sample("sky_status_o_json.json")))
                .containsExactly(org.assertj.core.api.Assertions.entry("train-1", new Cluster("train-1", "UP")));
    }

    @Test
    void readsTheStatusOfAMissingClusterAfterItsColouredProse() {
        String real = sample("real_0.14.1_status_missing_cluster.stdout");

        assertThat(real).contains("\u001B[1m");
        assertThat(SkyOutput.clusters(real)).isEmpty();
    }

    @Test
    void readsQueuesAfterTheFetchingLine() {
        assertThat(SkyOutput.queues("Fetching job queue for: train-1\n" + sample("sky_queue_o_json.json")))
                .containsEntry("train-1", java.util.List.of(new ClusterJob(1, "train", "RUNNING")));
        assertThat(SkyOutput.queues(sample("real_0.14.1_queue_missing_cluster.stdout")))
                .isEmpty();
    }

    @Test
    void readsManagedJobsWithTheirFailureReason() {
        String failed = sample("sky_jobs_queue_o_json.json")
                .replace("\"RUNNING\"", "\"FAILED_SETUP\"")
                .replace("\"failure_reason\": null", "\"failure_reason\": \"pip install failed\"");

        assertThat(SkyOutput.managedJobs(failed))
                .containsExactly(new ManagedJob(7, "nightly-train", "FAILED_SETUP", "pip install failed"));
    }

    @Test
    void tellsAMissingJobsControllerFromOtherFailures() {
        assertThat(SkyOutput.noManagedJobs(
                        sample("real_0.14.1_jobs_queue_no_controller.stdout"),
                        sample("real_0.14.1_jobs_queue_no_controller.stderr")))
                .isTrue();
        assertThat(SkyOutput.noManagedJobs("", "sky.exceptions.ApiServerConnectionError: Could not connect"))
                .isFalse();
    }

    @Test
    void rejectsOutputWithoutJson() {
        assertThatThrownBy(() -> SkyOutput.clusters("\u001B[31mgarbage\u001B[0m [not json\n{also not"))
                .isInstanceOf(SkyOutputException.class)
                .hasMessageContaining("garbage")
                .hasMessageNotContaining("\u001B");
        assertThatThrownBy(() -> SkyOutput.queues("[]")).isInstanceOf(SkyOutputException.class);
    }

    @Test
    void rejectsOutputCutOffAfterAnInnerObject() {
        String truncated = """
                Fetching job queue for: a, b
                {
                  "a": [
                    {
                      "job_id": 1,
                      "job_name": "a",
                      "status": "RUNNING"
                    }
                  ],
                  "b": [
                    {
                      "job_id": 1,
                """;

        assertThatThrownBy(() -> SkyOutput.queues(truncated)).isInstanceOf(SkyOutputException.class);
        assertThatThrownBy(() -> SkyOutput.clusters(sample("sky_status_o_json.json")
                        .substring(0, sample("sky_status_o_json.json").length() / 2)))
                .isInstanceOf(SkyOutputException.class);
    }

    @Test
    void takesOnlyATopLevelDocumentThatRunsToTheEnd() {
        assertThatThrownBy(() -> SkyOutput.queues("Fetching job queue for: a\n  {\"a\": []}\n"))
                .isInstanceOf(SkyOutputException.class);
        assertThatThrownBy(() -> SkyOutput.clusters("[]\n[sky] prose after the JSON\n"))
                .isInstanceOf(SkyOutputException.class);
        assertThat(SkyOutput.clusters("[sky] prose that starts like JSON\n{hint: not JSON}\n[]\n\n"))
                .isEmpty();
    }

    @Test
    void findsJobIdsInLaunchHints() {
        String hints =
                "⚙︎ Job submitted, ID: 3\n📋 Useful Commands\nJob ID: 3\n├── To cancel the job:\t\tsky cancel c 3\n";

        assertThat(SkyOutput.launchedJobId(hints)).hasValue(3);
        assertThat(SkyOutput.managedJobId("📋 Useful Commands\nManaged Job ID: 7\n"))
                .hasValue(7);
        // The managed launch request's log, as `sky api logs` prints it, has the server's line only.
        assertThat(SkyOutput.managedJobId("Managed job 'j' submitted.\n⚙︎ Job submitted, ID: 8\n"))
                .hasValue(8);
        assertThat(SkyOutput.managedJobId("📋 Useful Commands\n")).isEmpty();
    }

    @Test
    void findsTheRequestIdAnAsyncLaunchPrints() {
        // As the real 0.14.1 CLI printed it for `sky launch --async` (colours as on a terminal).
        String submitted = "YAML to run: t.yaml\nRunning on cluster: c\n"
                + "\u001b[32mSubmitted sky.launch request: f34648b4-ef72-4da6-a2c2-0570b92e17f7\u001b[0m\n"
                + "├── Check logs with: sky api logs f34648b4\n";

        assertThat(SkyOutput.requestId(submitted)).hasValue("f34648b4-ef72-4da6-a2c2-0570b92e17f7");
        assertThat(SkyOutput.requestId("Submitted sky.jobs.launch request: 0a1b2c3d-0000-4000-a000-000000000001"))
                .hasValue("0a1b2c3d-0000-4000-a000-000000000001");
        assertThat(SkyOutput.requestId("⚙︎ Job submitted, ID: 3\n")).isEmpty();
    }

    @Test
    void readsRequestStatuses() {
        String json = "[\n  {\n    \"request_id\": \"f34648b4-ef72\",\n    \"name\": \"sky.launch\",\n"
                + "    \"status\": \"FAILED\",\n    \"created_at\": 1796490363.4\n  }\n]\n";

        assertThat(SkyOutput.requestStatuses(json)).containsExactly(java.util.Map.entry("f34648b4-ef72", "FAILED"));
        assertThat(SkyOutput.requestStatuses("[]\n")).isEmpty();
    }

    @Test
    void extractsSkyPilotsOneLineReason() {
        assertThat(SkyOutput.reason(
                        "YAML to run: t.yaml\n",
                        "\u001B[31msky.exceptions.ResourcesUnavailableError: Failed to provision all possible launchable"
                                + " resources.\u001B[0m\n"))
                .isEqualTo("ResourcesUnavailableError: Failed to provision all possible launchable resources.");
        assertThat(SkyOutput.reason(
                        sample("real_0.14.1_launch_offline.stdout"), sample("real_0.14.1_launch_offline.stderr")))
                .startsWith("CloudError: requests error (ConnectionError)");
        assertThat(SkyOutput.reason("", sample("real_0.14.1_cancel_missing_cluster.stderr")))
                .isEqualTo("Cluster 'nosuch' does not exist.");
        assertThat(SkyOutput.reason(sample("real_0.14.1_queue_missing_cluster.stdout"), ""))
                .isEqualTo("ClusterDoesNotExist: Cluster 'nosuch' does not exist.");
        assertThat(SkyOutput.reason("Note: nothing went wrong\nlast words\n", ""))
                .isEqualTo("last words");
    }
}
