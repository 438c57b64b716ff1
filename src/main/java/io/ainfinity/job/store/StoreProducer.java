package io.ainfinity.job.store;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.ainfinity.job.idempotency.ReceiptStore;
import io.ainfinity.store.Database;

/** Builds the job and receipt stores on the database ({@link Database}). */
public class StoreProducer {

    @Produces
    @Singleton
    JobStore jobStore(Database database) {
        return new JdbcJobStore(database.dataSource(), database.pool());
    }

    @Produces
    @Singleton
    ReceiptStore receiptStore(Database database) {
        return new JdbcReceipts(database.dataSource(), database.pool());
    }
}
