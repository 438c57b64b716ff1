package io.ainfinity.store;

import javax.sql.DataSource;

import io.ainfinity.process.WorkerPool;

/** The selected, migrated database and the bounded pool its JDBC calls run on. Shared by every store. */
public record Database(DataSource dataSource, WorkerPool pool) {}
