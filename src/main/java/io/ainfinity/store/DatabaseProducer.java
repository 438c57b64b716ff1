package io.ainfinity.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.flyway.FlywayDataSource;
import io.quarkus.runtime.Startup;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import io.ainfinity.config.AinfinityConfig;
import io.ainfinity.process.WorkerPool;

/**
 * Opens the datasource that {@code ainfinity.store.kind} selects, migrates it, and gives every store the bounded pool
 * its JDBC calls run on. Migrations run here, after the data directory exists, because SQLite will create its file but
 * not the directory it lives in.
 */
public class DatabaseProducer {

    private static final Logger LOG = Logger.getLogger(DatabaseProducer.class);

    @Produces
    @Singleton
    @Startup
    Database database(
            AinfinityConfig config,
            @Any InjectableInstance<AgroalDataSource> dataSources,
            @Any InjectableInstance<Flyway> flyways) {
        String name = config.store().kind().name();
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create ainfinity.data-dir " + config.dataDir(), e);
        }
        flyways.select(FlywayDataSource.FlywayDataSourceLiteral.of(name)).get().migrate();
        LOG.infof("store=%s ready", name);
        AgroalDataSource dataSource =
                dataSources.select(new DataSource.DataSourceLiteral(name)).get();
        int threads = config.store().threads();
        return new Database(dataSource, new WorkerPool("store", threads, threads * 64));
    }

    void close(@Disposes Database database) {
        database.pool().close();
    }
}
