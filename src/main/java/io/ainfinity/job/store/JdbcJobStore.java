package io.ainfinity.job.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

import io.smallrye.mutiny.Uni;

import io.ainfinity.errors.ConflictException;
import io.ainfinity.errors.ErrorCode;
import io.ainfinity.job.Job;
import io.ainfinity.job.JobEvent;
import io.ainfinity.job.JobStatus;
import io.ainfinity.job.idempotency.LaunchReceipt;
import io.ainfinity.process.WorkerPool;

import static io.ainfinity.job.store.JobRows.JOB_COLUMNS;
import static io.ainfinity.job.store.JobRows.setMillis;
import static io.ainfinity.job.store.JobRows.write;

/**
 * The one JDBC implementation, for SQLite and PostgreSQL alike: the SQL below sticks to what both accept
 * ({@code RETURNING}, {@code LIMIT}, no vendor types). Blocking calls run on a dedicated {@link WorkerPool}.
 */
public final class JdbcJobStore implements JobStore {

    private final DataSource dataSource;
    private final WorkerPool pool;

    public JdbcJobStore(DataSource dataSource, WorkerPool pool) {
        this.dataSource = dataSource;
        this.pool = pool;
    }

    @Override
    public Uni<Job> insert(Job job, JobEvent created, Optional<LaunchReceipt> receipt) {
        return pool.submit(() -> inTransaction(c -> {
            // The receipt first: a retry that lost the race on the key is told so, not that the name is taken.
            if (receipt.isPresent()) {
                JdbcReceipts.write(c, receipt.get());
            }
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO jobs (job_name, owner, backend, status,"
                    + " cluster_name, sky_status, spec_json, task_yaml, created_at, updated_at, started_at, ended_at,"
                    + " error_message, training_metrics, evaluation_metrics, gpu_metrics, last_seq, run_ref,"
                    + " display_name, replica)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
                ps.setString(1, job.name());
                ps.setString(2, job.owner());
                ps.setString(3, job.backend());
                ps.setString(4, job.status().wireName());
                ps.setString(5, job.clusterName());
                ps.setString(6, job.skyStatus());
                ps.setString(7, write(job.spec()));
                ps.setString(8, job.taskYaml());
                setMillis(ps, 9, job.createdAt());
                setMillis(ps, 10, job.updatedAt());
                setMillis(ps, 11, job.startedAt());
                setMillis(ps, 12, job.endedAt());
                ps.setString(13, job.errorMessage());
                ps.setString(14, write(job.trainingMetrics()));
                ps.setString(15, write(job.evaluationMetrics()));
                ps.setString(16, write(job.gpuMetrics()));
                ps.setLong(17, job.lastSeq());
                ps.setString(18, job.runRef());
                ps.setString(19, job.displayName());
                ps.setString(20, job.replica());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            } catch (SQLException e) {
                if (SqlErrors.isUniqueViolation(e)) {
                    throw new ConflictException(
                            ErrorCode.JOB_ALREADY_EXISTS,
                            "a job named '%s' already exists".formatted(job.displayName()));
                }
                throw e;
            }
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO job_labels (job_id, label_key, label_value) VALUES (?, ?, ?)")) {
                for (Map.Entry<String, String> label : job.spec().labels().entrySet()) {
                    ps.setLong(1, id);
                    ps.setString(2, label.getKey());
                    ps.setString(3, label.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            JdbcEvents.append(c, id, created);
            return job;
        }));
    }

    @Override
    public Uni<Optional<Job>> find(String jobName) {
        return pool.submit(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps =
                            c.prepareStatement("SELECT " + JOB_COLUMNS + " FROM jobs WHERE job_name = ?")) {
                ps.setString(1, jobName);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(JobRows.job(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Uni<List<Job>> findByName(String name, String owner) {
        return pool.submit(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT " + JOB_COLUMNS + " FROM jobs"
                            + " WHERE (display_name = ? OR job_name = ?) AND (CAST(? AS TEXT) IS NULL OR owner = ?)"
                            + " ORDER BY id LIMIT 20")) {
                ps.setString(1, name);
                ps.setString(2, name);
                ps.setString(3, owner);
                ps.setString(4, owner);
                List<Job> found = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(JobRows.job(rs));
                    }
                }
                return found;
            }
        });
    }

    @Override
    public Uni<JobPage> list(JobQuery query) {
        return pool.submit(() -> {
            try (Connection c = dataSource.getConnection()) {
                return JobListQuery.run(c, query);
            }
        });
    }

    @Override
    public Uni<Boolean> transition(Job after, long expectedSeq, JobEvent event) {
        return pool.submit(() -> inTransaction(c -> JobOwners.transition(c, after, expectedSeq, null, event)));
    }

    @Override
    public Uni<Boolean> transitionOwned(Job after, long expectedSeq, String replica, JobEvent event) {
        return pool.submit(() -> inTransaction(c -> JobOwners.transition(c, after, expectedSeq, replica, event)));
    }

    @Override
    public Uni<Boolean> compareAndSetReplica(String jobName, String expected, String next) {
        return pool.submit(() -> {
            try (Connection c = dataSource.getConnection()) {
                return JobOwners.compareAndSet(c, jobName, expected, next);
            }
        });
    }

    @Override
    public Uni<List<Job>> orphaned(String backend, String self, Instant seenSince) {
        return pool.submit(() -> {
            try (Connection c = dataSource.getConnection()) {
                return JobOwners.orphaned(c, backend, self, seenSince);
            }
        });
    }

    @Override
    public Uni<Void> updateDetails(Job job) {
        return pool.submit(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("UPDATE jobs SET cluster_name = ?, sky_status = ?,"
                            + " training_metrics = ?, evaluation_metrics = ?, gpu_metrics = ?, run_ref = ?,"
                            + " updated_at = ? WHERE job_name = ?")) {
                ps.setString(1, job.clusterName());
                ps.setString(2, job.skyStatus());
                ps.setString(3, write(job.trainingMetrics()));
                ps.setString(4, write(job.evaluationMetrics()));
                ps.setString(5, write(job.gpuMetrics()));
                ps.setString(6, job.runRef());
                setMillis(ps, 7, job.updatedAt());
                ps.setString(8, job.name());
                ps.executeUpdate();
                return null;
            }
        });
    }

    @Override
    public Uni<Boolean> compareAndSetRunRef(String jobName, String expected, String next) {
        String sql = "UPDATE jobs SET run_ref = ? WHERE job_name = ? AND "
                + (expected == null ? "run_ref IS NULL" : "run_ref = ?");
        return pool.submit(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, next);
                ps.setString(2, jobName);
                if (expected != null) {
                    ps.setString(3, expected);
                }
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public Uni<Void> updateSkyStatus(String jobName, String skyStatus) {
        return pool.submit(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("UPDATE jobs SET sky_status = ? WHERE job_name = ?")) {
                ps.setString(1, skyStatus);
                ps.setString(2, jobName);
                ps.executeUpdate();
                return null;
            }
        });
    }

    @Override
    public Uni<List<JobEvent>> events(String jobName, long afterSeq, int limit) {
        return pool.submit(() -> {
            try (Connection c = dataSource.getConnection()) {
                return JdbcEvents.ofJob(c, jobName, afterSeq, limit);
            }
        });
    }

    @Override
    public Uni<List<JobEvent>> eventsAfterId(long afterId, String owner, int limit) {
        return pool.submit(() -> {
            try (Connection c = dataSource.getConnection()) {
                return JdbcEvents.afterId(c, afterId, owner, limit);
            }
        });
    }

    @Override
    public Uni<Long> lastEventId() {
        return pool.submit(() -> {
            try (Connection c = dataSource.getConnection()) {
                return JdbcEvents.lastId(c);
            }
        });
    }

    @Override
    public Uni<Optional<JobEvent>> recordMetrics(
            String jobName,
            Map<String, Object> training,
            Map<String, Object> evaluation,
            Map<String, Object> gpu,
            Instant at) {
        return pool.submit(
                () -> inTransaction(c -> JdbcEvents.recordMetrics(c, jobName, training, evaluation, gpu, at)));
    }

    @Override
    public Uni<List<Job>> active(String backend) {
        return pool.submit(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT " + JOB_COLUMNS
                            + " FROM jobs WHERE backend = ? AND status NOT IN (?, ?, ?) ORDER BY id")) {
                ps.setString(1, backend);
                ps.setString(2, JobStatus.COMPLETED.wireName());
                ps.setString(3, JobStatus.FAILED.wireName());
                ps.setString(4, JobStatus.STOPPED.wireName());
                List<Job> jobs = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        jobs.add(JobRows.job(rs));
                    }
                }
                return jobs;
            }
        });
    }

    @Override
    public Uni<Boolean> delete(String jobName) {
        return pool.submit(() -> inTransaction(c -> {
            // Children first: SQLite enforces foreign keys only when asked to, so cascades are not relied upon.
            for (String table : List.of("job_events", "job_labels")) {
                try (PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM " + table + " WHERE job_id IN (SELECT id FROM jobs WHERE job_name = ?)")) {
                    ps.setString(1, jobName);
                    ps.executeUpdate();
                }
            }
            // A receipt would answer a retry with "created" for a job that is gone: the key starts afresh instead.
            JdbcReceipts.forget(c, jobName);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM jobs WHERE job_name = ?")) {
                ps.setString(1, jobName);
                return ps.executeUpdate() > 0;
            }
        }));
    }

    @Override
    public Uni<Map<JobStatus, Long>> countByStatus() {
        return pool.submit(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*) FROM jobs GROUP BY status");
                    ResultSet rs = ps.executeQuery()) {
                Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
                while (rs.next()) {
                    long n = rs.getLong(2);
                    JobStatus.fromWire(rs.getString(1)).ifPresent(s -> counts.merge(s, n, Long::sum));
                }
                return counts;
            }
        });
    }

    @Override
    public Uni<Void> ping() {
        return pool.submit(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT 1");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return null;
            }
        });
    }

    private <T> T inTransaction(SqlWork<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T apply(Connection c) throws SQLException;
    }
}
