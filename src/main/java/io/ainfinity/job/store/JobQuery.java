package io.ainfinity.job.store;

import java.util.Map;
import java.util.Set;

import io.ainfinity.job.JobStatus;

/**
 * A page request over jobs, newest first.
 *
 * @param afterId exclusive cursor: only jobs older than this row id; null for the first page
 * @param statuses empty for any status
 * @param labels every entry must match
 */
public record JobQuery(int limit, Long afterId, Set<JobStatus> statuses, Map<String, String> labels) {

    public JobQuery {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
