package io.ainfinity.leader;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;

import io.smallrye.mutiny.Uni;

import io.ainfinity.process.WorkerPool;

/** The {@code replicas} table: when each replica started and was last seen, on the store's database and pool. */
public final class JdbcReplicas {

    private final DataSource dataSource;
    private final WorkerPool pool;

    public JdbcReplicas(DataSource dataSource, WorkerPool pool) {
        this.dataSource = dataSource;
        this.pool = pool;
    }

    /** Records that {@code replica}, started at {@code startedAt}, is alive at {@code now}. */
    public Uni<Void> seen(String replica, Instant startedAt, Instant now) {
        return pool.submit(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("INSERT INTO replicas (replica_id, started_at, seen_at)"
                            + " VALUES (?, ?, ?) ON CONFLICT (replica_id) DO UPDATE SET seen_at = excluded.seen_at")) {
                ps.setString(1, replica);
                ps.setLong(2, startedAt.toEpochMilli());
                ps.setLong(3, now.toEpochMilli());
                ps.executeUpdate();
                return null;
            }
        });
    }

    /** The replicas seen at or after {@code since}. */
    public Uni<Set<String>> seenSince(Instant since) {
        return pool.submit(() -> {
            Set<String> seen = new HashSet<>();
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT replica_id FROM replicas WHERE seen_at >= ?")) {
                ps.setLong(1, since.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        seen.add(rs.getString(1));
                    }
                }
            }
            return Set.copyOf(seen);
        });
    }

    /** Forgets replicas last seen before {@code before}; the answer is how many. */
    public Uni<Integer> forget(Instant before) {
        return pool.submit(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("DELETE FROM replicas WHERE seen_at < ?")) {
                ps.setLong(1, before.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }
}
