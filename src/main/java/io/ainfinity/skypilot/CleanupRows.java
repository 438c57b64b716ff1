package io.ainfinity.skypilot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import io.smallrye.mutiny.Uni;

import io.ainfinity.process.WorkerPool;

/**
 * The {@code sky_cleanups} table: teardowns and stray managed jobs still to be seen gone, kept in the store so that
 * a restart or a new leader picks them up where the last one left them. Each write is one statement.
 */
final class CleanupRows {

    enum Kind {
        DOWN("down"),
        CANCEL("cancel");

        final String column;

        Kind(String column) {
            this.column = column;
        }

        static Kind of(String column) {
            return column.equals(DOWN.column) ? DOWN : CANCEL;
        }
    }

    /**
     * @param attempts {@code sky down} or {@code sky jobs cancel} calls finished so far
     * @param actedAt when the last of them finished; null while none has
     * @param watchUntil a managed job not listed by a queue read started after this is taken for never submitted
     */
    record Row(Kind kind, String name, String job, int attempts, Instant actedAt, Instant watchUntil) {}

    private static final String UPSERT =
            "INSERT INTO sky_cleanups (kind, name, job_name, attempts, acted_at, watch_until)"
                    + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, name) DO UPDATE SET job_name = excluded.job_name,"
                    + " attempts = excluded.attempts, acted_at = excluded.acted_at, watch_until = excluded.watch_until";
    private static final String INSERT_NEW = "INSERT INTO sky_cleanups (kind, name, job_name, attempts, acted_at,"
            + " watch_until) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, name) DO NOTHING";

    private final DataSource dataSource;
    private final WorkerPool pool;

    CleanupRows(DataSource dataSource, WorkerPool pool) {
        this.dataSource = dataSource;
        this.pool = pool;
    }

    /** Writes the row, replacing any of the same kind and name. */
    Uni<Void> put(Row row) {
        return write(UPSERT, row);
    }

    /** Writes the row unless one of the same kind and name exists. */
    Uni<Void> putIfAbsent(Row row) {
        return write(INSERT_NEW, row);
    }

    /** Counts one more finished attempt at {@code at}; nothing when the row is gone meanwhile. */
    Uni<Void> attempted(Kind kind, String name, Instant at) {
        return update(
                "UPDATE sky_cleanups SET attempts = attempts + 1, acted_at = ? WHERE kind = ? AND name = ?",
                at.toEpochMilli(),
                kind,
                name);
    }

    /** Removes the row only as it was read ({@code attempts} unchanged), so a fresh teardown written meanwhile stays. */
    Uni<Void> remove(Row row) {
        return update(
                "DELETE FROM sky_cleanups WHERE attempts = ? AND kind = ? AND name = ?",
                row.attempts(),
                row.kind(),
                row.name());
    }

    /** Removes the row whatever it holds. */
    Uni<Void> forget(Kind kind, String name) {
        return pool.submit(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("DELETE FROM sky_cleanups WHERE kind = ? AND name = ?")) {
                ps.setString(1, kind.column);
                ps.setString(2, name);
                ps.executeUpdate();
                return null;
            }
        });
    }

    Uni<Boolean> exists(Kind kind, String name) {
        return pool.submit(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps =
                            c.prepareStatement("SELECT 1 FROM sky_cleanups WHERE kind = ? AND name = ?")) {
                ps.setString(1, kind.column);
                ps.setString(2, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    Uni<List<Row>> all() {
        return pool.submit(() -> {
            List<Row> rows = new ArrayList<>();
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT kind, name, job_name, attempts, acted_at,"
                            + " watch_until FROM sky_cleanups ORDER BY kind, name");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(
                            Kind.of(rs.getString(1)),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getInt(4),
                            instant(rs, 5),
                            instant(rs, 6)));
                }
            }
            return rows;
        });
    }

    private Uni<Void> write(String sql, Row row) {
        return pool.submit(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, row.kind().column);
                ps.setString(2, row.name());
                ps.setString(3, row.job());
                ps.setInt(4, row.attempts());
                millis(ps, 5, row.actedAt());
                millis(ps, 6, row.watchUntil());
                ps.executeUpdate();
                return null;
            }
        });
    }

    private Uni<Void> update(String sql, long first, Kind kind, String name) {
        return pool.submit(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, first);
                ps.setString(2, kind.column);
                ps.setString(3, name);
                ps.executeUpdate();
                return null;
            }
        });
    }

    private static void millis(PreparedStatement ps, int index, Instant at) throws SQLException {
        if (at == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, at.toEpochMilli());
        }
    }

    private static Instant instant(ResultSet rs, int index) throws SQLException {
        long millis = rs.getLong(index);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
