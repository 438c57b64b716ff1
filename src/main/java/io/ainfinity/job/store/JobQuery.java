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
 * @param owner only this owner's jobs; null for every owner's
 */
public record JobQuery(int limit, Long afterId, Set<JobStatus> statuses, Map<String, String> labels, String owner) {

    public JobQuery {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public JobQuery forOwner(String newOwner) {
        return new JobQuery(limit, afterId, statuses, labels, newOwner);
    }
}
