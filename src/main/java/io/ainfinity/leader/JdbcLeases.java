package io.ainfinity.leader;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;

import io.smallrye.mutiny.Uni;

import io.ainfinity.process.WorkerPool;

/**
 * Leases in the {@code leadership} table, on the store's database and pool. The claim is one conditional UPDATE, so
 * two replicas claiming at once cannot both win: SQLite runs writes one at a time, and PostgreSQL re-checks the
 * condition of the second UPDATE against the row the first one wrote.
 */
public final class JdbcLeases implements LeaseStore {

    // SET reads the row as it was before the UPDATE, so the CASE sees the previous holder and fence.
    private static final String CLAIM = "UPDATE leadership SET"
            + " fence = CASE WHEN holder = ? AND fence = ? THEN fence ELSE fence + 1 END,"
            + " holder = ?, expires_at = ?"
            + " WHERE name = ? AND ((holder = ? AND fence = ?) OR holder IS NULL OR expires_at <= ?)"
            + " RETURNING holder, fence, expires_at";

    private final DataSource dataSource;
    private final WorkerPool pool;

    public JdbcLeases(DataSource dataSource, WorkerPool pool) {
        this.dataSource = dataSource;
        this.pool = pool;
    }

    @Override
    public Uni<Claim> claim(String name, String holder, long fence, Instant now, Instant until) {
        return pool.submit(() -> {
            try (Connection c = dataSource.getConnection()) {
                try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
                    ps.setString(1, holder);
                    ps.setLong(2, fence);
                    ps.setString(3, holder);
                    ps.setLong(4, until.toEpochMilli());
                    ps.setString(5, name);
                    ps.setString(6, holder);
                    ps.setLong(7, fence);
                    ps.setLong(8, now.toEpochMilli());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return new Claim(true, lease(name, rs));
                        }
                    }
                }
                return new Claim(false, current(c, name));
            }
        });
    }

    @Override
    public Uni<Boolean> release(String name, String holder, long fence) {
        return pool.submit(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("UPDATE leadership SET holder = NULL, expires_at = 0"
                            + " WHERE name = ? AND holder = ? AND fence = ?")) {
                ps.setString(1, name);
                ps.setString(2, holder);
                ps.setLong(3, fence);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private static Lease current(Connection c, String name) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT holder, fence, expires_at FROM leadership WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no lease named '%s' in the leadership table".formatted(name));
                }
                return lease(name, rs);
            }
        }
    }

    private static Lease lease(String name, ResultSet rs) throws SQLException {
        return new Lease(name, rs.getString(1), rs.getLong(2), Instant.ofEpochMilli(rs.getLong(3)));
    }
}
