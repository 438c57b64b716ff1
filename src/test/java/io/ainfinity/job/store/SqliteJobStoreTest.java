package io.ainfinity.job.store;

import java.nio.file.Path;
import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import io.ainfinity.job.idempotency.ReceiptStore;
import io.ainfinity.process.WorkerPool;
import io.ainfinity.support.SqliteFiles;

/** The store contract on a SQLite file, configured as the service configures it (WAL, busy timeout). */
class SqliteJobStoreTest extends JobStoreContract {

    @TempDir
    static Path dir;

    private static WorkerPool pool;
    private static JdbcJobStore store;
    private static JdbcReceipts receipts;

    @BeforeAll
    static void migrate() {
        DataSource dataSource = SqliteFiles.migrated(dir.resolve("store.db"));
        pool = new WorkerPool("sqlite-test", 4, 64);
        store = new JdbcJobStore(dataSource, pool);
        receipts = new JdbcReceipts(dataSource, pool);
    }

    @AfterAll
    static void close() {
        pool.close();
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
