package io.ainfinity.job.store;

import java.util.List;

import io.ainfinity.job.Job;

/**
 * One page of jobs.
 *
 * @param total jobs matching the filters, across all pages
 * @param nextAfterId cursor for the next page, null on the last one
 */
public record JobPage(List<Job> jobs, long total, Long nextAfterId) {}
