package io.ainfinity.job.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.ainfinity.job.Job;
import io.ainfinity.job.JobStatus;

import static io.ainfinity.job.store.JobRows.JOB_COLUMNS;

/**
 * Keyset pagination over jobs, newest first. The cursor is the row id, so a page costs an index range scan however
 * deep it is, and concurrent inserts never shift later pages. Filters are bound parameters, never concatenated text.
 */
final class JobListQuery {

    private JobListQuery() {}

    static JobPage run(Connection c, JobQuery query) throws SQLException {
        List<Object> params = new ArrayList<>();
        String filter = filter(query, params);
        long total;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM jobs j" + filter)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
        }
        List<Object> pageParams = new ArrayList<>(params);
        String where = filter;
        if (query.afterId() != null) {
            where += (filter.isEmpty() ? " WHERE" : " AND") + " j.id < ?";
            pageParams.add(query.afterId());
        }
        pageParams.add(query.limit() + 1);
        List<Job> jobs = new ArrayList<>();
        long lastId = 0;
        boolean more = false;
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + prefixed() + " FROM jobs j" + where + " ORDER BY j.id DESC LIMIT ?")) {
            bind(ps, pageParams);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (jobs.size() == query.limit()) {
                        more = true;
                        break;
                    }
                    jobs.add(JobRows.job(rs));
                    lastId = rs.getLong("id");
                }
            }
        }
        return new JobPage(jobs, total, more ? lastId : null);
    }

    private static String filter(JobQuery query, List<Object> params) {
        List<String> clauses = new ArrayList<>();
        if (query.owner() != null) {
            clauses.add("j.owner = ?");
            params.add(query.owner());
        }
        if (!query.statuses().isEmpty()) {
            clauses.add("j.status IN (" + placeholders(query.statuses().size()) + ")");
            query.statuses().stream().map(JobStatus::wireName).sorted().forEach(params::add);
        }
        for (Map.Entry<String, String> label : query.labels().entrySet()) {
            clauses.add("EXISTS (SELECT 1 FROM job_labels l WHERE l.job_id = j.id"
                    + " AND l.label_key = ? AND l.label_value = ?)");
            params.add(label.getKey());
            params.add(label.getValue());
        }
        return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
    }

    private static String prefixed() {
        return "j." + JOB_COLUMNS.replace(", ", ", j.");
    }

    private static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (p instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, (String) p);
            }
        }
    }
}
