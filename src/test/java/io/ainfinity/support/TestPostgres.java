package io.ainfinity.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;
import org.postgresql.ds.PGSimpleDataSource;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The PostgreSQL that {@code AINFINITY_TEST_PG_URL} names, for the slow-lane suites: a test without it is skipped and
 * says so in the log, so a run that skipped them cannot pass for one that ran them.
 */
public final class TestPostgres {

    private static final Logger LOG = Logger.getLogger(TestPostgres.class);
    private static final String URL = System.getenv("AINFINITY_TEST_PG_URL");

    private TestPostgres() {}

    /** A data source on the server, or the calling suite skipped. */
    public static PGSimpleDataSource server(String suite) {
        if (URL == null || URL.isBlank()) {
            LOG.warnf("SKIPPED PostgreSQL %s suite: AINFINITY_TEST_PG_URL is not set", suite);
        }
        assumeTrue(URL != null && !URL.isBlank(), "AINFINITY_TEST_PG_URL is not set: PostgreSQL suite skipped");
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(URL);
        return dataSource;
    }

    /** A data source on a fresh schema of its own, migrated as the service migrates; drop it with {@link #drop}. */
    public static PGSimpleDataSource migratedSchema(String suite) {
        PGSimpleDataSource dataSource = server(suite);
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        dataSource.setCurrentSchema(schema);
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .locations("classpath:db/migration/common", "classpath:db/migration/postgresql")
                .load()
                .migrate();
        return dataSource;
    }

    public static void drop(PGSimpleDataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + dataSource.getCurrentSchema() + " CASCADE");
        }
    }
}
