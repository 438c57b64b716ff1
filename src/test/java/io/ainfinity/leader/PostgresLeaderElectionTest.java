package io.ainfinity.leader;

import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.postgresql.ds.PGSimpleDataSource;

import io.ainfinity.process.WorkerPool;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The lease on a real PostgreSQL, named by {@code AINFINITY_TEST_PG_URL}, in a schema of its own dropped afterwards.
 * Skipped, saying so, without the variable; run in the slow lane ({@code -Pslow}).
 */
@Tag("slow")
class PostgresLeaderElectionTest extends LeaderElectionContract {

    private static final Logger LOG = Logger.getLogger(PostgresLeaderElectionTest.class);
    private static final String URL = System.getenv("AINFINITY_TEST_PG_URL");

    private static PGSimpleDataSource dataSource;
    private static String schema;
    private static WorkerPool pool;

    @BeforeAll
    static void migrate() {
        if (URL == null || URL.isBlank()) {
            LOG.warn("SKIPPED PostgreSQL leader election suite: AINFINITY_TEST_PG_URL is not set");
        }
        assumeTrue(URL != null && !URL.isBlank(), "AINFINITY_TEST_PG_URL is not set: PostgreSQL suite skipped");
        schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(URL);
        dataSource.setCurrentSchema(schema);
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .locations("classpath:db/migration/common", "classpath:db/migration/postgresql")
                .load()
                .migrate();
        pool = new WorkerPool("pg-test", 4, 64);
    }

    @AfterAll
    static void drop() throws Exception {
        if (pool == null) {
            return;
        }
        pool.close();
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }

    @Override
    protected WorkerPool pool() {
        return pool;
    }
}
