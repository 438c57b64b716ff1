package io.ainfinity.support;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.ainfinity.job.Job;
import io.ainfinity.job.JobEvent;
import io.ainfinity.job.JobStatus;
import io.ainfinity.task.JobSpec;
import io.ainfinity.task.Resources;
import io.ainfinity.task.Training;

/** Builders for jobs in tests. */
public final class Jobs {

    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private Jobs() {}

    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Job pending(String name, Map<String, String> labels) {
        JobSpec spec = new JobSpec(
                "local-smoke",
                Resources.empty().withDefaults("local"),
                Training.empty().withDefaults(),
                labels,
                Map.of("A", "1"),
                true,
                true,
                null);
        return Job.builder()
                .name(name)
                .owner("alice")
                .backend("local")
                .status(JobStatus.PENDING)
                .spec(spec)
                .taskYaml("name: " + name + "\n")
                .createdAt(T0)
                .updatedAt(T0)
                .lastSeq(1)
                .build();
    }

    public static JobEvent created(Job job) {
        return new JobEvent(0, job.name(), 1, null, JobStatus.PENDING, job.createdAt(), "job created");
    }

    public static JobEvent event(Job before, Job after, String message) {
        return new JobEvent(
                0, after.name(), after.lastSeq(), before.status(), after.status(), after.updatedAt(), message);
    }
}
