package io.ainfinity.job.store;

import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.postgresql.ds.PGSimpleDataSource;

import io.ainfinity.job.idempotency.ReceiptStore;
import io.ainfinity.process.WorkerPool;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The store contract on a real PostgreSQL, named by {@code AINFINITY_TEST_PG_URL} (a JDBC URL). Each run migrates a
 * schema of its own and drops it afterwards. Without the variable the suite is skipped, and says so. In the slow lane
 * ({@code -Pslow}), which {@code scripts/test.sh} runs with a PostgreSQL it started.
 */
@Tag("slow")
class PostgresJobStoreTest extends JobStoreContract {

    private static final Logger LOG = Logger.getLogger(PostgresJobStoreTest.class);
    private static final String URL = System.getenv("AINFINITY_TEST_PG_URL");

    private static PGSimpleDataSource dataSource;
    private static String schema;
    private static WorkerPool pool;
    private static JdbcJobStore store;
    private static JdbcReceipts receipts;

    @BeforeAll
    static void migrate() {
        if (URL == null || URL.isBlank()) {
            LOG.warn("SKIPPED PostgreSQL store suite: AINFINITY_TEST_PG_URL is not set");
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
        store = new JdbcJobStore(dataSource, pool);
        receipts = new JdbcReceipts(dataSource, pool);
    }

    @AfterAll
    static void drop() throws Exception {
        if (store == null) {
            return;
        }
        pool.close();
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Override
    protected JobStore store() {
        return store;
    }

    @Override
    protected ReceiptStore receipts() {
        return receipts;
    }
}
