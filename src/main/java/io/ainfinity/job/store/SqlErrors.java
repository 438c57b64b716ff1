package io.ainfinity.job.store;

import java.sql.SQLException;

/** What a driver's exception means, told the same way for SQLite and PostgreSQL. */
final class SqlErrors {

    private SqlErrors() {}

    static boolean isUniqueViolation(SQLException e) {
        // PostgreSQL reports SQLState 23505; the SQLite driver only says so in its message.
        String message = String.valueOf(e.getMessage());
        return "23505".equals(e.getSQLState()) || message.contains("UNIQUE constraint failed");
    }
}
