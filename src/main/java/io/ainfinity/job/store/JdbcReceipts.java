package io.ainfinity.job.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

import io.smallrye.mutiny.Uni;

import io.ainfinity.job.idempotency.IdempotencyKeyTakenException;
import io.ainfinity.job.idempotency.LaunchReceipt;
import io.ainfinity.job.idempotency.ReceiptStore;
import io.ainfinity.process.WorkerPool;

/** Receipts in the {@code launch_receipts} table, on the jobs' database and pool. */
public final class JdbcReceipts implements ReceiptStore {

    private final DataSource dataSource;
    private final WorkerPool pool;

    public JdbcReceipts(DataSource dataSource, WorkerPool pool) {
        this.dataSource = dataSource;
        this.pool = pool;
    }

    /**
     * Writes {@code receipt} on the job insert's connection, inside its transaction. An expired receipt under the
     * same key is replaced; a live one makes the primary key refuse the row, and the launch is then a retry.
     *
     * @throws IdempotencyKeyTakenException when a live receipt holds the key
     */
    static void write(Connection c, LaunchReceipt receipt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM launch_receipts WHERE owner = ? AND idempotency_key = ? AND created_at < ?")) {
            ps.setString(1, receipt.owner());
            ps.setString(2, receipt.key());
            ps.setLong(3, LaunchReceipt.expiredBefore(receipt.createdAt()).toEpochMilli());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO launch_receipts (owner, idempotency_key,"
                + " request_hash, job_name, response_json, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, receipt.owner());
            ps.setString(2, receipt.key());
            ps.setString(3, receipt.requestHash());
            ps.setString(4, receipt.jobName());
            ps.setString(5, receipt.responseJson());
            ps.setLong(6, receipt.createdAt().toEpochMilli());
            ps.executeUpdate();
        } catch (SQLException e) {
            if (SqlErrors.isUniqueViolation(e)) {
                throw new IdempotencyKeyTakenException(receipt.key());
            }
            throw e;
        }
    }

    /** Drops the receipts of a job being deleted, on the delete's connection. */
    static void forget(Connection c, String jobName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM launch_receipts WHERE job_name = ?")) {
            ps.setString(1, jobName);
            ps.executeUpdate();
        }
    }

    @Override
    public Uni<Optional<LaunchReceipt>> find(String owner, String key, Instant notBefore) {
        return pool.submit(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT request_hash, job_name, response_json,"
                            + " created_at FROM launch_receipts"
                            + " WHERE owner = ? AND idempotency_key = ? AND created_at >= ?")) {
                ps.setString(1, owner);
                ps.setString(2, key);
                ps.setLong(3, notBefore.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new LaunchReceipt(
                            owner,
                            key,
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            Instant.ofEpochMilli(rs.getLong(4))));
                }
            }
        });
    }

    @Override
    public Uni<Integer> purge(Instant before) {
        return pool.submit(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("DELETE FROM launch_receipts WHERE created_at < ?")) {
                ps.setLong(1, before.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }
}
