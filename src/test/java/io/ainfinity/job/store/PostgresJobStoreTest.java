package io.ainfinity.job.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.postgresql.ds.PGSimpleDataSource;

import io.ainfinity.job.idempotency.ReceiptStore;
import io.ainfinity.process.WorkerPool;
import io.ainfinity.support.TestPostgres;

/**
 * The store contract on a real PostgreSQL, named by {@code AINFINITY_TEST_PG_URL} (a JDBC URL). Each run migrates a
 * schema of its own and drops it afterwards. Without the variable the suite is skipped, and says so. In the slow lane
 * ({@code -Pslow}), which {@code scripts/test.sh} runs with a PostgreSQL it started.
 */
@Tag("slow")
class PostgresJobStoreTest extends JobStoreContract {

    private static PGSimpleDataSource dataSource;
    private static WorkerPool pool;
    private static JdbcJobStore store;
    private static JdbcReceipts receipts;

    @BeforeAll
    static void migrate() {
        dataSource = TestPostgres.migratedSchema("store");
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
        TestPostgres.drop(dataSource);
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
