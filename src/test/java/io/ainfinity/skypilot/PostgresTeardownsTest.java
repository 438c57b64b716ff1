package io.ainfinity.skypilot;

import java.nio.file.Path;
import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.postgresql.ds.PGSimpleDataSource;

import io.ainfinity.support.TestPostgres;

/** The teardown rows on PostgreSQL, on a schema of their own (slow lane: needs {@code AINFINITY_TEST_PG_URL}). */
@Tag("slow")
class PostgresTeardownsTest extends TeardownsTest {

    private PGSimpleDataSource schema;

    @Override
    DataSource store(Path dir) {
        schema = TestPostgres.migratedSchema("teardowns");
        return schema;
    }

    @Override
    @AfterEach
    void close() throws Exception {
        super.close();
        if (schema != null) {
            TestPostgres.drop(schema);
        }
    }
}
