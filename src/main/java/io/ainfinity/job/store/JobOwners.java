package io.ainfinity.job.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.ainfinity.job.Job;
import io.ainfinity.job.JobEvent;
import io.ainfinity.job.JobStatus;

import static io.ainfinity.job.store.JobRows.JOB_COLUMNS;
import static io.ainfinity.job.store.JobRows.setMillis;

/**
 * The statements that read or depend on which replica owns a job. Each change is one conditional UPDATE, so a
 * replica re-owning a job it adopted and a leader failing the same job as orphaned cannot both succeed: whichever
 * writes first changes what the other's condition reads.
 */
final class JobOwners {

    private static final String UNFINISHED = " status NOT IN ('"
            + JobStatus.COMPLETED.wireName() + "', '" + JobStatus.FAILED.wireName() + "', '"
            + JobStatus.STOPPED.wireName() + "')";

    private JobOwners() {}

    /** A transition, compare-and-set on the sequence and, when {@code replica} is not null, on the owner too. */
    static boolean transition(Connection c, Job after, long expectedSeq, String replica, JobEvent event)
            throws SQLException {
        long id;
        try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET status = ?, updated_at = ?,"
                + " started_at = ?, ended_at = ?, error_message = ?, last_seq = ?"
                + " WHERE job_name = ? AND last_seq = ?" + (replica == null ? "" : " AND replica = ?")
                + " RETURNING id")) {
            ps.setString(1, after.status().wireName());
            setMillis(ps, 2, after.updatedAt());
            setMillis(ps, 3, after.startedAt());
            setMillis(ps, 4, after.endedAt());
            ps.setString(5, after.errorMessage());
            ps.setLong(6, after.lastSeq());
            ps.setString(7, after.name());
            ps.setLong(8, expectedSeq);
            if (replica != null) {
                ps.setString(9, replica);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                id = rs.getLong(1);
            }
        }
        JdbcEvents.append(c, id, event);
        return true;
    }

    static boolean compareAndSet(Connection c, String jobName, String expected, String next) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET replica = ? WHERE job_name = ? AND"
                + (expected == null ? " replica IS NULL" : " replica = ?") + " AND" + UNFINISHED)) {
            ps.setString(1, next);
            ps.setString(2, jobName);
            if (expected != null) {
                ps.setString(3, expected);
            }
            return ps.executeUpdate() > 0;
        }
    }

    static List<Job> orphaned(Connection c, String backend, String self, Instant seenSince) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + JOB_COLUMNS + " FROM jobs WHERE backend = ? AND"
                + UNFINISHED + " AND replica IS NOT NULL AND replica <> ? AND NOT EXISTS"
                + " (SELECT 1 FROM replicas r WHERE r.replica_id = jobs.replica AND r.seen_at >= ?) ORDER BY id")) {
            ps.setString(1, backend);
            ps.setString(2, self);
            setMillis(ps, 3, seenSince);
            List<Job> jobs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    jobs.add(JobRows.job(rs));
                }
            }
            return jobs;
        }
    }
}
