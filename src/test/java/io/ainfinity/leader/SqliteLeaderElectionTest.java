package io.ainfinity.leader;

import java.nio.file.Path;
import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import io.ainfinity.process.WorkerPool;
import io.ainfinity.support.SqliteFiles;

/** The lease on a SQLite file set up as the service sets up its own. */
class SqliteLeaderElectionTest extends LeaderElectionContract {

    @TempDir
    static Path dir;

    private static DataSource dataSource;
    private static WorkerPool pool;

    @BeforeAll
    static void migrate() {
        dataSource = SqliteFiles.migrated(dir.resolve("store.db"));
        pool = new WorkerPool("sqlite-test", 4, 64);
    }

    @AfterAll
    static void close() {
        pool.close();
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
