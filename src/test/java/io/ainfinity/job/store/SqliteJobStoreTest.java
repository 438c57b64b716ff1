package io.ainfinity.job.store;

import java.nio.file.Path;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import io.ainfinity.job.idempotency.ReceiptStore;
import io.ainfinity.process.WorkerPool;

/** The store contract on a SQLite file, configured as the service configures it (WAL, busy timeout). */
class SqliteJobStoreTest extends JobStoreContract {

    @TempDir
    static Path dir;

    private static WorkerPool pool;
    private static JdbcJobStore store;
    private static JdbcReceipts receipts;

    @BeforeAll
    static void migrate() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(10_000);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + dir.resolve("store.db"));
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/sqlite")
                .load()
                .migrate();
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
