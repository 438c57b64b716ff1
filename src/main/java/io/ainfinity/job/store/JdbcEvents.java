package io.ainfinity.job.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.ainfinity.job.JobEvent;
import io.ainfinity.job.JobStatus;

import static io.ainfinity.job.store.JobRows.setMillis;
import static io.ainfinity.job.store.JobRows.write;

/** The SQL of job events, shared by the store's methods; each helper runs on the connection it is given. */
final class JdbcEvents {

    private JdbcEvents() {}

    static List<JobEvent> ofJob(Connection c, String jobName, long afterSeq, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + JobRows.EVENT_COLUMNS
                + " FROM job_events e JOIN jobs j ON j.id = e.job_id"
                + " WHERE j.job_name = ? AND e.seq > ? ORDER BY e.seq LIMIT ?")) {
            ps.setString(1, jobName);
            ps.setLong(2, afterSeq);
            ps.setInt(3, limit);
            return readEvents(ps);
        }
    }

    static List<JobEvent> afterId(Connection c, long afterId, String owner, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + JobRows.EVENT_COLUMNS
                + " FROM job_events e JOIN jobs j ON j.id = e.job_id WHERE e.id > ?"
                + (owner == null ? "" : " AND j.owner = ?") + " ORDER BY e.id LIMIT ?")) {
            int i = 1;
            ps.setLong(i++, afterId);
            if (owner != null) {
                ps.setString(i++, owner);
            }
            ps.setInt(i, limit);
            return readEvents(ps);
        }
    }

    static long lastId(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM job_events");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Stores the metrics and appends their event after the job's latest one; empty when the job does not exist. */
    static Optional<JobEvent> recordMetrics(
            Connection c,
            String jobName,
            Map<String, Object> training,
            Map<String, Object> evaluation,
            Map<String, Object> gpu,
            Instant at)
            throws SQLException {
        long id;
        long seq;
        String status;
        try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET training_metrics = ?,"
                + " evaluation_metrics = ?, gpu_metrics = ?, last_seq = last_seq + 1, updated_at = ?"
                + " WHERE job_name = ? RETURNING id, last_seq, status")) {
            ps.setString(1, write(training));
            ps.setString(2, write(evaluation));
            ps.setString(3, write(gpu));
            setMillis(ps, 4, at);
            ps.setString(5, jobName);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.<JobEvent>empty();
                }
                id = rs.getLong(1);
                seq = rs.getLong(2);
                status = rs.getString(3);
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("training_metrics", training);
        data.put("evaluation_metrics", evaluation);
        data.put("gpu_metrics", gpu);
        JobStatus current = JobStatus.fromWire(status).orElse(JobStatus.UNKNOWN);
        JobEvent event = new JobEvent(0, jobName, seq, null, current, at, null, JobEvent.METRICS, data, null);
        append(c, id, event);
        return Optional.of(event);
    }

    private static List<JobEvent> readEvents(PreparedStatement ps) throws SQLException {
        List<JobEvent> events = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                events.add(JobRows.event(rs));
            }
        }
        return events;
    }

    static void append(Connection c, long jobId, JobEvent event) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO job_events (job_id, seq, from_status, to_status,"
                + " at, message, event_type, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, jobId);
            ps.setLong(2, event.seq());
            ps.setString(3, event.from() == null ? null : event.from().wireName());
            ps.setString(4, event.to().wireName());
            setMillis(ps, 5, event.at());
            ps.setString(6, event.message());
            ps.setString(7, event.type());
            ps.setString(8, write(event.data()));
            ps.executeUpdate();
        }
    }
}
