package io.ainfinity.leader;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.postgresql.ds.PGSimpleDataSource;

import io.ainfinity.process.WorkerPool;
import io.ainfinity.support.TestPostgres;

/**
 * The lease on a real PostgreSQL, named by {@code AINFINITY_TEST_PG_URL}, in a schema of its own dropped afterwards.
 * Skipped, saying so, without the variable; run in the slow lane ({@code -Pslow}).
 */
@Tag("slow")
class PostgresLeaderElectionTest extends LeaderElectionContract {

    private static PGSimpleDataSource dataSource;
    private static WorkerPool pool;

    @BeforeAll
    static void migrate() {
        dataSource = TestPostgres.migratedSchema("leader election");
        pool = new WorkerPool("pg-test", 4, 64);
    }

    @AfterAll
    static void drop() throws Exception {
        if (pool == null) {
            return;
        }
        pool.close();
        TestPostgres.drop(dataSource);
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
