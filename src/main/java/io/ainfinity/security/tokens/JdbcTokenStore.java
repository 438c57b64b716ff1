package io.ainfinity.security.tokens;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

import io.smallrye.mutiny.Uni;

import io.ainfinity.process.WorkerPool;

/** The JDBC token store, on the same database and pool as the jobs. */
public final class JdbcTokenStore implements TokenStore {

    private static final String COLUMNS = "id, name, subject, roles, created_by, created_at, expires_at, revoked_at";

    private final DataSource dataSource;
    private final WorkerPool pool;

    public JdbcTokenStore(DataSource dataSource, WorkerPool pool) {
        this.dataSource = dataSource;
        this.pool = pool;
    }

    @Override
    public Uni<Void> insert(ServiceToken t) {
        return pool.submit(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO service_tokens (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, t.id());
                ps.setString(2, t.name());
                ps.setString(3, t.subject());
                ps.setString(4, String.join(",", t.roles()));
                ps.setString(5, t.createdBy());
                ps.setLong(6, t.createdAt().toEpochMilli());
                ps.setLong(7, t.expiresAt().toEpochMilli());
                ps.setNull(8, Types.BIGINT);
                ps.executeUpdate();
                return null;
            }
        });
    }

    @Override
    public Uni<List<ServiceToken>> list() {
        return pool.submit(() -> query("SELECT " + COLUMNS + " FROM service_tokens ORDER BY created_at DESC", null));
    }

    @Override
    public Uni<Optional<ServiceToken>> find(String id) {
        return pool.submit(() -> query("SELECT " + COLUMNS + " FROM service_tokens WHERE id = ?", id).stream()
                .findFirst());
    }

    @Override
    public Uni<Boolean> revoke(String id, Instant at) {
        return pool.submit(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement(
                            "UPDATE service_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?")) {
                ps.setLong(1, at.toEpochMilli());
                ps.setString(2, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public Uni<Set<String>> revokedIds(Instant now) {
        return pool.submit(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement(
                            "SELECT id FROM service_tokens WHERE revoked_at IS NOT NULL AND expires_at > ?")) {
                ps.setLong(1, now.toEpochMilli());
                Set<String> ids = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                return ids;
            }
        });
    }

    private List<ServiceToken> query(String sql, String param) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            if (param != null) {
                ps.setString(1, param);
            }
            List<ServiceToken> tokens = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long revoked = rs.getLong("revoked_at");
                    Instant revokedAt = rs.wasNull() ? null : Instant.ofEpochMilli(revoked);
                    tokens.add(new ServiceToken(
                            rs.getString("id"),
                            rs.getString("name"),
                            rs.getString("subject"),
                            Arrays.asList(rs.getString("roles").split(",")),
                            rs.getString("created_by"),
                            Instant.ofEpochMilli(rs.getLong("created_at")),
                            Instant.ofEpochMilli(rs.getLong("expires_at")),
                            revokedAt));
                }
            }
            return tokens;
        }
    }
}
